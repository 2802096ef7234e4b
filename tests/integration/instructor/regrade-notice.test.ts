/**
 * Students are told of regrades (issue 9, instructors): after an instructor regrades a question, each student
 * whose score changed sees it on the question page (grade notes), on the attempt's own page and on the assignment
 * page, with the old and new score, and the reason only when the instructor chose to share it. Students whose
 * attempts did not change, and other students, are told nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnswerValue } from '@/lib/questions/types'
import { gradeNotes } from '@/lib/server/gradeNotes'
import * as I from '@/lib/server/instructor'
import { assignmentView, attemptView } from '@/lib/server/student'
import { type TestDb, freshDb, makeUser } from '../helpers'
import { as, submit, world } from './setup'

let t: TestDb
let w: Awaited<ReturnType<typeof world>>
let sharedItem: { id: string }
let privateItem: { id: string }
let assignmentId: string
let student: { id: string }
let wrongShared: string
let wrongPrivate: string
let rightShared: string
let fromShared: number
let fromPrivate: number

// 2% off the right value: outside the default relative tolerance of 0.1%, inside a widened 5%.
const off = (v: AnswerValue) => (typeof v === 'number' ? (v === 0 ? 0.02 : v * 1.02) : v)

async function widenAndRegrade(itemId: string, reason: string, shareReason?: string) {
  await I.setItemTolerance(t.db, as(w.instructor), { itemId, tolerance: { rel: 0.05, abs: 1e-6 } })
  const plan = await I.planRegrade(t.db, as(w.instructor), { itemId })
  return I.applyRegrade(t.db, as(w.instructor), { itemId, planHash: plan.planHash, reason, shareReason })
}

beforeAll(async () => {
  t = await freshDb()
  w = await world(t.db)
  const a = await I.createAssignment(t.db, as(w.instructor), {
    courseId: w.course.id,
    assignment: { title: 'Regrade notices', maxAttempts: 3, items: [{ templateId: 'lasso-1d-lambda-star', points: 5 }, { templateId: 'lasso-1d-lambda-star', points: 5 }] },
  })
  assignmentId = a.id
  ;[sharedItem, privateItem] = a.items
  student = await makeUser(t.db)
  await I.joinCourse(t.db, as(student), { code: (await t.db.course.findUniqueOrThrow({ where: { id: w.course.id } })).joinCode })
  wrongShared = (await submit(t.db, as(student), sharedItem.id, off)).attemptId
  wrongPrivate = (await submit(t.db, as(student), privateItem.id, off)).attemptId
  rightShared = (await submit(t.db, as(w.student), sharedItem.id, 'correct')).attemptId
  fromShared = (await t.db.attempt.findUniqueOrThrow({ where: { id: wrongShared } })).score
  fromPrivate = (await t.db.attempt.findUniqueOrThrow({ where: { id: wrongPrivate } })).score
  expect(fromShared).toBeLessThan(1)
  expect(await widenAndRegrade(sharedItem.id, 'Tolerance widened to 5%: rounding in the table', 'on')).toMatchObject({ changed: 1 })
  expect(await widenAndRegrade(privateItem.id, 'Private: fixing my own typo')).toMatchObject({ changed: 1 })
})
afterAll(async () => t?.cleanup())

describe('regrade notices', () => {
  it('the question page lists the regrade with the old and new score, and the reason when it was shared', async () => {
    const shared = await gradeNotes(t.db, as(student), sharedItem.id)
    expect(shared).toEqual([{ kind: 'regrade', attemptNumber: 1, from: fromShared, to: 1, reason: 'Tolerance widened to 5%: rounding in the table', at: expect.any(Date) }])
    expect(shared[0].at.getTime()).toBeGreaterThan(Date.now() - 60_000)
    const kept = await gradeNotes(t.db, as(student), privateItem.id)
    expect(kept).toEqual([{ kind: 'regrade', attemptNumber: 1, from: fromPrivate, to: 1, reason: null, at: expect.any(Date) }])
    expect(JSON.stringify(kept)).not.toContain('typo')
  })

  it('the attempt page of the regraded attempt says so; an unchanged attempt says nothing', async () => {
    const v = await attemptView(t.db, as(student), wrongShared)
    expect(v.score).toBe(1)
    expect(v.gradeChanges).toEqual([{ kind: 'regrade', from: fromShared, to: 1, reason: 'Tolerance widened to 5%: rounding in the table', at: expect.any(Date) }])
    expect((await attemptView(t.db, as(student), wrongPrivate)).gradeChanges).toEqual([expect.objectContaining({ kind: 'regrade', reason: null })])
    expect((await attemptView(t.db, as(w.student), rightShared)).gradeChanges).toEqual([])
  })

  it('the assignment page marks each regraded question, for its student only', async () => {
    const mine = await assignmentView(t.db, as(student), assignmentId)
    expect(mine.items.map((i) => i.regradedAt instanceof Date)).toEqual([true, true])
    const other = await assignmentView(t.db, as(w.student), assignmentId)
    expect(other.items.map((i) => i.regradedAt)).toEqual([null, null])
    expect(await gradeNotes(t.db, as(w.student), sharedItem.id)).toEqual([])
  })

  it('an override is still told as an override, beside the regrade', async () => {
    await I.overrideGrade(t.db, as(w.instructor), { attemptId: wrongShared, score: 0.9, reason: 'Late by a minute: penalty waived in part', shareReason: 'on' })
    const notes = await gradeNotes(t.db, as(student), sharedItem.id)
    expect(notes.map((n) => [n.kind, n.from, n.to])).toEqual([
      ['regrade', fromShared, 1],
      ['override', 1, 0.9],
    ])
  })
})
