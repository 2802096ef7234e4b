/**
 * Exams with grades hidden post their scores to the LMS only at release, through the outbox, against the
 * simulated platform:
 *   - sittings submitted and a grade overridden before release: nothing is queued and the LMS receives nothing,
 *     even when the sender runs; a release on a date queues nothing before the date;
 *   - at release (handed out by the sweep) each student's score is queued and arrives once, with the value
 *     computed here from the stored attempts (Σ best score × points);
 *   - an app instance that does not send grades itself (LTI_WORKER=0) still queues the scores when it releases.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/server/authz'
import { examView, finishExam, notifyDueReleases, releaseExam, saveDraft, saveExamSettings, startExam } from '@/lib/server/exams'
import { overrideGrade } from '@/lib/server/instructor/results'
import { drainOutbox } from '@/lib/server/lti/outbox'
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

/** An exam (grades hidden until release) linked to an LMS grade column; `n` students have opened it from the LMS. */
async function linkedExam(linkId: string, n: number) {
  const a = await t.db.assignment.create({
    data: { courseId, title: `Exam ${linkId}`, maxAttempts: 1, items: { create: TEMPLATES.map((templateId, i) => ({ templateId, points: 10 + 5 * i, position: i + 1 })) } },
    include: { items: { orderBy: { position: 'asc' } } },
  })
  await saveExamSettings(t.db, a.id, { timeLimitMinutes: 30, accessCode: null, oneAtATime: false, perQuestionCheck: false, review: { afterSubmit: HIDDEN, afterClose: HIDDEN, afterRelease: SHOWN } })
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

/** The student sits the exam: the first `right` questions answered right (from their own variant), the rest wrong. */
async function sit(actor: Actor & { userId: string }, assignmentId: string, right: number) {
  await startExam(t.db, actor, { assignmentId })
  const v = await examView(t.db, actor, assignmentId)
  if (v.state !== 'sitting') throw new Error(v.state)
  for (const [i, q] of v.questions.entries()) {
    const variant = await t.db.variant.findUniqueOrThrow({ where: { id: q.variantId } })
    const { template, data } = materialize(variant)
    const sol = template.solve(data) as Record<string, unknown>
    const answers = Object.fromEntries(Object.entries(sol).map(([k, x]) => [k, i < right && typeof x === 'number' ? x.toPrecision(15) : i < right ? String(x) : '987654']))
    await saveDraft(t.db, actor, { itemId: q.id, variantId: q.variantId, answers })
  }
  await finishExam(t.db, actor, assignmentId)
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
})
