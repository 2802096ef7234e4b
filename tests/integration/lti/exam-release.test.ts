/**
 * When an exam's scores reach the LMS depends on its review options (the first column that shows the score),
 * through the outbox, against the simulated platform:
 *   - grades hidden until release: sittings submitted and a grade overridden before release queue nothing and
 *     the LMS receives nothing, even when the sender runs; a release on a date queues nothing before the date;
 *     at release (handed out by the sweep) each student's score is queued and arrives once, with the value
 *     computed here from the stored attempts (Σ best score × points);
 *   - an app instance that does not send grades itself (LTI_WORKER=0) still queues the scores when it releases;
 *   - scores shown right after submitting: each sitting's score arrives at its submit (by the student, by the
 *     deadline sweep, and per-question checks), and an override after it too, without any release;
 *   - scores shown after the exam closes: nothing before the close; the close is handed out once (two app
 *     instances sweeping at once, and not while a sitting is still open), every score arrives once, and a later
 *     override goes out at once;
 *   - review options changed to show the score, or the exam made homework: the scores held back go out then.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/server/authz'
import { createDb } from '@/lib/db'
import { examView, finishExam, notifyDueCloses, notifyDueReleases, releaseExam, runSweep, saveDraft, saveExamSettings, startExam } from '@/lib/server/exams'
import type { ReviewOptions } from '@/lib/server/exams/review'
import { applyRegrade, planRegrade, setItemTolerance } from '@/lib/server/instructor/regrade'
import { overrideGrade } from '@/lib/server/instructor/results'
import { drainOutbox } from '@/lib/server/lti/outbox'
import { submitAttempt } from '@/lib/server/student'
import { materialize } from '@/lib/server/variants'
import { type Platform, ROLE } from '../../lti/platform'
import { launch, setupPlatform } from '../../lti/tool'
import { type TestDb, freshDb } from '../helpers'

let t: TestDb
let platform: Platform
let instructor: Actor & { userId: string }
let courseId: string
const HIDDEN = { score: false, correctness: false, diagnosis: false, correctAnswer: false, derivation: false }
const SHOWN = { score: true, correctness: true, diagnosis: true, correctAnswer: true, derivation: true }
const TEMPLATES = ['lasso-1d-lambda-star', 'ridge-1d-slope']

beforeAll(async () => {
  t = await freshDb()
  ;({ platform } = await setupPlatform(t.db))
  const inst = await launch(t.db, platform, { user: { sub: 'ex-inst', name: 'Esme', roles: [ROLE.instructor] }, contextId: 'ctx-EX', resourceLinkId: 'rl-setup' })
  instructor = { userId: inst.userId }
  courseId = inst.courseId
}, 120_000)
afterAll(async () => {
  await platform?.stop()
  await t?.cleanup()
})

const HIDDEN_UNTIL_RELEASE: ReviewOptions = { afterSubmit: HIDDEN, afterClose: HIDDEN, afterRelease: SHOWN }

/**
 * An exam (by default grades hidden until release, no close date) linked to an LMS grade column; `n` students
 * have opened it from the LMS.
 */
async function linkedExam(linkId: string, n: number, o: { review?: ReviewOptions; dueAt?: Date; perQuestionCheck?: boolean } = {}) {
  const a = await t.db.assignment.create({
    data: {
      courseId,
      title: `Exam ${linkId}`,
      maxAttempts: 1,
      dueAt: o.dueAt ?? null,
      items: { create: TEMPLATES.map((templateId, i) => ({ templateId, points: 10 + 5 * i, position: i + 1 })) },
    },
    include: { items: { orderBy: { position: 'asc' } } },
  })
  await saveExamSettings(t.db, a.id, { timeLimitMinutes: 30, accessCode: null, oneAtATime: false, perQuestionCheck: o.perQuestionCheck ?? false, review: o.review ?? HIDDEN_UNTIL_RELEASE })
  const lineItem = platform.addLineItem('ctx-EX', { label: a.title, scoreMaximum: 25, resourceId: a.id }, { id: linkId, title: a.title, custom: { assignment_id: a.id } })
  await launch(t.db, platform, { user: { sub: 'ex-inst', name: 'Esme', roles: [ROLE.instructor] }, contextId: 'ctx-EX', resourceLinkId: linkId })
  const mine: { sub: string; actor: Actor & { userId: string } }[] = []
  for (let i = 0; i < n; i++) {
    const sub = `ex-stud-${i}`
    const r = await launch(t.db, platform, { user: { sub, name: `Exam student ${i}`, roles: [ROLE.learner] }, contextId: 'ctx-EX', resourceLinkId: linkId })
    mine.push({ sub, actor: { userId: r.userId } })
  }
  return { a, lineItemId: lineItem.split('/').at(-1) as string, students: mine }
}

