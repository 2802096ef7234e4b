/**
 * Every kind of grade change reaches the LMS line item through the outbox, against the simulated platform: a
 * graded attempt, an instructor's override and a regrade each post the student's new assignment score (computed
 * here from the stored attempts); the access token from the client-credentials grant is fetched once and reused
 * until it expires, then fetched again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnswerValue } from '@/lib/questions/types'
import type { Actor } from '@/lib/server/authz'
import { applyRegrade, planRegrade, setItemTolerance } from '@/lib/server/instructor/regrade'
import { overrideGrade } from '@/lib/server/instructor/results'
import { drainOutbox } from '@/lib/server/lti/outbox'
import { type Platform, ROLE } from '../../lti/platform'
import { launch, setupPlatform } from '../../lti/tool'
import { submit } from '../instructor/setup'
import { type TestDb, freshDb } from '../helpers'

let t: TestDb
let platform: Platform
let instructor: Actor & { userId: string }
let student: Actor & { userId: string }
let item: { id: string; points: number }
let lineItemId: string
const SUB = 'pc-stud'

beforeAll(async () => {
  t = await freshDb()
  ;({ platform } = await setupPlatform(t.db))
  const inst = await launch(t.db, platform, { user: { sub: 'pc-inst', name: 'Pia', roles: [ROLE.instructor] }, contextId: 'ctx-PC', resourceLinkId: 'rl-setup' })
  instructor = { userId: inst.userId }
  const a = await t.db.assignment.create({
    data: { courseId: inst.courseId, title: 'Changes', maxAttempts: 10, items: { create: [{ templateId: 'lasso-1d-lambda-star', points: 8, position: 1 }] } },
    include: { items: true },
  })
  item = a.items[0]
  const url = platform.addLineItem('ctx-PC', { label: a.title, scoreMaximum: 8, resourceId: a.id }, { id: 'rl-pc', title: a.title, custom: { assignment_id: a.id } })
  lineItemId = url.split('/').at(-1) as string
  const s = await launch(t.db, platform, { user: { sub: SUB, name: 'Paul', roles: [ROLE.learner] }, contextId: 'ctx-PC', resourceLinkId: 'rl-pc' })
  student = { userId: s.userId }
}, 120_000)
afterAll(async () => {
  await platform?.stop()
  await t?.cleanup()
})

const tokenRequests = () => platform.requests.filter((r) => r.path === '/token').length
const posted = () => platform.scores.filter((s) => s.lineItemId === lineItemId && s.userId === SUB && s.status === 200)

/** The student's assignment score in points, from the stored attempts (best counted score × points). */
async function expected() {
  const attempts = await t.db.attempt.findMany({ where: { userId: student.userId, itemId: item.id } })
  return Math.max(0, ...attempts.map((a) => a.score)) * item.points
}

async function send() {
  expect(await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })).toMatchObject({ sent: 1, retried: 0, failed: 0 })
}

describe('grade changes and the LMS line item', () => {
  it('an attempt, an override and a regrade each post the new score; the access token is reused until it expires', async () => {
    const tokensBefore = tokenRequests()
    // 2% off the right value: wrong under the default tolerance, right under a widened 5% one.
    const off = (v: AnswerValue) => (typeof v === 'number' ? (v === 0 ? 0.02 : v * 1.02) : v)
    const attempt = await submit(t.db, student, item.id, off)
    const first = await t.db.attempt.findUniqueOrThrow({ where: { id: attempt.attemptId } })
    expect(first.score).toBeLessThan(1)
    await send()
    expect(posted().map((p) => p.scoreGiven)).toEqual([await expected()])

    await setItemTolerance(t.db, instructor, { itemId: item.id, tolerance: { rel: 0.05, abs: 1e-6 } })
    const plan = await planRegrade(t.db, instructor, { itemId: item.id })
    expect(plan.changes.map((c) => c.attemptId)).toEqual([attempt.attemptId])
    await applyRegrade(t.db, instructor, { itemId: item.id, planHash: plan.planHash, reason: 'Tolerance widened to 5%' })
    await send()
    expect(await expected()).toBeCloseTo(8, 9)
    expect(posted().at(-1)?.scoreGiven).toBeCloseTo(8, 9)

    await overrideGrade(t.db, instructor, { attemptId: attempt.attemptId, score: 0.25, reason: 'Method right, arithmetic off' })
    await send()
    expect(await expected()).toBeCloseTo(2, 9)
    expect(posted().at(-1)?.scoreGiven).toBeCloseTo(2, 9)
    expect(posted()).toHaveLength(3)
    const times = posted().map((p) => Date.parse(p.timestamp))
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    expect(tokenRequests() - tokensBefore).toBe(1) // one token for three posts

    // The cached token expires: the next post gets a new one.
    await t.db.ltiAccessToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } })
    await overrideGrade(t.db, instructor, { attemptId: attempt.attemptId, score: 0.5, reason: 'Second look' })
    await send()
    expect(await expected()).toBeCloseTo(4, 9)
    expect(posted().at(-1)?.scoreGiven).toBeCloseTo(4, 9)
    expect(tokenRequests() - tokensBefore).toBe(2)
  })
})
