/**
 * Exams on a real database (SQLite or PostgreSQL, by TEST_BACKEND): deadlines by the server's clock, extra time
 * for one student only, drafts never counting as attempts, the deadline sweep submitting each sitting exactly
 * once with two app instances (two processes, two clients) sweeping at the same moment, and grades hidden
 * until release in every use case a student page or route calls.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import type { Actor } from '@/lib/server/authz'
import {
  examView,
  finishExam,
  grantAccommodation,
  onExamReleased,
  releaseExam,
  saveDraft,
  saveExamSettings,
  startExam,
  sweepExpiredSessions,
} from '@/lib/server/exams'
import { myMastery, startTargetedPractice } from '@/lib/server/mastery'
import { assignmentView, attemptView, dashboard, openItem, submitAttempt } from '@/lib/server/student'
import { materialize } from '@/lib/server/variants'
import { backend, freshDb, makeUser, type TestDb } from './helpers'

let t: TestDb
let db: Db
beforeAll(async () => {
  t = await freshDb()
  db = t.db
})
afterAll(async () => t?.cleanup())

const TEMPLATES = ['lasso-1d-lambda-star', 'ridge-1d-slope', 'lasso-1d-slope']
const MIN = 60_000

/** A course with an exam of three questions (limit in minutes), an instructor and `students` students. */
async function makeExam(o: { limitMinutes?: number; students?: number; perQuestionCheck?: boolean; dueAt?: Date | null } = {}) {
  const course = await db.course.create({ data: { title: 'Exam course', joinCode: `E-${Math.random().toString(36).slice(2, 10)}` } })
  const a = await db.assignment.create({
    data: {
      courseId: course.id,
      title: 'Midterm',
      maxAttempts: 1,
      dueAt: o.dueAt === undefined ? new Date(Date.now() + 7 * 86400_000) : o.dueAt,
      items: { create: TEMPLATES.map((templateId, i) => ({ templateId, points: 10, position: i + 1 })) },
    },
    include: { items: { orderBy: { position: 'asc' } } },
  })
  await saveExamSettings(db, a.id, {
    timeLimitMinutes: o.limitMinutes ?? 30,
    accessCode: null,
    oneAtATime: false,
    perQuestionCheck: o.perQuestionCheck ?? false,
    review: {
      afterSubmit: { score: false, correctness: false, diagnosis: false, correctAnswer: false, derivation: false },
      afterClose: { score: false, correctness: false, diagnosis: false, correctAnswer: false, derivation: false },
      afterRelease: { score: true, correctness: true, diagnosis: true, correctAnswer: true, derivation: true },
    },
  })
  const instructor = await makeUser(db, 'INSTRUCTOR', course.id)
  const students = []
  // Students never sign in here: no password hashing (it is slow on a shared machine).
  for (let i = 0; i < (o.students ?? 1); i++) {
    const u = await db.user.create({ data: { email: `exam-${course.id}-${i}@test.lassolab`, name: `Student ${i}`, passwordHash: '-' } })
    await db.enrollment.create({ data: { userId: u.id, courseId: course.id, role: 'STUDENT' } })
    students.push(u)
  }
  return { course, a, items: a.items, instructor: { userId: instructor.id } as Actor, students: students.map((s) => ({ userId: s.id }) as Actor & { userId: string }) }
}

/** The right answers of a question as the student would type them (from its own variant). */
async function rightAnswers(variantId: string): Promise<Record<string, string>> {
  const v = await db.variant.findUniqueOrThrow({ where: { id: variantId } })
  const { template, data } = materialize(v)
  const sol = template.solve(data) as Record<string, unknown>
  return Object.fromEntries(Object.entries(sol).map(([k, x]) => [k, typeof x === 'number' ? x.toPrecision(15) : String(x)]))
}

