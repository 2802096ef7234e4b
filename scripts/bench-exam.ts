/**
 * The exam-start spike phase of `npm run bench`: BENCH_EXAM_STUDENTS (default 200) signed-in students start the
 * same exam in one window, open it, save a draft for every part of every question (twice: a first try, then the
 * answer), and submit. Reports starts/s, draft saves/s, submissions/s, p50/p99 per step and errors, beside the
 * trivial zod-validated POST at the same concurrency in the same run. Self-contained: main() hands it the server
 * and the database.
 */
import type autocannon from 'autocannon'
import { createDb } from '@/lib/db'
import { DEFAULT_REVIEW } from '@/lib/server/exams/review'
import { saveExamSettings } from '@/lib/server/exams/settings'

const TEMPLATES = ['lasso-1d-lambda-star', 'ridge-1d-slope', 'lasso-1d-slope']

export interface ExamSpikeContext {
  base: string
  databaseUrl: string
  courseId: string
  passwordHash: string
  signIn(base: string, email: string): Promise<string>
  run(opts: autocannon.Options): Promise<autocannon.Result>
}

interface Step {
  name: string
  latencies: number[]
  errors: number
  first: number
  last: number
}
const step = (name: string): Step => ({ name, latencies: [], errors: 0, first: Number.POSITIVE_INFINITY, last: 0 })

async function timed(s: Step, f: () => Promise<Response>): Promise<Response | null> {
  const t0 = performance.now()
  s.first = Math.min(s.first, t0)
  try {
    const r = await f()
    const body = await r.text()
    const t1 = performance.now()
    s.last = Math.max(s.last, t1)
    s.latencies.push(t1 - t0)
    if (!r.ok) {
      s.errors++
      if (s.errors <= 3) console.log(`[bench] ${s.name}: ${r.status} ${body.slice(0, 160)}`)
      return null
    }
    return new Response(body, { status: r.status })
  } catch (e) {
    s.errors++
    s.last = Math.max(s.last, performance.now())
    if (s.errors <= 3) console.log(`[bench] ${s.name}: ${(e as Error).message}`)
    return null
  }
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return 0
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** Runs `n` async tasks with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, f: (x: T) => Promise<void>) {
  let i = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) await f(items[i++])
  }))
}

export async function examSpikePhase(ctx: ExamSpikeContext) {
  const N = Number(process.env.BENCH_EXAM_STUDENTS ?? 200)
  const db = createDb(ctx.databaseUrl)
  const a = await db.assignment.create({
    data: {
      courseId: ctx.courseId,
      title: 'Bench exam',
      maxAttempts: 1,
      dueAt: new Date(Date.now() + 86400_000),
      items: { create: TEMPLATES.map((templateId, i) => ({ templateId, points: 10, position: i + 1 })) },
    },
  })
  await saveExamSettings(db, a.id, {
    timeLimitMinutes: 60,
    accessCode: null,
    oneAtATime: false,
    perQuestionCheck: false,
    review: DEFAULT_REVIEW,
  })
  const emails = Array.from({ length: N }, (_, i) => `exam-bench${i}@lassolab.test`)
  await db.user.createMany({ data: emails.map((email) => ({ email, name: email, passwordHash: ctx.passwordHash })) })
  const users = await db.user.findMany({ where: { email: { in: emails } }, select: { id: true } })
  await db.enrollment.createMany({ data: users.map((u) => ({ userId: u.id, courseId: ctx.courseId, role: 'STUDENT' })) })
  await db.$disconnect()

  console.log(`\n[bench] exam spike: signing in ${N} students…`)
  const cookies: string[] = new Array(N)
  await pool(
    emails.map((e, i) => [e, i] as const),
    8,
    async ([email, i]) => {
      cookies[i] = await ctx.signIn(ctx.base, email)
    },
  )

  const connections = Math.min(50, N)
  const baseline = await ctx.run({
    url: `${ctx.base}/api/health`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ping: 'hello' }),
    connections,
    duration: Number(process.env.BENCH_SECONDS ?? 10),
  })

  const start = step('start the exam')
  const open = step('open the exam')
  const save = step('save a draft')
  const submit = step('submit the exam')
  const json = { 'content-type': 'application/json' }
  const t0 = performance.now()
  // Every student at once: the window opens and the whole class clicks "start".
  await Promise.all(
    cookies.map(async (cookie) => {
      const headers = { ...json, cookie }
      if (!(await timed(start, () => fetch(`${ctx.base}/api/exams/${a.id}/start`, { method: 'POST', headers, body: '{}' })))) return
      const r = await timed(open, () => fetch(`${ctx.base}/api/exams/${a.id}`, { headers: { cookie } }))
      if (!r) return
      const view = (await r.json()) as { questions: { id: string; variantId: string; parts: { id: string; answer: { type: string; options?: { id: string }[] } }[] }[] }
      for (const q of view.questions) {
        const answers: Record<string, string> = {}
        // Part by part as the student types: one save per part, then the last part corrected once more.
        for (const p of q.parts) {
          answers[p.id] = p.answer.type === 'choice' ? (p.answer.options?.[0]?.id ?? '') : '1.5'
          await timed(save, () => fetch(`${ctx.base}/api/items/${q.id}/draft`, { method: 'PUT', headers, body: JSON.stringify({ variantId: q.variantId, answers }) }))
        }
      }
      await timed(submit, () => fetch(`${ctx.base}/api/exams/${a.id}/submit`, { method: 'POST', headers, body: '{}' }))
    }),
  )
  const window = (performance.now() - t0) / 1000

  const rate = (s: Step) => s.latencies.length / Math.max(1e-3, (s.last - s.first) / 1000)
  const row = (s: Step) =>
    `${s.name.padEnd(22)} ${rate(s).toFixed(0).padStart(7)} /s      p50 ${pct(s.latencies, 50).toFixed(0).padStart(5)} ms   p99 ${pct(s.latencies, 99).toFixed(0).padStart(5)} ms   requests ${s.latencies.length}   errors ${s.errors}`
  console.log(`\nexam spike: ${N} students in one window of ${window.toFixed(1)} s (all at once; trivial POST at ${connections} connections)`)
  console.log(
    `${'POST /api/health'.padEnd(22)} ${baseline.requests.average.toFixed(0).padStart(7)} /s      p50 ${String(baseline.latency.p50).padStart(5)} ms   p99 ${String(baseline.latency.p99).padStart(5)} ms   requests ${baseline.requests.total}   errors ${baseline.errors + baseline.non2xx}`,
  )
  for (const s of [start, open, save, submit]) console.log(row(s))
  console.log(
    `draft saves/s ÷ trivial POST/s = ${(rate(save) / baseline.requests.average).toFixed(3)}   draft p99 ÷ trivial p99 = ${(pct(save.latencies, 99) / Math.max(1, baseline.latency.p99)).toFixed(2)}`,
  )
  const check = createDb(ctx.databaseUrl)
  const [sessions, attempts] = await Promise.all([
    check.examSession.count({ where: { assignmentId: a.id, status: 'SUBMITTED' } }),
    check.attempt.count({ where: { item: { assignmentId: a.id } } }),
  ])
  await check.$disconnect()
  console.log(`submitted sittings ${sessions} of ${N}; attempts recorded ${attempts} (expected ${N * TEMPLATES.length})`)
}
