/**
 * Grades changed by hand (SQLite and PostgreSQL): an overridden attempt is marked in both gradebooks and its CSV;
 * the student is told their grade was changed, with the reason only when staff chose to share it; credit can be
 * given for a question the student never attempted, and then counts everywhere a total is computed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isUserError } from '@/lib/server/errors'
import { gradeNotes } from '@/lib/server/gradeNotes'
import * as I from '@/lib/server/instructor'
import { assignmentScore } from '@/lib/server/lti/outbox'
import { assignmentView, dashboard } from '@/lib/server/student'
import { type TestDb, freshDb } from '../helpers'
import { as, parseCsv, submit, world } from './setup'

let t: TestDb
let w: Awaited<ReturnType<typeof world>>
let sharedAttempt: string
let privateAttempt: string
beforeAll(async () => {
  t = await freshDb()
  w = await world(t.db)
  sharedAttempt = (await submit(t.db, as(w.student), w.items[0].id, { mistake: 0 })).attemptId
  privateAttempt = (await submit(t.db, as(w.student), w.items[1].id, { mistake: 0 })).attemptId
  await I.overrideGrade(t.db, as(w.ta), { attemptId: sharedAttempt, score: 0.8, reason: 'Method right, arithmetic slip', shareReason: 'on' })
  await I.overrideGrade(t.db, as(w.instructor), { attemptId: privateAttempt, score: 0.6, reason: 'Private note about this student' })
})
afterAll(async () => t?.cleanup())

const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e) => (isUserError(e) ? e.code : `unexpected ${e}`))

describe('overrides', () => {
  it('marks overridden cells in the assignment gradebook and its CSV', async () => {
    const g = await I.gradebook(t.db, as(w.instructor), w.assignment.id)
    const row = g.rows.find((r) => r.userId === w.student.id)!
    expect(row.cells.map((c) => c.overridden)).toEqual([true, true, false])
    expect(row.cells[0].score).toBe(0.8)
    const other = g.rows.find((r) => r.userId === w.student2.id)!
    expect(other.cells.every((c) => !c.overridden)).toBe(true)
    const rows = parseCsv((await I.gradebookCsv(t.db, as(w.instructor), w.assignment.id)).csv, { columns: true }) as unknown as Record<string, string>[]
    expect(rows.find((r) => r.Email === w.student.email)!['Overridden by hand (questions)']).toBe('Q1 Q2')
    expect(rows.find((r) => r.Email === w.student2.email)!['Overridden by hand (questions)']).toBe('')
  })

  it('tells the student their grade was changed, with the reason only when it was shared', async () => {
    const shared = await gradeNotes(t.db, as(w.student), w.items[0].id)
    expect(shared).toEqual([expect.objectContaining({ attemptNumber: 1, to: 0.8, reason: 'Method right, arithmetic slip' })])
    const kept = await gradeNotes(t.db, as(w.student), w.items[1].id)
    expect(kept).toEqual([expect.objectContaining({ attemptNumber: 1, to: 0.6, reason: null })])
    expect(JSON.stringify(kept)).not.toContain('Private note')
    // Another student of the course sees nothing of it; staff and strangers are not shown a student's notes.
    expect(await gradeNotes(t.db, as(w.student2), w.items[0].id)).toEqual([])
    expect(await code(gradeNotes(t.db, as(w.ta), w.items[0].id))).toBe('forbidden')
    expect(await code(gradeNotes(t.db, as(w.outsider), w.items[0].id))).toBe('not-found')
    expect(await code(gradeNotes(t.db, null, w.items[0].id))).toBe('unauthenticated')
  })
})

describe('credit for a question never attempted', () => {
  it('counts in both gradebooks, the student’s own pages and the LMS score, marked as given by hand', async () => {
    const item = w.items[2]
    const before = await assignmentScore(t.db, w.assignment.id, w.student2.id)
    expect(before.given).toBe(0)
    await I.giveCredit(t.db, as(w.ta), { itemId: item.id, userId: w.student2.id, score: 1, reason: 'Excused: ill, work shown in office hours', shareReason: true })

    const g = await I.gradebook(t.db, as(w.instructor), w.assignment.id)
    const cell = g.rows.find((r) => r.userId === w.student2.id)!.cells[2]
    expect(cell).toMatchObject({ score: 1, points: item.points, attempts: 0, overridden: true, credited: true })
    const course = await I.courseGradebook(t.db, as(w.instructor), w.course.id)
    expect(course.rows.find((r) => r.userId === w.student2.id)!.cells[0]).toMatchObject({ points: item.points, overridden: true })

    const view = await assignmentView(t.db, as(w.student2), w.assignment.id)
    expect(view.items[2].best).toBe(1)
    const dash = await dashboard(t.db, as(w.student2))
    expect(dash[0].assignments.find((a) => a.id === w.assignment.id)!.earned).toBe(item.points)
    expect((await assignmentScore(t.db, w.assignment.id, w.student2.id)).given).toBe(item.points)
    expect(await gradeNotes(t.db, as(w.student2), item.id)).toEqual([expect.objectContaining({ attemptNumber: null, to: 1, reason: 'Excused: ill, work shown in office hours' })])

    const d = await I.studentDrilldown(t.db, as(w.instructor), { assignmentId: w.assignment.id, userId: w.student2.id })
    expect(d.items[2]).toMatchObject({ best: 1, credit: { score: 1, shareReason: true } })
  })

  it('is refused for a question with attempts, for someone who is not a student, and for a bad score', async () => {
    expect(await code(I.giveCredit(t.db, as(w.instructor), { itemId: w.items[0].id, userId: w.student.id, score: 1, reason: 'Tries to bypass' }))).toBe('conflict')
    expect(await code(I.giveCredit(t.db, as(w.instructor), { itemId: w.items[2].id, userId: w.ta.id, score: 1, reason: 'Not a student' }))).toBe('not-found')
    const bad = await I.giveCredit(t.db, as(w.instructor), { itemId: w.items[2].id, userId: w.student.id, score: 1.5, reason: 'x' }).catch((e) => e)
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(['reason', 'score'])
    expect(await t.db.itemCredit.count({ where: { userId: w.student.id } })).toBe(0)
  })
})
