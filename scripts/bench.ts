/**
 * `npm run bench`: answer submissions against the production server, on 127.0.0.1 only.
 * Builds if needed, prints the first-load JavaScript of every page from the build output, serves a fresh
 * database with the demo course plus a bench assignment (unlimited attempts), signs in 50 students through
 * Auth.js, then, for 10 and for 50 connections, drives POST /api/items/:id/attempts with autocannon (one
 * student per connection, a fresh idempotency key per request) and, in the same run, a trivial zod-validated
 * POST /api/health as the baseline. Each route runs twice for half the phase, in the order trivial, submission,
 * submission, trivial, so that a drift of the machine's speed (a shared host) weighs on both alike. Prints req/s
 * (requests ÷ seconds over both halves), p50/p99 latency (of every response of both halves), errors, the ratios and
 * the targets (submissions/s ≥ 0.6 × trivial, p99 ≤ 2 × trivial p99, no errors).
 * - Store: SQLite (a fresh file under data/) by default; PostgreSQL when BENCH_DATABASE_URL=postgresql://…
 *   is set (a fresh schema in that database, dropped afterwards).
 * - BENCH_SECONDS (default 10) sets each route's time per level; BENCH_CONNECTIONS (default "10,50") the levels.
 * - Then the exam-start spike (scripts/bench-exam.ts): BENCH_EXAM_STUDENTS (200) students start an exam, save
 *   drafts and submit in one window; BENCH_EXAM=0 skips it.
 * - BENCH_PROF=<dir> writes a V8 CPU profile of the server (node --cpu-prof) into <dir> when it stops.
 * - BENCH_KEEP=1 keeps the store (the SQLite file or the PostgreSQL schema) afterwards, to inspect it; its URL is printed.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { createDb, isPostgresUrl } from '@/lib/db'
import { DEMO_JOIN_CODE, seedDemo } from '@/lib/server/demo'
import { hashPassword } from '@/lib/server/users'
// @ts-expect-error: plain ESM script without type declarations
import { buildIfNeeded } from './build-if-needed.mjs'
import { SERVER_NODE_FLAGS } from './server-flags.mjs'
import { examSpikePhase } from './bench-exam'
import { firstLoadJs } from './first-load'

const root = path.resolve(import.meta.dirname, '..')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const LEVELS = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number).filter((n) => n > 0)
const STUDENTS = Math.max(...LEVELS)
const PG_URL = process.env.BENCH_DATABASE_URL
/** autocannon's per-request timeout (its default, 10 s, counts slow answers on an overloaded machine as errors). */
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 30)
const PASSWORD = 'bench-password-1'

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
}

