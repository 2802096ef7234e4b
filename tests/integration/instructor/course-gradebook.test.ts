/**
 * The course-wide gradebook (SQLite and PostgreSQL): students × assignments with the points of each student's
 * counted attempts, totals, late and override marks, and the same in a CSV that opens in Excel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as I from '@/lib/server/instructor'
import { type TestDb, freshDb } from '../helpers'
import { as, parseCsv, submit, world } from './setup'

let t: TestDb
let w: Awaited<ReturnType<typeof world>>
let second: { id: string; items: { id: string; points: number }[] }
beforeAll(async () => {
  t = await freshDb()
  w = await world(t.db)
  second = await I.createAssignment(t.db, as(w.instructor), {
    courseId: w.course.id,
    assignment: { title: 'Week 2', maxAttempts: 2, items: [{ templateId: 'lasso-1d-lambda-star', points: 4 }] },
  })
  await submit(t.db, as(w.student), w.items[0].id, 'correct')
  const wrong = await submit(t.db, as(w.student), second.items[0].id, { mistake: 0 })
  await I.overrideGrade(t.db, as(w.instructor), { attemptId: wrong.attemptId, score: 0.5, reason: 'Method right' })
  // A late attempt: the student's work arrives after the due date.
  await t.db.attempt.update({ where: { id: wrong.attemptId }, data: { late: true } })
})
afterAll(async () => t?.cleanup())

describe('course gradebook', () => {
  it('has one row per student, one column per assignment, points with late and override marks, and totals', async () => {
    const g = await I.courseGradebook(t.db, as(w.ta), w.course.id)
    expect(g.assignments.map((a) => a.title)).toEqual(expect.arrayContaining(['Shrinkage, week 1', 'Week 2']))
    const firstPoints = w.items[0].points
    const row = g.rows.find((r) => r.userId === w.student.id)!
    const cell = (aid: string) => row.cells.find((c) => c.assignmentId === aid)!
    expect(cell(w.assignment.id)).toMatchObject({ points: firstPoints, late: false, overridden: false })
    expect(cell(second.id)).toMatchObject({ points: 2, late: true, overridden: true })
    expect(row.total).toBeCloseTo(firstPoints + 2, 9)
    expect(g.totalPoints).toBe(w.items.reduce((s, i) => s + i.points, 0) + 4)
    const other = g.rows.find((r) => r.userId === w.student2.id)!
    expect(other.cells.every((c) => c.points === null)).toBe(true)
    expect(other.total).toBe(0)
  })

  it('exports the same table as CSV with a BOM, units and marks', async () => {
    const { csv, filename } = await I.courseGradebookCsv(t.db, as(w.instructor), w.course.id)
    expect(filename).toMatch(/gradebook\.csv$/)
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const rows = parseCsv(csv, { columns: true }) as unknown as Record<string, string>[]
    const mine = rows.find((r) => r.Email === w.student.email)!
    expect(mine['Week 2 (4 pts)']).toBe('2')
    expect(mine['Week 2 marks']).toBe('late overridden')
    expect(Number(mine['Total (points)'])).toBeCloseTo(w.items[0].points + 2, 6)
    expect(Object.keys(mine)).toContain('Percent (%)')
  })
})

describe('answer tolerance form', () => {
  it('accepts one filled box, keeping the default for the other, and names a bad entry without "NaN"', async () => {
    const itemId = second.items[0].id
    await I.setItemTolerance(t.db, as(w.instructor), { itemId, tolerance: { rel: '0.01' } })
    const stored = JSON.parse((await t.db.assignmentItem.findUniqueOrThrow({ where: { id: itemId } })).tolerance ?? 'null')
    expect(stored.rel).toBe(0.01)
    expect(stored.abs).toBeGreaterThan(0)
    const bad = await I.setItemTolerance(t.db, as(w.instructor), { itemId, tolerance: { abs: 'lots' } }).catch((e) => e)
    expect(bad.fieldErrors?.['tolerance.abs']).toMatch(/number/i)
    expect(JSON.stringify(bad.fieldErrors)).not.toMatch(/NaN/)
  })
})
