/**
 * Mastery on a real database (SQLite or PostgreSQL, by TEST_BACKEND): a convention mistake on an assignment
 * opens that mistake and puts its skill at "practising"; "practise what I got wrong" gives a variant where the
 * mistake gives another answer; two right practice answers close it and move the skill up; re-checking a
 * variant counts once; the class grid shows it to staff only; resetting practice undoes it; CSVs.
 */
import Fraction from 'fraction.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import { templates } from '@/lib/questions/registry'
import { makeVariant } from '@/lib/questions/variant'
import type { Actor } from '@/lib/server/authz'
import { checkPractice, classMastery, classMasteryCsv, myMastery, myMasteryCsv, resetPractice, startTargetedPractice } from '@/lib/server/mastery'
import { openItem, submitAttempt } from '@/lib/server/student'
import { materialize } from '@/lib/server/variants'
import { backend, freshDb, makeCourse, makeUser, type TestDb } from './helpers'

let t: TestDb
let db: Db
beforeAll(async () => {
  t = await freshDb()
  db = t.db
})
afterAll(async () => t?.cleanup())

/** |S_xy| with exact fractions, and λ* in the variant's convention and in the other one. */
function lambdaStars(v: { x: number[]; y: number[]; convention: string }) {
  const n = v.x.length
  const xbar = v.x.reduce((s, a) => s.add(a), new Fraction(0)).div(n)
  const ybar = v.y.reduce((s, a) => s.add(a), new Fraction(0)).div(n)
  const sxy = v.x.reduce((s, xi, i) => s.add(new Fraction(xi).sub(xbar).mul(new Fraction(v.y[i]).sub(ybar))), new Fraction(0)).abs()
  const right = v.convention === 'lambda' ? sxy.mul(2) : sxy
  const other = v.convention === 'lambda' ? sxy : sxy.mul(2)
  return { right: right.toFraction(), other: other.toFraction() }
}

const level = (m: Awaited<ReturnType<typeof myMastery>>, skill: string) => m.skills.find((s) => s.id === skill)?.level
let k = 0
const key = () => `mastery-${backend}-${Date.now()}-${++k}`

describe(`mastery (${backend})`, () => {
  it('from a convention mistake to a closed mistake through targeted practice, seen by staff, undone by a reset', async () => {
    const { course, item } = await makeCourse(db)
    const student = await makeUser(db, 'STUDENT', course.id)
    const ta = await makeUser(db, 'TA', course.id)
    const other = await makeUser(db, 'STUDENT', course.id)
    const me: Actor = { userId: student.id }

    // The mistake, on the assignment.
    const q = await openItem(db, me, item.id)
    const v = materialize(await db.variant.findUniqueOrThrow({ where: { id: q.variantId } })).data as { x: number[]; y: number[]; convention: string }
    const r = await submitAttempt(db, me, { itemId: item.id, variantId: q.variantId, idempotencyKey: key(), answers: { lambdaStar: lambdaStars(v).other } })
    expect(r.ok && r.summary.parts.lambdaStar.diagnosis).toBe('other-convention')

    const before = await myMastery(db, me)
    expect(level(before, 'conventions')).toBe('practising')
    expect(level(before, 'sums')).toBe('not-started')
    expect(before.mistakes).toMatchObject([{ misconceptionId: 'other-convention', open: true, times: 1, exampleAttemptId: r.ok ? r.attemptId : '' }])
    expect(before.next?.mistake).toBe('Used the other penalty convention')
    // The attempt's "told apart" list is computed once.
    await myMastery(db, me)
    expect(await db.masteryEvent.count({ where: { userId: student.id } })).toBe(1)

    // Two targeted practice questions, answered right.
    const template = templates['lasso-1d-lambda-star']
    for (let round = 1; round <= 2; round++) {
      const pick = await startTargetedPractice(db, me)
      expect(pick).toMatchObject({ templateId: 'lasso-1d-lambda-star', misconceptionId: 'other-convention', reason: 'mistake' })
      expect(pick.href).toContain('target=other-convention')
      const pv = makeVariant(template, {}, pick.seed) as { x: number[]; y: number[]; convention: string }
      const { right, other: wrong } = lambdaStars(pv)
      expect(new Fraction(right).equals(new Fraction(wrong))).toBe(false)
      const checked = await checkPractice(db, me, { templateId: pick.templateId, seed: pick.seed, answers: { lambdaStar: right } }, 'other-convention')
      expect(checked.ok).toBe(true)
      if (!checked.ok) return
      expect(checked.score).toBe(1)
      expect(checked.contrasts).toEqual([expect.objectContaining({ misconceptionId: 'other-convention', partNumber: 1 })])
      // Checking the same variant again (after reading its derivation) does not count twice.
      await checkPractice(db, me, { templateId: pick.templateId, seed: pick.seed, answers: { lambdaStar: right } }, 'other-convention')
      expect(await db.masteryEvent.count({ where: { userId: student.id, source: 'practice' } })).toBe(round)
      const now = await myMastery(db, me)
      expect(level(now, 'conventions')).toBe(round === 1 ? 'practising' : 'familiar')
    }
    const after = await myMastery(db, me)
    expect(after.mistakes).toEqual([])
    expect(level(after, 'sums')).toBe('familiar')

    // Staff see it in the class grid; students do not get the grid.
    const grid = await classMastery(db, { userId: ta.id }, course.id)
    const row = grid.students.find((s) => s.userId === student.id)!
    expect(row.levels.conventions).toBe('familiar')
    expect(grid.students.find((s) => s.userId === other.id)!.levels.conventions).toBe('not-started')
    await expect(classMastery(db, { userId: other.id }, course.id)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(classMastery(db, { userId: ta.id }, 'x'.repeat(500))).rejects.toMatchObject({ code: 'not-found' })
    const csv = await classMasteryCsv(db, { userId: ta.id }, course.id)
    const lines = csv.csv.trim().split('\n')
    expect(lines[0]).toContain('Penalty conventions')
    expect(lines).toHaveLength(3)
    expect(lines.find((l) => l.includes(student.email))).toContain('Familiar')
    expect((await myMasteryCsv(db, me)).csv).toMatch(/Penalty conventions,Familiar,3,2,2/)

    // Reset: the practice is gone, the graded attempt stays.
    expect(await resetPractice(db, me)).toEqual({ deleted: 2 })
    const reset = await myMastery(db, me)
    expect(level(reset, 'conventions')).toBe('practising')
    expect(reset.mistakes[0]).toMatchObject({ misconceptionId: 'other-convention', open: true })
  })

  it('malformed practice input is refused and stores nothing; anonymous visitors are asked to sign in', async () => {
    const student = await makeUser(db)
    const me: Actor = { userId: student.id }
    const r = await checkPractice(db, me, { templateId: 'lasso-1d-lambda-star', seed: 'not-hex', answers: { lambdaStar: '3' } }, undefined)
    expect(r.ok).toBe(false)
    const r2 = await checkPractice(db, me, { templateId: 'lasso-1d-lambda-star', seed: 'abcdef0123456789', answers: { lambdaStar: 'three' } }, undefined)
    expect(r2).toMatchObject({ ok: false, fieldErrors: { lambdaStar: expect.any(String) } })
    expect(await db.masteryEvent.count({ where: { userId: student.id } })).toBe(0)
    await expect(myMastery(db, null)).rejects.toMatchObject({ code: 'unauthenticated' })
    await expect(startTargetedPractice(db, null)).rejects.toMatchObject({ code: 'unauthenticated' })
  })
})
