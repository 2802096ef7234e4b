/**
 * Unreleased exam results leak through no route: against the production build (`next start`) on this backend's
 * database, every student page is fetched as HTML and as its RSC payload, and every student JSON and CSV route is
 * called; none may contain the score, the per-part correctness, a diagnosed mistake or a correct answer the student
 * did not type, and the student's skills (page and CSV) count none of the unreleased answers. After release the same
 * fetches must show the score, the correct answers and the answers counted (so each search can fail).
 * Also through the routes: past a student's deadline (the server's clock; the request carries no time the server
 * reads) the draft and submission routes refuse and store nothing.
 */
import { parse as parseCsv } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import type { Actor } from '@/lib/server/authz'
import { examView, finishExam, releaseExam, saveDraft, saveExamSettings, startExam } from '@/lib/server/exams'
import { materialize } from '@/lib/server/variants'
import { signInCookie, startServer } from '../e2e/harness'
import { backend, freshDb, makeUser, type TestDb } from './helpers'

let t: TestDb
let db: Db
let server: Awaited<ReturnType<typeof startServer>>
let cookie = ''
let examId = ''
let itemIds: string[] = []
let attemptIds: string[] = []
let instructor: Actor
/** A second student of the exam whose deadline passed 10 minutes ago (the sweep is off in this server). */
let late: { email: string; userId: string; itemId: string; variantId: string }
/** Correct answers of the questions the student answered wrongly, as the app would print them. */
let hiddenAnswers: string[] = []

const TEMPLATES = ['lasso-1d-lambda-star', 'ridge-1d-slope', 'lasso-1d-slope']

function renderings(x: unknown): string[] {
  if (typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) < 1e-3) return []
  // Only renderings long enough not to occur by chance in a page (an answer of 78 is looked for as 78.0000).
  return [String(Number(x.toPrecision(6))), x.toFixed(4)].filter((r) => r.replace(/^-/, '').length >= 5)
}

beforeAll(async () => {
  t = await freshDb()
  db = t.db
  const course = await db.course.create({ data: { title: 'Leak course', joinCode: `L-${Date.now()}` } })
  const a = await db.assignment.create({
    data: {
      courseId: course.id,
      title: 'Sealed midterm',
      maxAttempts: 1,
      dueAt: new Date(Date.now() + 86400_000),
      items: { create: TEMPLATES.map((templateId, i) => ({ templateId, points: 10, position: i + 1 })) },
    },
    include: { items: { orderBy: { position: 'asc' } } },
  })
  examId = a.id
  itemIds = a.items.map((i) => i.id)
  await saveExamSettings(db, a.id, {
    timeLimitMinutes: 30,
    accessCode: null,
    oneAtATime: false,
    perQuestionCheck: false,
    review: {
      afterSubmit: { score: false, correctness: false, diagnosis: false, correctAnswer: false, derivation: false },
      afterClose: { score: false, correctness: false, diagnosis: false, correctAnswer: false, derivation: false },
      afterRelease: { score: true, correctness: true, diagnosis: true, correctAnswer: true, derivation: true },
    },
  })
  instructor = { userId: (await makeUser(db, 'INSTRUCTOR', course.id)).id }
  const student = await makeUser(db, 'STUDENT', course.id)
  const actor: Actor = { userId: student.id }
  await startExam(db, actor, { assignmentId: a.id })
  const v = await examView(db, actor, a.id)
  if (v.state !== 'sitting') throw new Error(v.state)
  // Question 1 right (a score to find), questions 2 and 3 wrong (their correct answers must stay hidden).
  for (const [i, q] of v.questions.entries()) {
    const row = await db.variant.findUniqueOrThrow({ where: { id: q.variantId } })
    const { template, data } = materialize(row)
    const sol = template.solve(data) as Record<string, unknown>
    const answers = Object.fromEntries(Object.entries(sol).map(([k, x]) => [k, i === 0 ? String(x) : '98765.4321']))
    if (i > 0) hiddenAnswers.push(...Object.values(sol).flatMap(renderings))
    await saveDraft(db, actor, { itemId: q.id, variantId: q.variantId, answers })
  }
  await finishExam(db, actor, a.id)
  attemptIds = (await db.attempt.findMany({ where: { userId: student.id }, orderBy: { item: { position: 'asc' } } })).map((x) => x.id)
  const lateUser = await makeUser(db, 'STUDENT', course.id)
  const t0 = new Date(Date.now() - 40 * 60_000)
  await startExam(db, { userId: lateUser.id }, { assignmentId: a.id }, t0)
  const lv = await examView(db, { userId: lateUser.id }, a.id, t0)
  if (lv.state !== 'sitting') throw new Error(lv.state)
  late = { email: lateUser.email, userId: lateUser.id, itemId: lv.questions[0].id, variantId: lv.questions[0].variantId }
  hiddenAnswers = [...new Set(hiddenAnswers)]
  server = await startServer({ ...process.env, DATABASE_URL: t.url, EXAM_SWEEP_INTERVAL_MS: '0' })
  cookie = await signInCookie(server.baseUrl, student.email, 'password123')
}, 300_000)

afterAll(async () => {
  await server?.stop()
  await t?.cleanup()
})

