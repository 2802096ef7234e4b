/**
 * The student path on a real database (SQLite or PostgreSQL, by TEST_BACKEND): open an item, submit,
 * be graded and diagnosed; the attempt cap under concurrency; malformed answers; idempotency; who may see what.
 */
import Fraction from 'fraction.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import type { Actor } from '@/lib/server/authz'
import { attemptView, openItem, submitAttempt } from '@/lib/server/student'
import { materialize } from '@/lib/server/variants'
import { backend, freshDb, makeCourse, makeUser, type TestDb } from './helpers'

let t: TestDb
let db: Db
beforeAll(async () => {
  t = await freshDb()
  db = t.db
})
afterAll(async () => t?.cleanup())

/** λ* computed here independently of lib/solver, with exact fractions: 2|S_xy| (loss +λ|m|) or |S_xy| (+2λ|m|). */
function lambdaStarExact(x: number[], y: number[], convention: string): Fraction {
  const n = x.length
  const xbar = x.reduce((s, v) => s.add(v), new Fraction(0)).div(n)
  const ybar = y.reduce((s, v) => s.add(v), new Fraction(0)).div(n)
  const Sxy = x.reduce((s, xi, i) => s.add(new Fraction(xi).sub(xbar).mul(new Fraction(y[i]).sub(ybar))), new Fraction(0))
  return Sxy.abs().mul(convention === 'lambda' ? 2 : 1)
}

async function variantData(variantId: string) {
  const row = await db.variant.findUniqueOrThrow({ where: { id: variantId } })
  return materialize(row).data as { x: number[]; y: number[]; convention: string }
}

let key = 0
const nextKey = () => `key-${backend}-${Date.now()}-${++key}`

