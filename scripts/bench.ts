/**
 * `npm run bench`: answer submissions against the production server on SQLite, on 127.0.0.1 only.
 * Builds if needed, serves a fresh database with the demo course plus a bench assignment (unlimited attempts),
 * signs in 10 students through Auth.js, then drives POST /api/items/:id/attempts with autocannon
 * (10 connections, one student each, a fresh idempotency key per request) and, in the same run, a trivial
 * zod-validated POST /api/health as the baseline. Prints req/s, p50/p99 latency, errors and the ratio.
 * BENCH_SECONDS (default 10) sets each phase's length.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import autocannon from 'autocannon'
import { createDb } from '@/lib/db'
import { DEMO_JOIN_CODE, seedDemo } from '@/lib/server/demo'
import { hashPassword } from '@/lib/server/users'
// @ts-expect-error: plain ESM script without type declarations
import { buildIfNeeded } from './build-if-needed.mjs'

const root = path.resolve(import.meta.dirname, '..')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 10
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

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const inst = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)))
    autocannon.track(inst, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false })
  })
}

const line = (name: string, r: autocannon.Result) =>
  `${name.padEnd(22)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   ` +
  `requests ${r.requests.total}   errors ${r.errors}   non-2xx ${r.non2xx}`

async function main() {
  buildIfNeeded({ log: (s: string) => console.log(`[bench] ${s}`) })
  const tag = randomBytes(4).toString('hex')
  const file = path.join(root, 'data', `bench-${tag}.db`)
  const url = `file:${file}`
  const env = { ...process.env, DATABASE_URL: url, AUTH_SECRET: `bench-${tag}`, NEXT_TELEMETRY_DISABLED: '1' }
  execFileSync('node', ['scripts/migrate.mjs', 'deploy'], { cwd: root, env, stdio: 'pipe' })

  // Demo course plus a bench assignment with unlimited attempts and 10 students.
  const db = createDb(url)
  await seedDemo(db)
  const course = await db.course.findUniqueOrThrow({ where: { joinCode: DEMO_JOIN_CODE } })
  const passwordHash = await hashPassword(PASSWORD)
  const a = await db.assignment.create({
    data: { courseId: course.id, title: 'Bench', maxAttempts: 1_000_000, items: { create: [{ templateId: 'lasso-1d-lambda-star', points: 1, position: 1 }] } },
    include: { items: true },
  })
  const itemId = a.items[0].id
  const emails = Array.from({ length: CONNECTIONS }, (_, i) => `bench${i}@lassolab.test`)
  for (const email of emails) {
    const u = await db.user.create({ data: { email, name: email, passwordHash } })
    await db.enrollment.create({ data: { userId: u.id, courseId: course.id, role: 'STUDENT' } })
  }
  await db.$disconnect()

  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const server: ChildProcess = spawn(path.join(root, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], { cwd: root, env, stdio: 'ignore' })
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

    console.log(`\n[bench] ${SECONDS} s per phase, ${CONNECTIONS} connections, 127.0.0.1, SQLite\n`)
    const baseline = await run({
      url: `${base}/api/health`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ping: 'hello' }),
      connections: CONNECTIONS,
      duration: SECONDS,
    })
    let next = 0
    const submit = await run({
      url: `${base}/api/items/${itemId}/attempts`,
      connections: CONNECTIONS,
      duration: SECONDS,
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
    } as autocannon.Options)
    console.log(line('POST /api/health', baseline))
    console.log(line('submit an answer', submit))
    console.log(`\nsubmissions/s ÷ trivial POST/s = ${(submit.requests.average / baseline.requests.average).toFixed(3)}`)
    console.log(`p99 latency ratio (submit / trivial) = ${(submit.latency.p99 / Math.max(1, baseline.latency.p99)).toFixed(2)}`)
    if (submit.non2xx > 0 || submit.errors > 0) console.log('[bench] WARNING: some submissions failed; see the non-2xx count above.')
  } finally {
    server.kill('SIGTERM')
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true })
  }
}

await main()