describe(`exams (${backend})`, () => {
  it('refuses drafts and submissions after the deadline by the server clock; drafts are never attempts', async () => {
    const { a, students } = await makeExam({ limitMinutes: 10, perQuestionCheck: true })
    const [s] = students
    const t0 = new Date()
    const started = await startExam(db, s, { assignmentId: a.id }, t0)
    expect(started.deadlineAt.getTime()).toBe(t0.getTime() + 10 * MIN)
    const view = await examView(db, s, a.id, t0)
    if (view.state !== 'sitting') throw new Error(view.state)
    const q = view.questions[0]
    const beforeDeadline = new Date(t0.getTime() + 10 * MIN - 1000)
    const afterDeadline = new Date(t0.getTime() + 10 * MIN + 1000)
    await saveDraft(db, s, { itemId: q.id, variantId: q.variantId, answers: { lambdaStar: '3' } }, beforeDeadline)
    expect(await db.attempt.count({ where: { userId: s.userId } })).toBe(0)
    await expect(saveDraft(db, s, { itemId: q.id, variantId: q.variantId, answers: { lambdaStar: '4' } }, afterDeadline)).rejects.toMatchObject({ code: 'closed' })
    const key = `late-${Date.now()}`
    await expect(submitAttempt(db, s, { itemId: q.id, variantId: q.variantId, idempotencyKey: key, answers: { lambdaStar: '3' } }, () => afterDeadline)).rejects.toMatchObject({ code: 'closed' })
    expect(await db.attempt.count({ where: { userId: s.userId } })).toBe(0)
    // The draft kept the last value saved in time.
    expect(JSON.parse((await db.draft.findFirstOrThrow({ where: { userId: s.userId, itemId: q.id } })).answers)).toEqual({ lambdaStar: '3' })
  })

  it('a whole-exam submission cannot go through the per-question route', async () => {
    const { a, students } = await makeExam()
    const [s] = students
    await startExam(db, s, { assignmentId: a.id })
    const view = await examView(db, s, a.id)
    if (view.state !== 'sitting') throw new Error(view.state)
    const q = view.questions[0]
    await expect(submitAttempt(db, s, { itemId: q.id, variantId: q.variantId, idempotencyKey: `k-${Date.now()}`, answers: { lambdaStar: '1' } })).rejects.toMatchObject({ code: 'closed' })
  })

  it('questions stay hidden until the student starts the exam', async () => {
    const { items, students } = await makeExam()
    await expect(openItem(db, students[0], items[0].id)).rejects.toMatchObject({ code: 'closed' })
  })

  it('extra time applies to that student only, including a sitting already started', async () => {
    const { a, items, instructor, students } = await makeExam({ limitMinutes: 20, students: 2 })
    const [slow, other] = students
    const t0 = new Date()
    await startExam(db, other, { assignmentId: a.id }, t0)
    await startExam(db, slow, { assignmentId: a.id }, t0)
    await grantAccommodation(db, instructor, { assignmentId: a.id, userId: slow.userId, timeMultiplier: 1.5, extraMinutes: 5 })
    const sessions = await db.examSession.findMany({ where: { assignmentId: a.id } })
    const byUser = new Map(sessions.map((x) => [x.userId, x.deadlineAt.getTime()]))
    expect(byUser.get(other.userId)).toBe(t0.getTime() + 20 * MIN)
    expect(byUser.get(slow.userId)).toBe(t0.getTime() + (20 * 1.5 + 5) * MIN)
    // 25 minutes in: the other student is past their deadline, the accommodated one is not.
    const at = new Date(t0.getTime() + 25 * MIN)
    const variant = async (userId: string) => (await db.variant.findFirst({ where: { userId, itemId: items[0].id } })) ?? null
    for (const s of [slow, other]) await examView(db, s, a.id, t0)
    const vSlow = await variant(slow.userId)
    const vOther = await variant(other.userId)
    await expect(saveDraft(db, slow, { itemId: items[0].id, variantId: vSlow!.id, answers: { lambdaStar: '1' } }, at)).resolves.toMatchObject({ saved: true })
    await expect(saveDraft(db, other, { itemId: items[0].id, variantId: vOther!.id, answers: { lambdaStar: '1' } }, at)).rejects.toMatchObject({ code: 'closed' })
    // A student who starts later with the same limit is bounded by the close date.
    const late = await makeExam({ limitMinutes: 60, dueAt: new Date(Date.now() + 15 * MIN) })
    const r = await startExam(db, late.students[0], { assignmentId: late.a.id })
    expect(r.deadlineAt.getTime()).toBe(late.a.dueAt!.getTime())
  })

  it('two app instances sweeping at the same moment submit every expired sitting exactly once, from its drafts', async () => {
    const N = 16
    const { a, items, students } = await makeExam({ limitMinutes: 5, students: N })
    const t0 = new Date(Date.now() - 10 * MIN)
    const expected = new Map<string, Record<string, string>>()
    for (const s of students) {
      await startExam(db, s, { assignmentId: a.id }, t0)
      const v = await examView(db, s, a.id, t0)
      if (v.state !== 'sitting') throw new Error(v.state)
      const answers = await rightAnswers(v.questions[0].variantId)
      await saveDraft(db, s, { itemId: v.questions[0].id, variantId: v.questions[0].variantId, answers }, new Date(t0.getTime() + MIN))
      expected.set(s.userId, answers)
    }
    const script = path.join(import.meta.dirname, 'exam-sweeper.ts')
    const tsx = path.resolve(import.meta.dirname, '../../node_modules/.bin/tsx')
    const env = { ...process.env, DATABASE_URL: t.url, START_AT: String(Date.now() + 2500) }
    const run = promisify(execFile)
    const outs = await Promise.all([run(tsx, [script], { env }), run(tsx, [script], { env })])
    const counts = outs.map((o) => JSON.parse(o.stdout.trim().split('\n').pop()!).submitted as number)
    expect(counts[0] + counts[1]).toBe(N)
    const sessions = await db.examSession.findMany({ where: { assignmentId: a.id } })
    expect(sessions.every((x) => x.status === 'SUBMITTED' && x.submittedBy === 'DEADLINE')).toBe(true)
    // One attempt per question per student, no more.
    const attempts = await db.attempt.findMany({ where: { itemId: { in: items.map((i) => i.id) } } })
    expect(attempts).toHaveLength(N * items.length)
    for (const s of students) {
      const mine = attempts.filter((x) => x.userId === s.userId)
      expect(new Set(mine.map((x) => x.itemId)).size).toBe(items.length)
      // The saved draft of question 1 was graded (right answers score 1); unanswered questions score 0.
      const first = mine.find((x) => x.itemId === items[0].id)!
      expect(JSON.parse(first.rawAnswers)).toEqual(expected.get(s.userId))
      expect(first.rawScore).toBe(1)
      expect(mine.filter((x) => x.itemId !== items[0].id).every((x) => x.rawScore === 0)).toBe(true)
    }
    // A third sweep finds nothing left.
    expect(await sweepExpiredSessions(db)).toBe(0)
  }, 240_000)

  it('hides the score, correctness, mistakes and solution in every student use case until release, then shows them', async () => {
    const { a, items, instructor, students } = await makeExam({ limitMinutes: 30 })
    const [s] = students
    await startExam(db, s, { assignmentId: a.id })
    const v = await examView(db, s, a.id)
    if (v.state !== 'sitting') throw new Error(v.state)
    for (const q of v.questions) await saveDraft(db, s, { itemId: q.id, variantId: q.variantId, answers: await rightAnswers(q.variantId) })
    await finishExam(db, s, a.id)
    const released: string[] = []
    const off = onExamReleased(async (e) => {
      released.push(e.assignmentId)
    })
    try {
      const attempts = await db.attempt.findMany({ where: { userId: s.userId } })
      expect(attempts).toHaveLength(3)
      expect(attempts.every((x) => x.rawScore === 1)).toBe(true)
      // Before release: nothing of the grade reaches the student, through any use case.
      const before = await examView(db, s, a.id)
      expect(before.state).toBe('submitted')
      expect(before.results?.total).toBeNull()
      expect(before.results?.items.every((i) => i.score === null)).toBe(true)
      const dash = (await dashboard(db, s)).flatMap((c) => c.assignments).find((x) => x.id === a.id)
      expect(dash?.earned).toBeNull()
      expect((await assignmentView(db, s, a.id)).items.every((i) => i.best === null)).toBe(true)
      const item = await openItem(db, s, items[0].id)
      expect(item.solved).toBe(false)
      expect(item.history.every((h) => h.score === null && h.rawScore === null)).toBe(true)
      for (const at of attempts) {
        const view = await attemptView(db, s, at.id)
        expect(view.score).toBeNull()
        expect(view.rawScore).toBeNull()
        expect(view.derivation).toBeNull()
        expect(view.parts.every((p) => p.grade === null && p.mistake === null && p.correctAnswer === null)).toBe(true)
      }
      // Nor the student's skills: an unreleased answer is no evidence there (its level would tell right from wrong).
      const skillsBefore = await myMastery(db, s)
      expect(skillsBefore.skills.every((k) => k.answers === 0 && k.level === 'not-started')).toBe(true)
      expect(skillsBefore.mistakes).toEqual([])
      expect((await startTargetedPractice(db, s)).reason).not.toBe('mistake')
      // Staff see the grades all along.
      expect((await attemptView(db, instructor, attempts[0].id)).score).toBe(1)
      expect(released).toEqual([])

      await releaseExam(db, instructor, { assignmentId: a.id })
      expect(released).toEqual([a.id])
      const after = await examView(db, s, a.id)
      expect(after.results?.total).toBe(30)
      // Released: the right answers now count on the skills page.
      const skillsAfter = await myMastery(db, s)
      expect(skillsAfter.skills.some((k) => k.answers > 0 && k.right === k.answers)).toBe(true)
      for (const at of attempts) {
        const view = await attemptView(db, s, at.id)
        expect(view.score).toBe(1)
        expect(view.derivation?.length).toBeGreaterThan(0)
        expect(view.parts.every((p) => p.grade?.correct === true && p.correctAnswer !== null)).toBe(true)
      }
      // Released once: another release call is refused and the event is not handed out again.
      await expect(releaseExam(db, instructor, { assignmentId: a.id })).rejects.toMatchObject({ code: 'conflict' })
      expect(released).toEqual([a.id])
    } finally {
      off()
    }
  })

  it('a release on a date is handed out once by the sweep after that date', async () => {
    const { a, instructor } = await makeExam()
    const at = new Date(Date.now() + 60 * MIN)
    const seen: string[] = []
    const off = onExamReleased(async (e) => {
      seen.push(e.assignmentId)
    })
    try {
      await releaseExam(db, instructor, { assignmentId: a.id, at: at.toISOString() })
      const { notifyDueReleases } = await import('@/lib/server/exams')
      expect(await notifyDueReleases(db, new Date())).toBe(0)
      const later = new Date(at.getTime() + 1000)
      expect(await Promise.all([notifyDueReleases(db, later), notifyDueReleases(db, later)])).toSatisfy((r: number[]) => r[0] + r[1] === 1)
      expect(seen).toEqual([a.id])
    } finally {
      off()
    }
  })

  it('refuses a wrong access code and a start after the close date with a clear message', async () => {
    const { a, students } = await makeExam({ dueAt: new Date(Date.now() - MIN) })
    await expect(startExam(db, students[0], { assignmentId: a.id })).rejects.toMatchObject({ code: 'closed', message: 'This exam has closed.' })
    const b = await makeExam()
    await db.examSettings.update({ where: { assignmentId: b.a.id }, data: { accessCode: 'OPEN-SESAME' } })
    await expect(startExam(db, b.students[0], { assignmentId: b.a.id, accessCode: 'wrong' })).rejects.toMatchObject({ code: 'invalid' })
    await expect(startExam(db, b.students[0], { assignmentId: b.a.id, accessCode: 'open-sesame' })).resolves.toMatchObject({ alreadyStarted: false })
  })
})