/** Answers to a variant: right (from its own solution) or all wrong. */
async function answersTo(variantId: string, right: boolean) {
  const variant = await t.db.variant.findUniqueOrThrow({ where: { id: variantId } })
  const { template, data } = materialize(variant)
  const sol = template.solve(data) as Record<string, unknown>
  return Object.fromEntries(Object.entries(sol).map(([k, x]) => [k, right && typeof x === 'number' ? x.toPrecision(15) : right ? String(x) : '987654']))
}

/**
 * The student sits the exam: the first `right` questions answered right, the rest wrong, saved as drafts; then
 * "Submit exam", unless `finish` is false (the sitting stays open for the deadline sweep).
 */
async function sit(actor: Actor & { userId: string }, assignmentId: string, right: number, finish = true) {
  await startExam(t.db, actor, { assignmentId })
  const v = await examView(t.db, actor, assignmentId)
  if (v.state !== 'sitting') throw new Error(v.state)
  for (const [i, q] of v.questions.entries()) {
    await saveDraft(t.db, actor, { itemId: q.id, variantId: q.variantId, answers: await answersTo(q.variantId, i < right) })
  }
  if (finish) await finishExam(t.db, actor, assignmentId)
}

/** The student's exam score in points, from the stored attempts. */
async function expectedScore(userId: string, items: { id: string; points: number }[]) {
  let total = 0
  for (const it of items) {
    const attempts = await t.db.attempt.findMany({ where: { userId, itemId: it.id } })
    total += Math.max(0, ...attempts.map((x) => x.score)) * it.points
  }
  return total
}

const postsTo = (lineItemId: string) => platform.scores.filter((s) => s.lineItemId === lineItemId)