/** Signs in through Auth.js's credentials callback; returns the session cookie header. */
async function signIn(base: string, email: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`)
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string }
  // Keep the last value of each cookie name (a response may set one twice).
  const jar = new Map(csrfRes.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]))
  const csrfCookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ email, password: PASSWORD, csrfToken, callbackUrl: '/dashboard' }),
  })
  const session = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='))
  if (!session) throw new Error(`sign-in failed for ${email} (status ${res.status}, location ${res.headers.get("location")})`)
  return session.split(';')[0]
}

/**
 * CPU seconds (user + system) used so far by a process and its descendants, from /proc (Linux). On a shared,
 * overloaded machine req/s mostly measures the other tenants; the server's CPU time per request does not.
 */
function cpuSeconds(pid: number): number {
  const tick = 100 // USER_HZ on Linux
  const one = (p: number): number => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      let total = (Number(f[11]) + Number(f[12])) / tick
      for (const task of fs.readdirSync(`/proc/${p}/task`)) {
        for (const c of fs.readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) total += one(Number(c))
      }
      return total
    } catch {
      return 0
    }
  }
  return one(pid)
}

/**
 * CPU seconds used so far by the local PostgreSQL server's processes (postmaster, backends, WAL writer…), which
 * share the machine's cores with the app; null when the store is not a PostgreSQL server on this machine.
 */
function databaseCpuSeconds(): number | null {
  if (!PG_URL || !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(PG_URL).hostname)) return null
  let total = 0
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      total += (Number(f[11]) + Number(f[12])) / 100
    } catch {}
  }
  return total
}

/** Transactions committed so far in the PostgreSQL database (pg_stat_database; updated by the server within a second). */
async function committedTransactions(): Promise<number | null> {
  if (!PG_URL) return null
  const c = new pg.Client({ connectionString: PG_URL })
  await c.connect()
  try {
    await c.query('SELECT pg_stat_clear_snapshot()')
    const { rows } = await c.query('SELECT xact_commit::float8 AS n FROM pg_stat_database WHERE datname = current_database()')
    return Number(rows[0].n)
  } finally {
    await c.end()
  }
}

/** What one route did in a level's phases: counts, rate, every response's latency, CPU and database work. */
interface Measured {
  requests: number
  seconds: number
  errors: number
  non2xx: number
  /** Milliseconds, one per completed response on a connection that had already been answered once. */
  latencies: number[]
  /** Milliseconds, the first response on each connection (see run). */
  firstLatencies: number[]
  cpuMs: number
  dbCpuMs: number | null
  dbTransactions: number | null
}

/**
 * Runs a phase and records the server's (and a local database server's) CPU time and, on PostgreSQL, the database
 * transactions (the submission's statements go in groups under load).
 */
async function measured(pid: number, phase: (latencies: Latencies) => Promise<autocannon.Result>): Promise<Measured> {
  const latencies: Latencies = { established: [], first: [] }
  const before = cpuSeconds(pid)
  const dbBefore = databaseCpuSeconds()
  const txBefore = await committedTransactions()
  const r = await phase(latencies)
  const dbAfter = databaseCpuSeconds()
  const after = cpuSeconds(pid)
  // The statistics collector reports committed transactions with a delay of up to a second.
  await new Promise((res) => setTimeout(res, PG_URL ? 1500 : 0))
  const txAfter = await committedTransactions()
  return {
    requests: r.requests.total,
    seconds: r.duration,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    latencies: latencies.established,
    firstLatencies: latencies.first,
    cpuMs: (after - before) * 1000,
    dbCpuMs: dbBefore === null || dbAfter === null ? null : (dbAfter - dbBefore) * 1000,
    dbTransactions: txBefore === null || txAfter === null ? null : txAfter - txBefore,
  }
}

/** Two phases of one route as one. */
function both(a: Measured, b: Measured): Measured {
  const add = (x: number | null, y: number | null) => (x === null || y === null ? null : x + y)
  return {
    requests: a.requests + b.requests,
    seconds: a.seconds + b.seconds,
    errors: a.errors + b.errors,
    non2xx: a.non2xx + b.non2xx,
    latencies: a.latencies.concat(b.latencies),
    firstLatencies: a.firstLatencies.concat(b.firstLatencies),
    cpuMs: a.cpuMs + b.cpuMs,
    dbCpuMs: add(a.dbCpuMs, b.dbCpuMs),
    dbTransactions: add(a.dbTransactions, b.dbTransactions),
  }
}

const rate = (m: Measured) => m.requests / Math.max(1e-9, m.seconds)
/** The latency (ms) below which a share q of the responses came back. */
function percentile(m: Measured, q: number, of: number[] = m.latencies): number {
  const sorted = [...of].sort((x, y) => x - y)
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
}
const perRequest = (v: number | null, m: Measured) => (v === null ? null : v / Math.max(1, m.requests))

/**
 * Response latencies (ms) of a run, apart: the first response on each connection, and all later ones. autocannon
 * opens every connection at once; a Node.js server that is already busy accepts one new connection per turn of its
 * event loop (strace shows one accept4 per turn, tens of ms apart), so the last of 50 connections waits for its first
 * answer about as many turns, 1 to 2.5 s, on any route, the app's or a bare http.createServer alike. Those few
 * responses (1 % of a 5 s half) decide a p99 by chance, so the percentiles are of the established connections, and
 * the first responses are reported on their own line.
 */
interface Latencies {
  established: number[]
  first: number[]
}

/** One autocannon run; when `latencies` is given, every response's latency is added to it. */
function run(opts: autocannon.Options, latencies?: Latencies): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const inst = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)))
    const answered = new WeakSet<object>()
    if (latencies)
      inst.on('response', (client: object, _status: number, _bytes: number, ms: number) => {
        if (answered.has(client)) latencies.established.push(ms)
        else {
          answered.add(client)
          latencies.first.push(ms)
        }
      })
    autocannon.track(inst, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false })
  })
}

const line = (name: string, m: Measured) =>
  `${name.padEnd(22)} ${rate(m).toFixed(0).padStart(7)} req/s   p50 ${percentile(m, 0.5).toFixed(0).padStart(4)} ms   p99 ${percentile(m, 0.99).toFixed(0).padStart(4)} ms   ` +
  `requests ${m.requests}   errors ${m.errors}   non-2xx ${m.non2xx}\n` +
  `${''.padEnd(22)} first response on each of its ${m.firstLatencies.length} new connections: p50 ${percentile(m, 0.5, m.firstLatencies).toFixed(0)} ms, ` +
  `max ${Math.max(...m.firstLatencies).toFixed(0)} ms (not in p50/p99); p99 of all responses ${percentile(m, 0.99, m.latencies.concat(m.firstLatencies)).toFixed(0)} ms`

/** First-load JS (gzipped) of every page, grouped by what the pages share. */
function printFirstLoad() {
  const pages = firstLoadJs(path.join(root, '.next'))
  console.log('\n[bench] first-load JavaScript per page (gzipped, from .next/ build manifests)\n')
  for (const p of pages) console.log(`${(p.gzipBytes / 1024).toFixed(1).padStart(7)} KB  ${p.route}`)
  const q = pages.find((p) => p.route === '/items/[itemId]')
  if (q) console.log(`\nquestion page: ${(q.gzipBytes / 1024).toFixed(1)} KB (target < 150 KB): ${q.gzipBytes < 150 * 1024 ? 'MET' : 'NOT MET'}`)
}

/** A fresh store: a SQLite file, or a new schema in BENCH_DATABASE_URL. */
async function freshStore(tag: string): Promise<{ url: string; label: string; drop(): Promise<void> }> {
  if (PG_URL) {
    if (!isPostgresUrl(PG_URL)) throw new Error('BENCH_DATABASE_URL must be a postgresql:// URL')
    const schema = `bench_${tag}`
    const u = new URL(PG_URL)
    u.searchParams.set('schema', schema)
    return {
      url: u.toString(),
      label: `PostgreSQL (${new URL(PG_URL).host}, schema ${schema})`,
      async drop() {
        const c = new pg.Client({ connectionString: PG_URL })
        await c.connect()
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
        await c.end()
      },
    }
  }
  const file = path.join(root, 'data', `bench-${tag}.db`)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  return {
    url: `file:${file}`,
    label: 'SQLite (WAL, synchronous=FULL)',
    async drop() {
      for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true })
    },
  }
}

async function main() {
  buildIfNeeded({ log: (s: string) => console.log(`[bench] ${s}`) })
  printFirstLoad()
  const tag = randomBytes(4).toString('hex')
  const store = await freshStore(tag)
  const url = store.url
  // The per-user submission limit stays on (its counter is updated on every submission, as in production),
  // raised far above what 10 s of one connection can send, so the phase measures the cost and never a 429.
  const env = { ...process.env, DATABASE_URL: url, AUTH_SECRET: `bench-${tag}`, NEXT_TELEMETRY_DISABLED: '1', RATE_LIMIT_SUBMIT_PER_MINUTE: '1000000000' }
  execFileSync('node', ['scripts/migrate.mjs', 'deploy'], { cwd: root, env, stdio: 'pipe' })

  // Demo course plus a bench assignment with unlimited attempts and one student per connection.
  const db = createDb(url)
  await seedDemo(db)
  const course = await db.course.findUniqueOrThrow({ where: { joinCode: DEMO_JOIN_CODE } })
  const passwordHash = await hashPassword(PASSWORD)
  const a = await db.assignment.create({
    data: { courseId: course.id, title: 'Bench', maxAttempts: 1_000_000, items: { create: [{ templateId: 'lasso-1d-lambda-star', points: 1, position: 1 }] } },
    include: { items: true },
  })
  const itemId = a.items[0].id
  const emails = Array.from({ length: STUDENTS }, (_, i) => `bench${i}@lassolab.test`)
  for (const email of emails) {
    const u = await db.user.create({ data: { email, name: email, passwordHash } })
    await db.enrollment.create({ data: { userId: u.id, courseId: course.id, role: 'STUDENT' } })
  }
  await db.$disconnect()

  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const server: ChildProcess = spawn('node', [...SERVER_NODE_FLAGS, ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROF] : []), path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: root, env, stdio: 'ignore' })
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break
      } catch {}
      if (i > 300) throw new Error('server did not start')
      await new Promise((r) => setTimeout(r, 200))
    }
    // Each student's session and variant.
    const students: { cookie: string; variantId: string }[] = []
    for (const email of emails) {
      const cookie = await signIn(base, email)
      const r = await fetch(`${base}/api/items/${itemId}`, { headers: { cookie } })
      if (!r.ok) throw new Error(`open item failed: ${r.status} ${await r.text()}`)
      const { variantId } = (await r.json()) as { variantId: string }
      students.push({ cookie, variantId })
    }
    // Warm both routes.
    await run({ url: `${base}/api/health`, method: 'POST', body: JSON.stringify({ ping: 'x' }), headers: { 'content-type': 'application/json' }, connections: 2, duration: 2 })
    await submissions(base, itemId, students.slice(0, 2), 2)

    const load = os.loadavg().map((l) => l.toFixed(1)).join(' ')
    console.log(`\n[bench] ${store.label}, ${SECONDS} s per phase, 127.0.0.1, ${os.cpus().length} cores, load average before: ${load}`)
    let met = true
    for (const connections of LEVELS) {
      const pid = server.pid ?? 0
      const trivial = (seconds: number) => (latencies: Latencies) =>
        run(
          {
            url: `${base}/api/health`,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ping: 'hello' }),
            connections,
            duration: seconds,
            timeout: TIMEOUT_S,
          },
          latencies,
        )
      const submitting = (seconds: number) => (latencies: Latencies) => submissions(base, itemId, students.slice(0, connections), seconds, latencies)
      // Each route runs twice for half the time, in the order trivial, submission, submission, trivial: a change of
      // the machine's speed during the run (other tenants) then weighs on both routes alike.
      const half = SECONDS / 2
      const t1 = await measured(pid, trivial(half))
      const s1 = await measured(pid, submitting(half))
      const s2 = await measured(pid, submitting(half))
      const t2 = await measured(pid, trivial(half))
      const baseline = both(t1, t2)
      const submit = both(s1, s2)
      const ratio = rate(submit) / rate(baseline)
      const p99 = percentile(submit, 0.99) / Math.max(1, percentile(baseline, 0.99))
      const ok = ratio >= 0.6 && p99 <= 2 && submit.errors === 0 && submit.non2xx === 0 && baseline.errors === 0
      met &&= ok
      console.log(`\n${connections} connections`)
      console.log(line('POST /api/health', baseline))
      console.log(line('submit an answer', submit))
      console.log(`submissions/s ÷ trivial POST/s = ${ratio.toFixed(3)} (target ≥ 0.6)   p99 ratio = ${p99.toFixed(2)} (target ≤ 2)   ${ok ? 'MET' : 'NOT MET'}`)
      const cpuTrivial = perRequest(baseline.cpuMs, baseline) ?? 0
      const cpuSubmit = perRequest(submit.cpuMs, submit) ?? 0
      console.log(
        `server CPU per request: trivial ${cpuTrivial.toFixed(2)} ms, submission ${cpuSubmit.toFixed(2)} ms ` +
          `(trivial ÷ submission = ${(cpuTrivial / Math.max(1e-9, cpuSubmit)).toFixed(3)}: the throughput ratio a CPU-bound server would reach)`,
      )
      const dbCpu = perRequest(submit.dbCpuMs, submit)
      if (dbCpu !== null) console.log(`database server CPU per submission: ${dbCpu.toFixed(2)} ms (local PostgreSQL processes, on the same cores)`)
      const dbTx = perRequest(submit.dbTransactions, submit)
      if (dbTx !== null) console.log(`database transactions per submission: ${dbTx.toFixed(2)} (2 when each submission's read and write go alone)`)
    }
    console.log(`\n[bench] load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${met ? 'targets MET at every level' : 'targets NOT MET at one level or more'}`)
    if (process.env.BENCH_EXAM !== '0') await examSpikePhase({ base, databaseUrl: url, courseId: course.id, passwordHash, signIn, run })
  } finally {
    server.kill('SIGTERM')
    if (server.exitCode === null) await new Promise((r) => server.once('exit', r))
    if (process.env.BENCH_KEEP === '1') console.log(`[bench] kept the store: ${url}`)
    else await store.drop()
  }
}

/** autocannon on the submission route: one student per connection, a fresh idempotency key per request. */
function submissions(base: string, itemId: string, students: { cookie: string; variantId: string }[], seconds: number, latencies?: Latencies) {
  let next = 0
  return run({
    url: `${base}/api/items/${itemId}/attempts`,
    connections: students.length,
    duration: seconds,
    timeout: TIMEOUT_S,
    setupClient: (client) => {
      const s = students[next++ % students.length]
      client.setHeaders({ 'content-type': 'application/json', cookie: s.cookie })
      // autocannon keeps a context per connection, re-cloned from initialContext before each request.
      const it = (client as unknown as { requestIterator: { initialContext: object; resetContext(): void; rebuildRequest(): void } }).requestIterator
      it.initialContext = { variantId: s.variantId }
      it.resetContext()
      it.rebuildRequest()
    },
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const variantId = (context as { variantId?: string }).variantId
          return { ...req, body: JSON.stringify({ variantId: variantId ?? '', idempotencyKey: randomUUID(), answers: { lambdaStar: '12/7' } }) }
        },
      },
    ],
    initialContext: {},
  } as autocannon.Options, latencies)
}

await main()
