/**
 * Issue 9: a part credited by carry-forward keeps its credit, but when its value is itself a named mistake (the
 * OLS slope Σxy/Σx² built from the student's own uncentered sums) the mistake is named in that part's feedback
 * and counted in the misconception report, next to the mistakes of the earlier parts (SQLite or PostgreSQL, by
 * TEST_BACKEND). The uncentered sums are computed here by hand from the variant's data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as I from '@/lib/server/instructor'
import { type TestDb, freshDb, makeUser } from '../helpers'
import { answersFor, as } from './setup'
import { randomUUID } from 'node:crypto'
import { submitAttempt } from '@/lib/server/student'

let t: TestDb
let ids: { instructor: string; assignment: string; item: string; attempt: string }

beforeAll(async () => {
  t = await freshDb()
  const instructor = await makeUser(t.db)
  const course = await I.createCourse(t.db, as(instructor), { title: 'Regression methods' })
  const assignment = await I.createAssignment(t.db, as(instructor), {
    courseId: course.id,
    assignment: { title: 'OLS by hand', dueAt: new Date(Date.now() + 7 * 86400_000).toISOString(), maxAttempts: 3, items: [{ templateId: 'ols-1d', params: {}, points: 10 }] },
  })
  const item = assignment.items[0].id
  // A student whose dataset tells the mistake apart. In a few datasets in a thousand (y = x, say) the slope from
  // uncentered sums is so close to the right one that it is graded right, not as a mistake: take a student (each has
  // their own dataset) whose two slopes differ by more than 1 %.
  let found: { student: { id: string }; a: Awaited<ReturnType<typeof answersFor>>; x: number[]; y: number[]; m: number; sxx: number; sxy: number } | null = null
  for (let tries = 0; tries < 8 && !found; tries++) {
    const student = await makeUser(t.db)
    await I.joinCourse(t.db, as(student), { code: course.joinCode })
    const a = await answersFor(t.db, as(student), item, 'correct')
    const { x, y } = a.data as { x: number[]; y: number[] }
    const n = x.length
    const xc = x.reduce((s, v) => s + v, 0) / n
    const yc = y.reduce((s, v) => s + v, 0) / n
    const right = x.reduce((s, v, i) => s + (v - xc) * (y[i] - yc), 0) / x.reduce((s, v) => s + (v - xc) ** 2, 0)
    const sxx = x.reduce((s, v) => s + v * v, 0)
    const sxy = x.reduce((s, v, i) => s + v * y[i], 0)
    if (Math.abs(sxy / sxx - right) > 0.01 * Math.abs(right)) found = { student, a, x, y, m: sxy / sxx, sxx, sxy }
  }
  if (!found) throw new Error('no dataset among 8 students tells the uncentered slope apart')
  const { student, a, x, y, m, sxx, sxy } = found
  const n = x.length
  const xMean = x.reduce((s, v) => s + v, 0) / n
  const yMean = y.reduce((s, v) => s + v, 0) / n
  const answers = { xMean: String(xMean), yMean: String(yMean), Sxx: String(sxx), Sxy: String(sxy), m: m.toPrecision(17), b: (yMean - m * xMean).toPrecision(17) }
  const r = await submitAttempt(t.db, as(student), { itemId: item, variantId: a.variantId, idempotencyKey: randomUUID(), answers })
  if (!r.ok) throw new Error(`submission refused: ${r.message}`)
  ids = { instructor: instructor.id, assignment: assignment.id, item, attempt: r.attemptId }
})
afterAll(async () => t?.cleanup())

describe('a carried-forward part that is a named mistake', () => {
  it('is credited, flagged and diagnosed, with the mistake named in its feedback', async () => {
    const parts = await t.db.attemptPart.findMany({ where: { attemptId: ids.attempt } })
    const byId = Object.fromEntries(parts.map((p) => [p.partId, p]))
    expect(byId.Sxx).toMatchObject({ correct: false, diagnosis: 'sxx-uncentered' })
    expect(byId.Sxy).toMatchObject({ correct: false, diagnosis: 'sxy-uncentered' })
    expect(byId.m).toMatchObject({ correct: true, score: 1, diagnosis: 'slope-uncentered' })
    const d = await I.studentDrilldown(t.db, as({ id: ids.instructor }), { assignmentId: ids.assignment, userId: (await t.db.attempt.findUniqueOrThrow({ where: { id: ids.attempt } })).userId })
    const m = d.items[0].attempts[0].parts.find((p) => p.id === 'm')
    expect(m?.grade).toMatchObject({ carriedForward: true, diagnosis: 'slope-uncentered' })
    expect(m?.grade?.feedback).toMatch(/uncentered sums/i)
  })

  it('is counted in the misconception report, as are the earlier parts’ mistakes', async () => {
    const r = await I.misconceptionReport(t.db, as({ id: ids.instructor }), ids.assignment)
    const rows = Object.fromEntries(r.items[0].mistakes.map((m) => [m.id ?? 'other', m]))
    expect(rows['slope-uncentered']).toMatchObject({ students: 1, attempts: 1, part: 'm' })
    expect(rows['slope-uncentered'].examples).toEqual([expect.objectContaining({ attemptId: ids.attempt, number: 1 })])
    expect(rows['sxx-uncentered']).toMatchObject({ students: 1, attempts: 1 })
    expect(rows['sxy-uncentered']).toMatchObject({ students: 1, attempts: 1 })
    // b, carried forward from that slope and a named mistake of no part, is credited and not a wrong answer.
    expect(rows.other).toMatchObject({ students: 0, attempts: 0 })
  })
})