describe(`student attempts (${backend})`, () => {
  it('grades a right answer 1 and stores one attempt with its parts', async () => {
    const { course, item } = await makeCourse(db)
    const student = await makeUser(db, 'STUDENT', course.id)
    const actor: Actor = { userId: student.id }
    const q = await openItem(db, actor, item.id)
    expect(q.attemptsUsed).toBe(0)
    const v = await variantData(q.variantId)
    const answer = lambdaStarExact(v.x, v.y, v.convention).toFraction()
    const r = await submitAttempt(db, actor, { itemId: item.id, variantId: q.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: answer } })
    expect(r.ok).toBe(true)
    const stored = await db.attempt.findMany({ where: { userId: student.id }, include: { parts: true } })
    expect(stored).toHaveLength(1)
    expect(stored[0].rawScore).toBe(1)
    expect(stored[0].parts).toEqual([expect.objectContaining({ partId: 'lambdaStar', correct: true, diagnosis: null })])
    const view = await attemptView(db, actor, stored[0].id)
    expect(view.derivation?.length).toBeGreaterThan(3)
  })

  it("diagnoses the other convention's λ* and scores it 0", async () => {
    const { course, item } = await makeCourse(db, { params: { convention: 'lambda' } })
    const student = await makeUser(db, 'STUDENT', course.id)
    const actor: Actor = { userId: student.id }
    const q = await openItem(db, actor, item.id)
    const v = await variantData(q.variantId)
    // The +2λ|m| answer |S_xy| given to a +λ|m| question.
    const wrong = lambdaStarExact(v.x, v.y, 'two-lambda').toFraction()
    const r = await submitAttempt(db, actor, { itemId: item.id, variantId: q.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: wrong } })
    if (!r.ok) throw new Error(r.message)
    const view = await attemptView(db, actor, r.attemptId)
    expect(view.rawScore).toBe(0)
    expect(view.parts[0].grade?.diagnosis).toBe('other-convention')
    expect(view.parts[0].mistake).toMatch(/convention/i)
    // One wrong attempt of three on the same dataset: the derivation (which holds the answer) stays hidden.
    expect(view.derivation).toBeNull()
  })

  it('refuses a malformed answer without storing anything', async () => {
    const { course, item } = await makeCourse(db)
    const student = await makeUser(db, 'STUDENT', course.id)
    const actor: Actor = { userId: student.id }
    const q = await openItem(db, actor, item.id)
    for (const bad of ['abc', '', '1/0', '2 +', '__proto__']) {
      const r = await submitAttempt(db, actor, { itemId: item.id, variantId: q.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: bad } })
      expect(r.ok, `input ${JSON.stringify(bad)}`).toBe(false)
      if (!r.ok) expect(r.fieldErrors?.lambdaStar).toBeTruthy()
    }
    const shapeless = await submitAttempt(db, actor, { itemId: item.id, variantId: q.variantId, answers: 'not an object' })
    expect(shapeless.ok).toBe(false)
    expect(await db.attempt.count({ where: { userId: student.id } })).toBe(0)
    expect((await openItem(db, actor, item.id)).attemptsLeft).toBe(3)
  })

  it('stores exactly 3 of 20 concurrent submissions when the maximum is 3', async () => {
    const { course, item } = await makeCourse(db, { maxAttempts: 3 })
    const student = await makeUser(db, 'STUDENT', course.id)
    const actor: Actor = { userId: student.id }
    const q = await openItem(db, actor, item.id)
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => submitAttempt(db, actor, { itemId: item.id, variantId: q.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: '1' } })),
    )
    const stored = await db.attempt.findMany({ where: { userId: student.id, itemId: item.id }, orderBy: { number: 'asc' } })
    expect(stored.map((a) => a.number)).toEqual([1, 2, 3])
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.ok)).toHaveLength(3)
    const refused = results.filter((r) => r.status === 'rejected')
    expect(refused).toHaveLength(17)
    for (const r of refused) expect((r as PromiseRejectedResult).reason.message).toMatch(/No attempts left/)
  })

  it('records a double-submitted form (same idempotency key) once', async () => {
    const { course, item } = await makeCourse(db)
    const student = await makeUser(db, 'STUDENT', course.id)
    const actor: Actor = { userId: student.id }
    const q = await openItem(db, actor, item.id)
    const k = nextKey()
    const body = { itemId: item.id, variantId: q.variantId, idempotencyKey: k, answers: { lambdaStar: '3' } }
    const [a, b] = await Promise.all([submitAttempt(db, actor, body), submitAttempt(db, actor, body)])
    expect(a.ok && b.ok).toBe(true)
    if (a.ok && b.ok) expect(a.attemptId).toBe(b.attemptId)
    expect(await db.attempt.count({ where: { userId: student.id } })).toBe(1)
  })

  it("keeps students out of each other's variants and out of other courses", async () => {
    const { course, item } = await makeCourse(db)
    const alice = await makeUser(db, 'STUDENT', course.id)
    const bob = await makeUser(db, 'STUDENT', course.id)
    const outsider = await makeUser(db)
    const qa = await openItem(db, { userId: alice.id }, item.id)
    const ra = await submitAttempt(db, { userId: alice.id }, { itemId: item.id, variantId: qa.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: '5' } })
    if (!ra.ok) throw new Error(ra.message)

    // Bob submits against Alice's variant, or reads Alice's attempt: not found, nothing stored.
    await expect(submitAttempt(db, { userId: bob.id }, { itemId: item.id, variantId: qa.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: '5' } })).rejects.toMatchObject({ code: 'not-found' })
    await expect(attemptView(db, { userId: bob.id }, ra.attemptId)).rejects.toMatchObject({ code: 'not-found' })
    // Reusing Alice's idempotency key does not hand Bob her attempt.
    const aliceAttempt = await db.attempt.findUniqueOrThrow({ where: { id: ra.attemptId } })
    await expect(submitAttempt(db, { userId: bob.id }, { itemId: item.id, variantId: qa.variantId, idempotencyKey: aliceAttempt.idempotencyKey, answers: { lambdaStar: '5' } })).rejects.toBeTruthy()

    // Bob's own variant differs from Alice's (seeds are per user).
    const qb = await openItem(db, { userId: bob.id }, item.id)
    expect(qb.variantId).not.toBe(qa.variantId)
    expect(JSON.stringify(qb.intro)).not.toBe(JSON.stringify(qa.intro))

    // Not enrolled: cannot open, submit or read.
    await expect(openItem(db, { userId: outsider.id }, item.id)).rejects.toMatchObject({ code: 'not-found' })
    await expect(submitAttempt(db, { userId: outsider.id }, { itemId: item.id, variantId: qa.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: '5' } })).rejects.toMatchObject({ code: 'not-found' })
    await expect(attemptView(db, { userId: outsider.id }, ra.attemptId)).rejects.toMatchObject({ code: 'not-found' })
    // Anonymous.
    await expect(openItem(db, null, item.id)).rejects.toMatchObject({ code: 'unauthenticated' })
    await expect(submitAttempt(db, null, {})).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(await db.attempt.count({ where: { itemId: item.id } })).toBe(1)
  })

  it('refuses submissions after the late cutoff and before opening, costing nothing', async () => {
    const past = new Date(Date.now() - 2 * 86400_000)
    const { course, item } = await makeCourse(db, { dueAt: past, lateCutoffAt: new Date(Date.now() - 86400_000) })
    const student = await makeUser(db, 'STUDENT', course.id)
    const q = await openItem(db, { userId: student.id }, item.id)
    expect(q.window.open).toBe(false)
    await expect(
      submitAttempt(db, { userId: student.id }, { itemId: item.id, variantId: q.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: '1' } }),
    ).rejects.toMatchObject({ code: 'closed' })
    const future = await makeCourse(db, { opensAt: new Date(Date.now() + 86400_000) })
    await db.enrollment.create({ data: { userId: student.id, courseId: future.course.id, role: 'STUDENT' } })
    const qf = await openItem(db, { userId: student.id }, future.item.id)
    await expect(
      submitAttempt(db, { userId: student.id }, { itemId: future.item.id, variantId: qf.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: '1' } }),
    ).rejects.toMatchObject({ code: 'closed' })
    expect(await db.attempt.count({ where: { userId: student.id } })).toBe(0)
  })

  it('gives a new dataset per attempt under NEW_PER_ATTEMPT and refuses the stale one', async () => {
    const { course, item } = await makeCourse(db, { variantPolicy: 'NEW_PER_ATTEMPT' })
    const student = await makeUser(db, 'STUDENT', course.id)
    const actor: Actor = { userId: student.id }
    const q1 = await openItem(db, actor, item.id)
    const r1 = await submitAttempt(db, actor, { itemId: item.id, variantId: q1.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: '1' } })
    expect(r1.ok).toBe(true)
    const q2 = await openItem(db, actor, item.id)
    expect(q2.variantId).not.toBe(q1.variantId)
    await expect(submitAttempt(db, actor, { itemId: item.id, variantId: q1.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: '1' } })).rejects.toMatchObject({ code: 'conflict' })
    // Each attempt on its own dataset shows the derivation at once.
    if (r1.ok) expect((await attemptView(db, actor, r1.attemptId)).derivation).not.toBeNull()
  })
})
