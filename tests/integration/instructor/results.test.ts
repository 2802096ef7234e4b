/**
 * The instructor flow on the use cases: a course, an assignment of three templates, students who join by code
 * and answer (right, with a named mistake, wrong), then the gradebook, statistics, misconception report, the
 * CSV files, overrides and extensions; and a regrade after the answer tolerance changes, with its diff and
 * audit rows.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TOLERANCE } from '@/lib/questions/answers'
import { getTemplate } from '@/lib/questions/registry'
import type { AnswerValue } from '@/lib/questions/types'
import { UserError } from '@/lib/server/errors'
import * as I from '@/lib/server/instructor'
import { type TestDb, freshDb, makeUser } from '../helpers'
import { as, parseCsv as parse, submit, threeTemplates, world } from './setup'

let t: TestDb
let w: Awaited<ReturnType<typeof world>>
let mistake: { attemptId: string; mistakeId: string | null }

beforeAll(async () => {
  t = await freshDb()
  w = await world(t.db)
  // student: item 1 right first time; item 2 a named mistake, then right; item 3 untouched.
  await submit(t.db, as(w.student), w.items[0].id, 'correct')
  mistake = await submit(t.db, as(w.student), w.items[1].id, { mistake: 0 })
  await submit(t.db, as(w.student), w.items[1].id, 'correct')
  // student2: item 1 with a named mistake only.
  await submit(t.db, as(w.student2), w.items[0].id, { mistake: 0 })
})
afterAll(async () => t?.cleanup())

describe('gradebook, statistics, misconceptions', () => {
  it('the gradebook has one row per student, the best score per question, and totals in points', async () => {
    const g = await I.gradebook(t.db, as(w.instructor), w.assignment.id)
    expect(g.items.map((i) => i.templateId)).toEqual(threeTemplates())
    expect(g.totalPoints).toBe(10 + 11 + 12)
    const row = g.rows.find((r) => r.userId === w.student.id)!
    expect(row.cells.map((c) => c.score)).toEqual([1, 1, null])
    expect(row.cells.map((c) => c.attempts)).toEqual([1, 2, 0])
    expect(row.total).toBeCloseTo(21, 12)
    const row2 = g.rows.find((r) => r.userId === w.student2.id)!
    expect(row2.cells[0].score).toBeLessThan(1)
    expect(row2.cells[1].score).toBeNull()
  })

  it('item statistics: mean best score, solved share, attempts to solve, share right on the first attempt', async () => {
    const s = await I.itemStats(t.db, as(w.ta), w.assignment.id)
    expect(s.students).toBe(2)
    const [q1, q2, q3] = s.items
    expect(q1).toMatchObject({ attempted: 2, solvedShare: 0.5, firstTryShare: 0.5, meanAttemptsToSolve: 1 })
    expect(q2).toMatchObject({ attempted: 1, solvedShare: 1, firstTryShare: 0, meanAttemptsToSolve: 2, meanScore: 1 })
    expect(q3).toMatchObject({ attempted: 0, meanScore: null, solvedShare: null })
  })

  it("the misconception report counts each student's named mistake, with a link to an example attempt", async () => {
    const r = await I.misconceptionReport(t.db, as(w.instructor), w.assignment.id)
    const q2 = r.items[1]
    expect(mistake.mistakeId).not.toBeNull()
    const row = q2.mistakes.find((m) => m.id === mistake.mistakeId)!
    expect(row).toMatchObject({ students: 1, attempts: 1 })
    expect(row.examples).toEqual([expect.objectContaining({ attemptId: mistake.attemptId, number: 1 })])
    // Every other named mistake of that question: nobody.
    expect(q2.mistakes.filter((m) => m.id !== mistake.mistakeId).every((m) => m.students === 0)).toBe(true)
    // Question 1: student2's mistake.
    expect(r.items[0].mistakes[0].students).toBe(1)
  })

  it('the drill-down shows every attempt with its variant, answers, the correct answer and feedback', async () => {
    const d = await I.studentDrilldown(t.db, as(w.ta), { assignmentId: w.assignment.id, userId: w.student.id })
    const q2 = d.items[1]
    expect(q2.attempts.map((a) => a.number)).toEqual([1, 2])
    const first = q2.attempts[0]
    expect(first.variant.seed).toMatch(/^[0-9a-f]{64}$/)
    expect(first.parts.some((p) => p.grade?.diagnosis === mistake.mistakeId && p.mistake && p.grade.feedback.length > 0)).toBe(true)
    expect(first.parts.every((p) => p.correctAnswer !== null)).toBe(true)
  })
})

describe('CSV exports', () => {
  it('gradebook CSV: a header, one row per student, points per question, total and late flag', async () => {
    const { csv, filename } = await I.gradebookCsv(t.db, as(w.instructor), w.assignment.id)
    expect(filename).toMatch(/\.csv$/)
    const rows = parse(csv) as string[][]
    expect(rows[0].slice(0, 2)).toEqual(['Student', 'Email'])
    expect(rows[0]).toContain('Total (points)')
    expect(rows).toHaveLength(3)
    const mine = rows.find((r) => r[1] === w.student.email)!
    const totalCol = rows[0].indexOf('Total (points)')
    expect(Number(mine[totalCol])).toBeCloseTo(21, 6)
    expect(mine.slice(2, 5)).toEqual(['10', '11', ''])
  })

  it('Canvas CSV: the five identity columns, one column per assignment, a Points Possible row, SIS Login ID = email', async () => {
    const { csv } = await I.canvasCsv(t.db, as(w.ta), w.course.id)
    const rows = parse(csv) as string[][]
    expect(rows[0]).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'Shrinkage, week 1'])
    expect(rows[1][0].trim()).toBe('Points Possible')
    expect(rows[1][5]).toBe('33')
    const mine = rows.find((r) => r[3] === w.student.email)!
    expect(Number(mine[5])).toBeCloseTo(21, 6)
  })

  it('attempts CSV: one row per attempt with seed, answers as typed and diagnoses', async () => {
    const { csv } = await I.attemptsCsv(t.db, as(w.instructor), w.assignment.id)
    const rows = parse(csv, { columns: true }) as Record<string, string>[]
    expect(rows).toHaveLength(4)
    const m = rows.find((r) => r.Diagnoses.includes(mistake.mistakeId!))!
    expect(m.Email).toBe(w.student.email)
    expect(m.Seed).toMatch(/^[0-9a-f]{64}$/)
    expect(m.Answers).toMatch(/=/)
  })

  it('a student named like a formula is exported as text, not as a formula', async () => {
    const evil = await makeUser(t.db, 'STUDENT', w.course.id)
    await t.db.user.update({ where: { id: evil.id }, data: { name: '=HYPERLINK("http://x","y")' } })
    const rows = parse((await I.gradebookCsv(t.db, as(w.instructor), w.assignment.id)).csv) as string[][]
    expect(rows.some((r) => r[0] === `'=HYPERLINK("http://x","y")`)).toBe(true)
    expect(I.safeCell('-3.5')).toBe('-3.5')
    expect(I.safeCell('-cmd')).toBe("'-cmd")
    await t.db.user.delete({ where: { id: evil.id } })
  })
})

describe('overrides and extensions', () => {
  it('a manual override changes the counted score and records who, when and why', async () => {
    const attempt = await t.db.attempt.findFirstOrThrow({ where: { userId: w.student2.id, itemId: w.items[0].id } })
    await I.overrideGrade(t.db, as(w.ta), { attemptId: attempt.id, score: 0.75, reason: 'Right idea, arithmetic slip' })
    const after = await t.db.attempt.findUniqueOrThrow({ where: { id: attempt.id }, include: { gradeChanges: true } })
    expect(after.score).toBe(0.75)
    expect(after.gradeChanges).toEqual([
      expect.objectContaining({ kind: 'OVERRIDE', fromScore: attempt.score, toScore: 0.75, reason: 'Right idea, arithmetic slip', changedById: w.ta.id }),
    ])
    await expect(I.overrideGrade(t.db, as(w.ta), { attemptId: attempt.id, score: 1.5, reason: 'too much' })).rejects.toMatchObject({ code: 'invalid' })
    await expect(I.overrideGrade(t.db, as(w.ta), { attemptId: attempt.id, score: 1, reason: '' })).rejects.toMatchObject({ code: 'invalid', fieldErrors: { reason: expect.any(String) } })
  })

  it('extensions: only for students, only later than the due date; listed per assignment', async () => {
    const due = new Date(Date.now() + 20 * 86400_000)
    await I.grantExtension(t.db, as(w.instructor), { assignmentId: w.assignment.id, userId: w.student2.id, dueAt: due.toISOString() })
    const l = await I.listExtensions(t.db, as(w.ta), w.assignment.id)
    expect(l.extensions).toEqual([expect.objectContaining({ userId: w.student2.id, dueAt: due })])
    await expect(I.grantExtension(t.db, as(w.instructor), { assignmentId: w.assignment.id, userId: w.ta.id, dueAt: due.toISOString() })).rejects.toMatchObject({ code: 'invalid' })
    await expect(I.grantExtension(t.db, as(w.instructor), { assignmentId: w.assignment.id, userId: w.student.id, dueAt: '2000-01-01T00:00' })).rejects.toMatchObject({ code: 'invalid' })
    const g = await I.gradebook(t.db, as(w.instructor), w.assignment.id)
    expect(g.rows.find((r) => r.userId === w.student2.id)!.extensionDue).toEqual(due)
  })
})

describe('regrade after the answer tolerance changes', () => {
  // The reference template: one number part, λ*.
  let item: { id: string }
  let regradeAssignment: { id: string }
  beforeAll(async () => {
    const a = await I.createAssignment(t.db, as(w.instructor), {
      courseId: w.course.id,
      assignment: { title: 'Regrade check', maxAttempts: 3, items: [{ templateId: 'lasso-1d-lambda-star', points: 5 }] },
    })
    regradeAssignment = a
    item = a.items[0]
  })

  it('shows who changes from what to what, applies exactly that, and writes one audit row per change', async () => {
    const u = await makeUser(t.db)
    await I.joinCourse(t.db, as(u), { code: (await t.db.course.findUniqueOrThrow({ where: { id: w.course.id } })).joinCode })
    // 2% off the right value: outside the default relative tolerance of 0.1%, inside a widened 5%.
    const off = (v: AnswerValue) => (typeof v === 'number' ? (v === 0 ? 0.02 : v * 1.02) : v)
    const wrong = await submit(t.db, as(u), item.id, off)
    const right = await submit(t.db, as(w.student), item.id, 'correct')
    const before = await t.db.attempt.findUniqueOrThrow({ where: { id: wrong.attemptId } })
    expect(before.rawScore).toBeLessThan(1)
    expect(DEFAULT_TOLERANCE.rel).toBeLessThan(0.02)

    // Nothing changed yet: the plan is empty.
    expect((await I.planRegrade(t.db, as(w.instructor), { itemId: item.id })).changes).toEqual([])

    await I.setItemTolerance(t.db, as(w.instructor), { itemId: item.id, tolerance: { rel: 0.05, abs: 1e-6 } })
    const plan = await I.planRegrade(t.db, as(w.instructor), { itemId: item.id })
    expect(plan.tolerance).toEqual({ rel: 0.05, abs: 1e-6 })
    expect(plan.changes).toHaveLength(1)
    expect(plan.changes[0]).toMatchObject({ attemptId: wrong.attemptId, userId: u.id, from: { score: before.score, rawScore: before.rawScore }, to: { score: 1, rawScore: 1 } })
    expect(plan.unchanged).toBe(1)
    // Nothing is written by the plan.
    expect(await t.db.gradeChange.count({ where: { kind: 'REGRADE' } })).toBe(0)

    // A stale plan is refused.
    await expect(I.applyRegrade(t.db, as(w.instructor), { itemId: item.id, planHash: 'f'.repeat(64), reason: 'Tolerance widened to 5%' })).rejects.toBeInstanceOf(UserError)

    const r = await I.applyRegrade(t.db, as(w.instructor), { itemId: item.id, planHash: plan.planHash, reason: 'Tolerance widened to 5%' })
    expect(r).toEqual({ changed: 1, unchanged: 1, overridden: 0 })
    const after = await t.db.attempt.findUniqueOrThrow({ where: { id: wrong.attemptId }, include: { parts: true, gradeChanges: true } })
    expect(after.score).toBe(1)
    expect(after.rawScore).toBe(1)
    expect(after.parts.every((p) => p.correct && p.score === 1 && p.diagnosis === null)).toBe(true)
    expect(Object.values(JSON.parse(after.grade) as Record<string, { correct: boolean }>).every((g) => g.correct)).toBe(true)
    expect(after.gradeChanges).toEqual([
      expect.objectContaining({ kind: 'REGRADE', fromScore: before.score, toScore: 1, reason: 'Tolerance widened to 5%', changedById: w.instructor.id }),
    ])
    expect(after.gradeChanges[0].createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000)
    const untouched = await t.db.attempt.findUniqueOrThrow({ where: { id: right.attemptId }, include: { gradeChanges: true } })
    expect(untouched.gradeChanges).toEqual([])

    // Applying the same regrade again changes nothing more.
    const again = await I.planRegrade(t.db, as(w.instructor), { itemId: item.id })
    expect(again.changes).toEqual([])
  })

  it('applies the current retry penalty, and leaves manually overridden attempts alone', async () => {
    const s = await makeUser(t.db, 'STUDENT', w.course.id)
    await submit(t.db, as(s), item.id, (v: AnswerValue) => (typeof v === 'number' ? v * 2 + 1 : v))
    const second = await submit(t.db, as(s), item.id, 'correct')
    const toOverride = await submit(t.db, as(w.student2), item.id, (v: AnswerValue) => (typeof v === 'number' ? v * 3 + 1 : v))
    await I.overrideGrade(t.db, as(w.instructor), { attemptId: toOverride.attemptId, score: 0.5, reason: 'Partial credit for the method' })
    const edit = await I.assignmentForEdit(t.db, as(w.instructor), regradeAssignment.id)
    const r = await I.updateAssignment(t.db, as(w.instructor), {
      assignmentId: regradeAssignment.id,
      assignment: { ...edit, retryPenalty: 0.2, items: edit.items.map((i) => ({ id: i.id, templateId: i.templateId, params: i.params, points: i.points, tolerance: i.tolerance })) },
    })
    // The edit changes graded work's policy: it asks for confirmation and names the change.
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.changes.map((c) => c.text).join(' ')).toMatch(/penalty per retry \(0% → 20%\)/)
    const ok = await I.updateAssignment(t.db, as(w.instructor), {
      assignmentId: regradeAssignment.id,
      confirm: true,
      assignment: { ...edit, retryPenalty: 0.2, items: edit.items.map((i) => ({ id: i.id, templateId: i.templateId, params: i.params, points: i.points, tolerance: i.tolerance })) },
    })
    expect(ok.ok).toBe(true)
    const plan = await I.planRegrade(t.db, as(w.instructor), { itemId: item.id })
    expect(plan.changes).toEqual([expect.objectContaining({ attemptId: second.attemptId, from: expect.objectContaining({ score: 1 }), to: expect.objectContaining({ score: 0.8, rawScore: 1 }) })])
    expect(plan.overridden.map((o) => o.attemptId)).toEqual([toOverride.attemptId])
  })
})

describe('builder validation', () => {
  it("rejects params the template's schema refuses, with the field named", async () => {
    const e = await I.createAssignment(t.db, as(w.instructor), {
      courseId: w.course.id,
      assignment: { title: 'Bad params', items: [{ templateId: 'lasso-1d-lambda-star', points: 1 }, { templateId: 'lasso-1d-lambda-star', params: { nMin: 1000 }, points: 1 }] },
    }).catch((x) => x)
    expect(e).toBeInstanceOf(UserError)
    expect(Object.keys(e.fieldErrors)).toEqual(['items.1.params.nMin'])
    expect(e.message).toMatch(/^One field needs correcting: Question 2, Fewest data points: /)
    const fields = I.paramFields(getTemplate('lasso-1d-lambda-star')!)
    expect(fields.find((f) => f.name === 'nMin')).toMatchObject({ kind: 'number', integer: true })
    expect(fields.find((f) => f.name === 'convention')).toMatchObject({ kind: 'enum', options: expect.arrayContaining([expect.objectContaining({ value: 'lambda' }), expect.objectContaining({ value: 'two-lambda' })]) })
  })

  it('rejects a due date before the opening date and an empty assignment', async () => {
    const e = await I.createAssignment(t.db, as(w.instructor), {
      courseId: w.course.id,
      assignment: { title: 'Dates', opensAt: '2030-01-02T00:00', dueAt: '2030-01-01T00:00', items: [] },
    }).catch((x) => x)
    expect(e.fieldErrors).toMatchObject({ dueAt: expect.any(String), items: expect.any(String) })
  })

  it('an edit that removes a question with attempts says so and deletes nothing until confirmed', async () => {
    const edit = await I.assignmentForEdit(t.db, as(w.instructor), w.assignment.id)
    const input = { ...edit, items: edit.items.slice(1).map((i) => ({ id: i.id, templateId: i.templateId, params: i.params, points: i.points, tolerance: i.tolerance })) }
    const r = await I.updateAssignment(t.db, as(w.instructor), { assignmentId: w.assignment.id, assignment: input })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.changes.find((c) => c.severity === 'destructive')?.text).toMatch(/Question 1 .* is removed: its \d+ attempts by \d+ students/)
    expect(await t.db.assignmentItem.count({ where: { assignmentId: w.assignment.id } })).toBe(3)
  })
})
