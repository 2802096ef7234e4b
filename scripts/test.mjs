#!/usr/bin/env node
// `npm test`: lint, typecheck, unit, integration on SQLite, integration on PostgreSQL, end to end in Chromium.
// PostgreSQL (TEST_DATABASE_URL, default postgresql://127.0.0.1:5432/test) or Chromium (CHROMIUM_PATH, default
// /usr/bin/chromium) missing: outside CI that suite is skipped with a loud line saying how to enable it;
// with CI=true a missing one fails the run. The last line is "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { stripVTControlCharacters } from 'node:util'

const root = path.resolve(import.meta.dirname, '..')
process.chdir(root)
const CI = process.env.CI === 'true' || process.env.CI === '1'
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' }
env.TEST_DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/test'
env.CHROMIUM_PATH ??= '/usr/bin/chromium'
const bin = (n) => path.join(root, 'node_modules/.bin', n)
const only = process.argv.slice(2) // e.g. `npm test -- unit integration-sqlite`

if (!fs.existsSync(path.join(root, 'node_modules/.package-lock.json'))) {
  console.log('[test] Installing dependencies with `npm ci`…')
  if (spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', env }).status !== 0) process.exit(1)
}
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true })

const totals = { passed: 0, failed: 0, skipped: 0 }
const summary = []
/** One line per failed test (suite, file, name, first line of the error), printed again just above the summary. */
const failures = []
let failedSteps = 0

function loud(msg) {
  const bar = '!'.repeat(Math.min(100, msg.length + 8))
  console.log(`\n${bar}\n!!! ${msg}\n${bar}\n`)
}

function step(name, cmd, args, extraEnv = {}) {
  if (only.length && !only.includes(name)) return
  console.log(`\n\x1b[1m=== ${name}: ${[path.basename(cmd), ...args].join(' ')}\x1b[0m`)
  const t0 = Date.now()
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } })
  const ok = r.status === 0
  if (!ok) failedSteps++
  summary.push(`${ok ? 'PASS' : 'FAIL'}  ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  return ok
}

/** A vitest run whose test counts go into the totals (read from its JSON report). */
function vitestStep(name, project, extraEnv = {}) {
  if (only.length && !only.includes(name)) return
  const report = path.join(root, 'test-results', `vitest-${name}.json`)
  fs.rmSync(report, { force: true })
  const ok = step(name, bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], extraEnv)
  if (fs.existsSync(report)) {
    const j = JSON.parse(fs.readFileSync(report, 'utf8'))
    totals.passed += j.numPassedTests
    totals.failed += j.numFailedTests
    totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0)
    for (const file of j.testResults ?? []) {
      const rel = path.relative(root, file.name)
      const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed')
      // A file that failed before its tests ran (an import or a hook) has no failed test of its own.
      if (failed.length === 0 && file.status === 'failed') failures.push(`${name} ${rel}: ${firstLine(file.message)}`)
      for (const a of failed) failures.push(`${name} ${rel} > ${a.title}: ${firstLine(a.failureMessages?.[0])}`)
    }
    if (j.numTotalTests === 0) {
      failedSteps++
      summary.push(`FAIL  ${name}: ran no test`)
    }
  } else if (!ok) totals.failed += 1
}

/** The first meaningful line of an error message, without colours, cut to a readable length. */
function firstLine(text) {
  const plain = stripVTControlCharacters(String(text ?? ''))
  const line = plain.split('\n').map((l) => l.trim()).find(Boolean) ?? '(no message)'
  return line.length > 240 ? `${line.slice(0, 240)}…` : line
}

function skipSuite(name, why, how) {
  if (only.length && !only.includes(name)) return
  if (CI) {
    loud(`${name} CANNOT RUN in CI: ${why}. ${how}`)
    failedSteps++
    totals.failed += 1
    summary.push(`FAIL  ${name}: ${why}`)
  } else {
    loud(`SKIPPED ${name}: ${why}. To enable it: ${how}`)
    summary.push(`SKIP  ${name}: ${why}`)
  }
}

async function postgresReachable(url) {
  const pg = await import('pg')
  const c = new pg.default.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await c.connect()
    await c.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await c.end().catch(() => {})
  }
}

step('lint', bin('biome'), ['lint', '.'])
step('typecheck', bin('tsc'), ['--noEmit', '-p', '.'])
vitestStep('unit', 'unit')
vitestStep('integration-sqlite', 'integration', { TEST_BACKEND: 'sqlite' })
if (!only.length || only.includes('integration-postgres')) {
  if (await postgresReachable(env.TEST_DATABASE_URL)) vitestStep('integration-postgres', 'integration', { TEST_BACKEND: 'postgres' })
  else
    skipSuite(
      'integration-postgres',
      `PostgreSQL is not reachable at ${env.TEST_DATABASE_URL}`,
      "start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set TEST_DATABASE_URL",
    )
}
if (!only.length || only.includes('e2e')) {
  if (fs.existsSync(env.CHROMIUM_PATH)) vitestStep('e2e', 'e2e')
  else skipSuite('e2e', `Chromium not found at ${env.CHROMIUM_PATH}`, 'apt-get install -y chromium, or set CHROMIUM_PATH')
}

if (failures.length) {
  console.log('\n\x1b[1m=== Failed tests\x1b[0m')
  for (const f of failures.slice(0, 30)) console.log(f)
  if (failures.length > 30) console.log(`… and ${failures.length - 30} more (test-results/vitest-*.json)`)
}
console.log('\n\x1b[1m=== Summary\x1b[0m')
for (const s of summary) console.log(s)
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(failedSteps > 0 ? 1 : 0)
