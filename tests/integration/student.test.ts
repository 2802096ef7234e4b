/**
 * The student path on a real database (SQLite or PostgreSQL, by TEST_BACKEND): open an item, submit,
 * be graded and diagnosed; the attempt cap under concurrency; malformed answers; idempotency; who may see what.
 */
import Fraction from 'fraction.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Db, pgPool } from '@/lib/db'
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

  it('answers each of many concurrent submissions by different students with its own outcome (grouped statements on PostgreSQL)', async () => {
    const { course, item } = await makeCourse(db)
    const students = await Promise.all(Array.from({ length: 12 }, () => makeUser(db, 'STUDENT', course.id)))
    const opened = await Promise.all(students.map((u) => openItem(db, { userId: u.id }, item.id)))
    const right = await Promise.all(opened.map(async (q) => { const v = await variantData(q.variantId); return lambdaStarExact(v.x, v.y, v.convention).toFraction() }))
    // Odd students answer three times the right value (wrong, and not λ* of the other convention either).
    const wrong = await Promise.all(opened.map(async (q) => { const v = await variantData(q.variantId); return lambdaStarExact(v.x, v.y, v.convention).mul(3).toFraction() }))
    const body = (i: number, key: string, answer = i % 2 === 0 ? right[i] : wrong[i]) => ({ itemId: item.id, variantId: opened[i].variantId, idempotencyKey: key, answers: { lambdaStar: answer } })
    const submit = (i: number, raw: object) => submitAttempt(db, { userId: students[i].id }, raw, undefined, { countTry: true })
    // On PostgreSQL, count the submission reads the server receives (each may carry a group of submissions).
    const pool = pgPool(db)
    let reads = 0
    if (pool) {
      const query = pool.query.bind(pool)
      pool.query = ((config: unknown, ...rest: unknown[]) => {
        if ((config as { name?: string })?.name === 'lassolab-submit-read') reads++
        return (query as (...a: unknown[]) => unknown)(config, ...rest)
      }) as typeof pool.query
    }
    try {
      const firstKeys = students.map(() => nextKey())
      const first = await Promise.all(students.map((_, i) => submit(i, body(i, firstKeys[i]))))
      for (const [i, r] of first.entries()) {
        expect(r.ok && r.summary.number).toBe(1)
        expect(r.ok && r.summary.rawScore).toBe(i % 2 === 0 ? 1 : 0)
      }
      if (pool) expect(reads).toBeLessThan(students.length)
      // Second burst, mixed: a resent form (student 0), a key another student used (student 2 sends student 3's),
      // a question that does not exist (student 4), and new attempts from everyone else.
      const second = await Promise.allSettled(
        students.map((_, i) =>
          i === 0 ? submit(0, body(0, firstKeys[0])) : i === 2 ? submit(2, body(2, firstKeys[3])) : i === 4 ? submit(4, { ...body(4, nextKey()), itemId: 'no-such-item' }) : submit(i, body(i, nextKey())),
        ),
      )
      const outcome = (r: PromiseSettledResult<Awaited<ReturnType<typeof submitAttempt>>>) =>
        r.status === 'rejected' ? (r.reason as Error).message : r.value.ok ? `${r.value.duplicate ? 'duplicate' : 'stored'} #${r.value.summary.number}` : r.value.message
      expect(outcome(second[0])).toBe('duplicate #1')
      expect(second[0].status === 'fulfilled' && second[0].value.ok && first[0].ok && second[0].value.attemptId === first[0].attemptId).toBe(true)
      expect(outcome(second[2])).toBe('That submission key was already used.')
      expect(outcome(second[4])).toBe('That question was not found.')
      for (const i of [1, 3, 5, 6, 7, 8, 9, 10, 11]) expect(outcome(second[i])).toBe('stored #2')

      const stored = await db.attempt.findMany({ where: { itemId: item.id }, include: { parts: true }, orderBy: { number: 'asc' } })
      for (const [i, u] of students.entries()) {
        const mine = stored.filter((a) => a.userId === u.id)
        expect(mine.map((a) => a.number)).toEqual([0, 2, 4].includes(i) ? [1] : [1, 2])
        for (const a of mine) {
          expect(a.rawScore).toBe(i % 2 === 0 ? 1 : 0)
          expect(a.parts).toEqual([expect.objectContaining({ partId: 'lambdaStar', correct: i % 2 === 0 })])
        }
      }
      // Every try was counted once against its own student's limit, the refused ones included.
      const rows = await db.rateLimit.findMany({ where: { key: { in: students.map((u) => `submit:${u.id}`) } } })
      expect(new Map(rows.map((r) => [r.key, r.points]))).toEqual(new Map(students.map((u) => [`submit:${u.id}`, 2])))
    } finally {
      if (pool) delete (pool as { query?: unknown }).query
    }
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