describe('exams with hidden grades and the LMS gradebook', () => {
  it('nothing reaches the LMS before release, not even an override; at release each score arrives once', async () => {
    const { a, lineItemId, students: sitters } = await linkedExam('rl-exam', 2)
    await sit(sitters[0].actor, a.id, 2)
    await sit(sitters[1].actor, a.id, 1)
    const attempts = await t.db.attempt.findMany({ where: { item: { assignmentId: a.id } } })
    expect(attempts).toHaveLength(4)
    // An override before release: the grade changes, the LMS must still not hear of it.
    const wrong = attempts.find((x) => x.userId === sitters[1].actor.userId && x.score === 0)
    if (!wrong) throw new Error('the second student has no wrong answer')
    await overrideGrade(t.db, instructor, { attemptId: wrong.id, score: 0.5, reason: 'Partly right by hand' })

    expect(await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })).toMatchObject({ sent: 0 })
    expect(await t.db.ltiScoreOutbox.count({ where: { link: { assignmentId: a.id } } })).toBe(0)
    expect(postsTo(lineItemId)).toEqual([])

    // Released on a date, set an hour ago for half an hour later (so that date has just passed): nothing
    // before that date; the sweep hands the release out after it, and the scores go out.
    const hourAgo = new Date(Date.now() - 3600_000)
    const at = new Date(hourAgo.getTime() + 1800_000)
    expect(await releaseExam(t.db, instructor, { assignmentId: a.id, at: at.toISOString() }, hourAgo)).toMatchObject({ released: false })
    expect(await notifyDueReleases(t.db, new Date(at.getTime() - 1000))).toBe(0)
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    expect(postsTo(lineItemId)).toEqual([])
    expect(await notifyDueReleases(t.db, new Date())).toBe(1)
    expect(await t.db.ltiScoreOutbox.count({ where: { link: { assignmentId: a.id }, status: 'PENDING' } })).toBe(2)
    expect(await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })).toMatchObject({ sent: 2 })
    for (const s of sitters) {
      const got = postsTo(lineItemId).filter((p) => p.userId === s.sub)
      expect(got.map((p) => p.status)).toEqual([200])
      expect(got[0].scoreGiven).toBeCloseTo(await expectedScore(s.actor.userId, a.items), 9)
      expect(got[0].scoreMaximum).toBe(25)
    }
    // The override counted: 10 (first question) + 0.5 × 15.
    expect(postsTo(lineItemId).find((p) => p.userId === sitters[1].sub)?.scoreGiven).toBeCloseTo(10 + 7.5, 9)
    expect(postsTo(lineItemId).find((p) => p.userId === sitters[0].sub)?.scoreGiven).toBeCloseTo(25, 9)
  })

  it('an app instance without a grade sender (LTI_WORKER=0) that releases the exam still queues the LMS scores', async () => {
    const { a, lineItemId, students: sitters } = await linkedExam('rl-exam-2', 1)
    await sit(sitters[0].actor, a.id, 2)
    const root = path.resolve(import.meta.dirname, '../../..')
    const { stdout } = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['tests/lti/release-instance.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.url, LTI_WORKER: '0', EXAM_SWEEP_INTERVAL_MS: '0', RELEASE_ASSIGNMENT: a.id, RELEASE_INSTRUCTOR: instructor.userId },
      timeout: 120_000,
    })
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({ released: true, queued: 1 })
    // Another instance (this process) sends it.
    await drainOutbox(t.db, { instance: 'B', backoffMs: 10 })
    const got = postsTo(lineItemId)
    expect(got.map((p) => [p.userId, p.status])).toEqual([[sitters[0].sub, 200]])
    expect(got[0].scoreGiven).toBeCloseTo(await expectedScore(sitters[0].actor.userId, a.items), 9)
  }, 180_000)
  const SHOWN_AT_SUBMIT: ReviewOptions = { afterSubmit: { ...HIDDEN, score: true }, afterClose: HIDDEN, afterRelease: SHOWN }
  const SHOWN_AFTER_CLOSE: ReviewOptions = { afterSubmit: HIDDEN, afterClose: { ...HIDDEN, score: true }, afterRelease: SHOWN }
  const pending = (assignmentId: string) => t.db.ltiScoreOutbox.count({ where: { link: { assignmentId }, status: 'PENDING' } })
  const scoresOf = (lineItemId: string, sub: string) => postsTo(lineItemId).filter((p) => p.userId === sub)

  it('scores shown right after submitting reach the LMS at each submit (the student\'s and the deadline sweep\'s) and after an override or a regrade, with no release', async () => {
    const { a, lineItemId, students: s } = await linkedExam('rl-exam-submit', 3, { review: SHOWN_AT_SUBMIT })
    await sit(s[0].actor, a.id, 2)
    expect(await pending(a.id)).toBe(1)
    expect(await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })).toMatchObject({ sent: 1 })
    expect(scoresOf(lineItemId, s[0].sub).map((p) => p.status)).toEqual([200])
    // Both questions right: 10 + 15 points.
    expect(scoresOf(lineItemId, s[0].sub)[0].scoreGiven).toBeCloseTo(25, 9)

    // The second student leaves the sitting open: saving answers sends nothing; the sweep submits it at the
    // deadline, and its score goes out then.
    await sit(s[1].actor, a.id, 1, false)
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    expect(scoresOf(lineItemId, s[1].sub)).toEqual([])
    const session = await t.db.examSession.findUniqueOrThrow({ where: { assignmentId_userId: { assignmentId: a.id, userId: s[1].actor.userId } } })
    expect(await runSweep(t.db, new Date(session.deadlineAt.getTime() + 1000))).toMatchObject({ submitted: 1 })
    expect(await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })).toMatchObject({ sent: 1 })
    expect(scoresOf(lineItemId, s[1].sub).map((p) => p.status)).toEqual([200])
    expect(scoresOf(lineItemId, s[1].sub)[0].scoreGiven).toBeCloseTo(await expectedScore(s[1].actor.userId, a.items), 9)
    expect(scoresOf(lineItemId, s[1].sub)[0].scoreGiven).toBeCloseTo(10, 9)

    // An override later goes out at once too: 10 + 0.5 × 15.
    const wrong = await t.db.attempt.findFirstOrThrow({ where: { userId: s[1].actor.userId, item: { assignmentId: a.id }, score: 0 } })
    await overrideGrade(t.db, instructor, { attemptId: wrong.id, score: 0.5, reason: 'Partly right by hand' })
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    expect(scoresOf(lineItemId, s[1].sub).map((p) => p.scoreGiven)).toEqual([10, 17.5])
    expect(scoresOf(lineItemId, s[0].sub)).toHaveLength(1)
    expect(await releaseExam(t.db, instructor, { assignmentId: a.id, at: new Date(Date.now() + 86_400_000).toISOString() })).toMatchObject({ released: false })

    // A regrade goes out at once: the third student answers the first question 2 % off (wrong at the default
    // tolerance), then the instructor widens its tolerance to 5 % and regrades.
    await startExam(t.db, s[2].actor, { assignmentId: a.id })
    const v = await examView(t.db, s[2].actor, a.id)
    if (v.state !== 'sitting') throw new Error(v.state)
    for (const [i, q] of v.questions.entries()) {
      const right = await answersTo(q.variantId, true)
      const answers = i === 0 ? Object.fromEntries(Object.entries(right).map(([k, x]) => [k, Number.isFinite(Number(x)) ? String(Number(x) * 1.02) : x])) : await answersTo(q.variantId, false)
      await saveDraft(t.db, s[2].actor, { itemId: q.id, variantId: q.variantId, answers })
    }
    await finishExam(t.db, s[2].actor, a.id)
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    const before = await expectedScore(s[2].actor.userId, a.items)
    expect(scoresOf(lineItemId, s[2].sub).map((p) => p.scoreGiven)).toEqual([before])
    expect(before).toBeLessThan(10)
    await setItemTolerance(t.db, instructor, { itemId: a.items[0].id, tolerance: { rel: 0.05, abs: 1e-6 } })
    const plan = await planRegrade(t.db, instructor, { itemId: a.items[0].id })
    expect(plan.changes.map((c) => c.userId)).toEqual([s[2].actor.userId])
    await applyRegrade(t.db, instructor, { itemId: a.items[0].id, planHash: plan.planHash, reason: 'Tolerance widened to 5%' })
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    const got = scoresOf(lineItemId, s[2].sub).map((p) => p.scoreGiven)
    expect(got).toHaveLength(2)
    expect(got[1]).toBeCloseTo(10, 9)
    expect(await expectedScore(s[2].actor.userId, a.items)).toBeCloseTo(10, 9)
    // No release was needed (one is scheduled for tomorrow).
    expect(await t.db.examSettings.count({ where: { assignmentId: a.id, releaseNotifiedAt: null } })).toBe(1)
  })

  it('a per-question check posts at once when scores show right after submitting, and not when they are hidden until release', async () => {
    const shown = await linkedExam('rl-exam-check', 1, { review: SHOWN_AT_SUBMIT, perQuestionCheck: true })
    const hidden = await linkedExam('rl-exam-check-hidden', 1, { perQuestionCheck: true })
    for (const x of [shown, hidden]) {
      const [st] = x.students
      await startExam(t.db, st.actor, { assignmentId: x.a.id })
      const v = await examView(t.db, st.actor, x.a.id)
      if (v.state !== 'sitting') throw new Error(v.state)
      const q = v.questions[0]
      const r = await submitAttempt(t.db, st.actor, { itemId: q.id, variantId: q.variantId, idempotencyKey: `check-${q.id}`, answers: await answersTo(q.variantId, true) })
      expect(r.ok).toBe(true)
    }
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    // The first question (10 points) right, the second not answered yet.
    expect(postsTo(shown.lineItemId).map((p) => [p.userId, p.status, p.scoreGiven])).toEqual([[shown.students[0].sub, 200, 10]])
    expect(postsTo(hidden.lineItemId)).toEqual([])
    expect(await t.db.ltiScoreOutbox.count({ where: { link: { assignmentId: hidden.a.id } } })).toBe(0)
  })

  it('scores shown after the exam closes: nothing before the close; the close is handed out once, after the last open sitting, and each score arrives once', async () => {
    const dueAt = new Date(Date.now() + 3600_000)
    const { a, lineItemId, students: s } = await linkedExam('rl-exam-close', 3, { review: SHOWN_AFTER_CLOSE, dueAt })
    await sit(s[0].actor, a.id, 2)
    await sit(s[1].actor, a.id, 1)
    await sit(s[2].actor, a.id, 0, false)
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    expect(await t.db.ltiScoreOutbox.count({ where: { link: { assignmentId: a.id } } })).toBe(0)
    expect(postsTo(lineItemId)).toEqual([])

    // Before the close, nothing is handed out; after it, not while a sitting is still open.
    expect(await notifyDueCloses(t.db, new Date(dueAt.getTime() - 1000))).toBe(0)
    const afterClose = new Date(dueAt.getTime() + 1000)
    expect(await notifyDueCloses(t.db, afterClose)).toBe(0)
    expect((await t.db.examSettings.findUniqueOrThrow({ where: { assignmentId: a.id } })).closeNotifiedAt).toBeNull()
    expect(await pending(a.id)).toBe(0)

    // Two app instances sweep at once: the open sitting is submitted once and the close handed out once.
    const other = createDb(t.url)
    try {
      const runs = await Promise.all([runSweep(t.db, afterClose), runSweep(other, afterClose)])
      expect(runs[0].closed + runs[1].closed).toBe(1)
    } finally {
      await other.$disconnect()
    }
    const sitting = await t.db.examSession.findUniqueOrThrow({ where: { assignmentId_userId: { assignmentId: a.id, userId: s[2].actor.userId } } })
    expect([sitting.status, sitting.submittedBy]).toEqual(['SUBMITTED', 'DEADLINE'])
    expect(await t.db.attempt.count({ where: { userId: s[2].actor.userId, item: { assignmentId: a.id } } })).toBe(2)
    expect(await pending(a.id)).toBe(3)
    await drainOutbox(t.db, { instance: 'B', backoffMs: 10 })
    const expected = [25, 10, 0]
    for (const [i, st] of s.entries()) {
      const got = scoresOf(lineItemId, st.sub)
      expect(got.map((p) => p.status)).toEqual([200])
      expect(got[0].scoreGiven).toBeCloseTo(await expectedScore(st.actor.userId, a.items), 9)
      expect(got[0].scoreGiven).toBeCloseTo(expected[i], 9)
    }

    // Sweeping again hands out nothing and sends nothing.
    expect(await runSweep(t.db, new Date(afterClose.getTime() + 60_000))).toMatchObject({ closed: 0 })
    expect(await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })).toMatchObject({ sent: 0 })
    expect(postsTo(lineItemId)).toHaveLength(3)

    // After the close, an override goes out at once: 10 + 0.5 × 15.
    const wrong = await t.db.attempt.findFirstOrThrow({ where: { userId: s[1].actor.userId, item: { assignmentId: a.id }, score: 0 } })
    await overrideGrade(t.db, instructor, { attemptId: wrong.id, score: 0.5, reason: 'Partly right by hand' })
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    expect(scoresOf(lineItemId, s[1].sub).map((p) => p.scoreGiven)).toEqual([10, 17.5])

    // A release afterwards sends nothing again: the LMS has every score already.
    expect(await releaseExam(t.db, instructor, { assignmentId: a.id })).toMatchObject({ released: true })
    expect(await pending(a.id)).toBe(0)
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    expect(postsTo(lineItemId)).toHaveLength(4)
  }, 120_000)
  it('changing the review options so that students see their scores, or making the exam homework, sends the scores held back', async () => {
    const shown = await linkedExam('rl-exam-reveal', 1)
    const homework = await linkedExam('rl-exam-homework', 1)
    const still = await linkedExam('rl-exam-still-hidden', 1)
    for (const x of [shown, homework, still]) await sit(x.students[0].actor, x.a.id, 1)
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    expect([...postsTo(shown.lineItemId), ...postsTo(homework.lineItemId), ...postsTo(still.lineItemId)]).toEqual([])

    const settings = { timeLimitMinutes: 30, accessCode: null, oneAtATime: false, perQuestionCheck: false }
    await saveExamSettings(t.db, shown.a.id, { ...settings, review: SHOWN_AT_SUBMIT })
    await saveExamSettings(t.db, homework.a.id, null)
    // Still hidden (only the correct answers shown right after submitting): nothing goes.
    await saveExamSettings(t.db, still.a.id, { ...settings, review: { ...HIDDEN_UNTIL_RELEASE, afterSubmit: { ...HIDDEN, correctAnswer: true } } })
    expect(await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })).toMatchObject({ sent: 2 })
    for (const x of [shown, homework]) {
      expect(postsTo(x.lineItemId).map((p) => [p.userId, p.status, p.scoreGiven])).toEqual([[x.students[0].sub, 200, 10]])
    }
    expect(postsTo(still.lineItemId)).toEqual([])
  })
  it('scores shown after the close, with a release that falls due in the same sweep: each score arrives once', async () => {
    const dueAt = new Date(Date.now() + 3600_000)
    const { a, lineItemId, students: s } = await linkedExam('rl-exam-close-release', 2, { review: SHOWN_AFTER_CLOSE, dueAt })
    await sit(s[0].actor, a.id, 2)
    await sit(s[1].actor, a.id, 1)
    // A release dated half an hour ago (set an hour ago), not handed out yet.
    const hourAgo = new Date(Date.now() - 3600_000)
    expect(await releaseExam(t.db, instructor, { assignmentId: a.id, at: new Date(hourAgo.getTime() + 1800_000).toISOString() }, hourAgo)).toMatchObject({ released: false })
    expect(await t.db.ltiScoreOutbox.count({ where: { link: { assignmentId: a.id } } })).toBe(0)
    const run = await runSweep(t.db, new Date(dueAt.getTime() + 1000))
    expect(run.closed).toBeGreaterThanOrEqual(1)
    expect(run.released).toBeGreaterThanOrEqual(1)
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    expect(postsTo(lineItemId).map((p) => [p.userId, p.status, p.scoreGiven]).sort()).toEqual([
      [s[0].sub, 200, 25],
      [s[1].sub, 200, 10],
    ])
  }, 120_000)
  it('scores shown right after submitting but graded before the LMS grade column existed go out at release', async () => {
    const { a, lineItemId, students: s } = await linkedExam('rl-exam-late-column', 2, { review: SHOWN_AT_SUBMIT })
    const link = await t.db.ltiResourceLink.findFirstOrThrow({ where: { assignmentId: a.id } })
    // The first student submits while the link has no grade column yet; the second after it is attached.
    await t.db.ltiResourceLink.update({ where: { id: link.id }, data: { lineItemUrl: null } })
    await sit(s[0].actor, a.id, 2)
    await t.db.ltiResourceLink.update({ where: { id: link.id }, data: { lineItemUrl: link.lineItemUrl } })
    await sit(s[1].actor, a.id, 1)
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    expect(postsTo(lineItemId).map((p) => [p.userId, p.scoreGiven])).toEqual([[s[1].sub, 10]])
    await releaseExam(t.db, instructor, { assignmentId: a.id })
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    // The release sends the first student's score, and not the second one's again.
    expect(postsTo(lineItemId).map((p) => [p.userId, p.scoreGiven])).toEqual([
      [s[1].sub, 10],
      [s[0].sub, 25],
    ])
  })
})