/** Every student page (HTML and RSC payload) and JSON route touching the exam, with its body. */
async function everything(): Promise<{ what: string; status: number; body: string }[]> {
  const pages = ['/dashboard', '/skills', `/assignments/${examId}`, `/exams/${examId}`, ...itemIds.map((i) => `/items/${i}`), ...attemptIds.map((i) => `/attempts/${i}`)]
  const out: { what: string; status: number; body: string }[] = []
  const get = async (what: string, path: string, headers: Record<string, string> = {}, init: RequestInit = {}) => {
    const r = await fetch(`${server.baseUrl}${path}`, { ...init, headers: { cookie, ...headers, ...(init.headers as Record<string, string>) } })
    // React separates adjacent text nodes with <!-- --> in HTML: drop them so "33%" and "of 30 points" read whole.
    out.push({ what: `${what} ${path}`, status: r.status, body: (await r.text()).replaceAll('<!-- -->', '') })
  }
  for (const p of pages) {
    await get('HTML', p)
    await get('RSC', p, { RSC: '1' })
  }
  await get('JSON', `/api/exams/${examId}`)
  await get('CSV', '/api/skills')
  for (const i of itemIds) {
    await get('JSON PUT', `/api/items/${i}/draft`, { 'content-type': 'application/json' }, { method: 'PUT', body: JSON.stringify({ variantId: 'x', answers: { lambdaStar: '1' } }) })
  }
  for (const i of itemIds) await get('JSON', `/api/items/${i}`)
  for (const i of itemIds) {
    await get('JSON POST', `/api/items/${i}/attempts?include=derivation`, { 'content-type': 'application/json' }, { method: 'POST', body: JSON.stringify({ variantId: 'x', idempotencyKey: `leak-${Date.now()}-${i}`, answers: {} }) })
  }
  await get('JSON POST', `/api/exams/${examId}/submit`, { 'content-type': 'application/json' }, { method: 'POST', body: '{}' })
  return out
}

const SCORE_JSON = /"(score|rawScore|earned|best|total)"\s*:\s*-?[0-9]/
/** A score badge as HTML text (`>33%<`) or as RSC children (`[33,"%"]`), and the words of graded feedback. */
const SCORE_TEXT = />\s*\d{1,3}\s*%\s*<|\d{1,3},"%"|of 30 points|>correct<|incorrect|Diagnosed mistake|data-diagnosis|Correct answer/

/** The "Answers" column of the student's skills CSV, summed: how many graded answers their skills count. */
function answersCounted(all: { what: string; body: string }[]): number {
  const csv = all.find((r) => r.what === 'CSV /api/skills')
  if (!csv) throw new Error('no skills CSV')
  const [header, ...rows] = parseCsv(csv.body.replace(/^\uFEFF/, '')) as string[][]
  const col = header.indexOf('Answers')
  expect(col, header.join(',')).toBeGreaterThan(-1)
  expect(rows.length).toBeGreaterThan(0)
  return rows.reduce((n, r) => n + Number(r[col]), 0)
}

describe(`unreleased exam results through every route (${backend}, next start)`, () => {
  it('past the deadline by the server clock, the draft and submission routes refuse and store nothing', async () => {
    const lateCookie = await signInCookie(server.baseUrl, late.email, 'password123')
    const put = await fetch(`${server.baseUrl}/api/items/${late.itemId}/draft`, {
      method: 'PUT',
      headers: { cookie: lateCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ variantId: late.variantId, answers: { lambdaStar: '12' } }),
    })
    expect(put.status).toBe(409)
    expect(((await put.json()) as { error: string }).error).toMatch(/Time is up/)
    const post = await fetch(`${server.baseUrl}/api/items/${late.itemId}/attempts`, {
      method: 'POST',
      headers: { cookie: lateCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ variantId: late.variantId, idempotencyKey: `late-${Date.now()}`, answers: { lambdaStar: '12' } }),
    })
    expect(post.status).toBe(409)
    expect(await db.draft.count({ where: { userId: late.userId } })).toBe(0)
    expect(await db.attempt.count({ where: { userId: late.userId } })).toBe(0)
  }, 120_000)


  it('the pages and routes answer, and none carries a score, correctness, mistake or hidden correct answer', async () => {
    expect(hiddenAnswers.length).toBeGreaterThan(0)
    const all = await everything()
    // The routes answered (pages 200; the per-question route refuses an exam submission without storing anything).
    for (const r of all.filter((x) => x.what.startsWith('HTML') || x.what.startsWith('RSC'))) expect([200], r.what).toContain(r.status)
    for (const r of all) {
      expect(r.body, r.what).not.toMatch(SCORE_JSON)
      expect(r.body, r.what).not.toMatch(SCORE_TEXT)
      for (const ans of hiddenAnswers) expect(r.body.includes(ans), `${r.what} contains the correct answer ${ans}`).toBe(false)
    }
    expect(await db.attempt.count({ where: { itemId: { in: itemIds }, userId: { not: late.userId } } })).toBe(3)
    // The skills page and CSV count none of the unreleased answers (their levels would tell right from wrong).
    expect(answersCounted(all)).toBe(0)
  }, 300_000)

  it('after release the same fetches show the score and the correct answers', async () => {
    await releaseExam(db, instructor, { assignmentId: examId })
    const all = await everything()
    const text = all.map((r) => r.body).join('\n')
    expect(text).toMatch(SCORE_JSON)
    expect(text).toMatch(/Score: .{0,80}of 30 points/)
    expect(hiddenAnswers.some((a) => text.includes(a))).toBe(true)
    // Released: the three answered questions' parts now count on the skills page.
    expect(answersCounted(all)).toBeGreaterThan(0)
  }, 300_000)
})
