/**
 * Ungraded practice (lib/server/practice.ts) next to a real database: only signed-in users may practice; a
 * right answer, computed here with exact fractions and not by lib/solver, scores 1 and comes with the worked
 * derivation; a known mistake is named; malformed answers and bad seeds get clear messages; nothing is stored.
 */
import { createHash } from 'node:crypto'
import Fraction from 'fraction.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import { listTemplates } from '@/lib/questions/registry'
import type { Actor } from '@/lib/server/authz'
import { isUserError } from '@/lib/server/errors'
import { catalog, gradePractice, newPracticeSeed, openPractice, practiceList, practiceTemplate } from '@/lib/server/practice'
import { freshDb, makeCourse, makeUser, type TestDb } from './helpers'

let t: TestDb
let db: Db
let actor: Actor
beforeAll(async () => {
  t = await freshDb()
  db = t.db
  // A course with an item, so that a stray write to attempts or variants would have somewhere to go.
  await makeCourse(db)
  actor = { userId: (await makeUser(db)).id }
})
afterAll(async () => t?.cleanup())

const TEMPLATE = 'lasso-1d-lambda-star'

/** Reads the dataset and the stated loss off the public view, as a student would. */
function question(seed: string) {
  const q = openPractice(actor, TEMPLATE, seed)
  const rows = q.intro.table?.rows ?? []
  const x = rows.map((r) => new Fraction(r[1] as number))
  const y = rows.map((r) => new Fraction(r[2] as number))
  const twoLambda = /2\\lambda\|m\|/.test(q.intro.statement)
  return { q, x, y, twoLambda }
}

/** λ* by hand, exactly: 2|S_xy| for the loss with +λ|m|, |S_xy| for +2λ|m| (centered sums). */
function lambdaStarByHand(x: Fraction[], y: Fraction[], twoLambda: boolean) {
  const n = x.length
  const sum = (a: Fraction[]) => a.reduce((s, v) => s.add(v), new Fraction(0))
  const xbar = sum(x).div(n)
  const ybar = sum(y).div(n)
  const Sxy = sum(x.map((xi, i) => xi.sub(xbar).mul(y[i].sub(ybar))))
  return { right: Sxy.abs().mul(twoLambda ? 1 : 2), otherConvention: Sxy.abs().mul(twoLambda ? 2 : 1) }
}

function expectUserError(fn: () => unknown, code: string, message?: RegExp) {
  try {
    fn()
  } catch (e) {
    expect(isUserError(e), String(e)).toBe(true)
    if (isUserError(e)) {
      expect(e.code).toBe(code)
      if (message) expect(e.message).toMatch(message)
    }
    return
  }
  throw new Error(`expected a UserError "${code}"`)
}

const SEEDS = ['0123456789abcdef0123456789abcdef', 'deadbeef', 'ABCDEF0123456789', newPracticeSeed()]

describe('practice', () => {
  it('refuses anonymous visitors before anything else', () => {
    const seed = newPracticeSeed()
    expectUserError(() => gradePractice(null, { templateId: TEMPLATE, seed, answers: { lambdaStar: '1' } }), 'unauthenticated', /sign in/i)
    expectUserError(() => openPractice(null, TEMPLATE, seed), 'unauthenticated')
    expectUserError(() => practiceList(null), 'unauthenticated')
    expectUserError(() => practiceTemplate(null, TEMPLATE), 'unauthenticated')
    // Even with a bad seed or an unknown template, the answer is "sign in", not a hint about the input.
    expectUserError(() => openPractice(null, 'no-such-template', 'zz'), 'unauthenticated')
  })

  it('scores a right answer 1, with per-part feedback and the worked derivation', () => {
    for (const seed of SEEDS) {
      const { x, y, twoLambda } = question(seed)
      expect(x.length).toBeGreaterThanOrEqual(3)
      const { right } = lambdaStarByHand(x, y, twoLambda)
      for (const given of [right.toFraction(), String(right.valueOf())]) {
        const r = gradePractice(actor, { templateId: TEMPLATE, seed, answers: { lambdaStar: given } })
        if (!r.ok) throw new Error(`seed ${seed}, answer ${given}: ${r.message} ${JSON.stringify(r.fieldErrors)}`)
        expect(r.score, `seed ${seed}, answer ${given}`).toBe(1)
        expect(r.parts).toEqual([expect.objectContaining({ id: 'lambdaStar', mistake: null, given: { text: given, math: false } })])
        expect(r.parts[0].grade?.correct).toBe(true)
        expect(r.derivation.length).toBeGreaterThan(3)
        expect(r.derivation.every((s) => s.title && s.body)).toBe(true)
      }
    }
  })

  it("names the other convention's λ* as a mistake and scores it 0", () => {
    const seed = SEEDS[0]
    const { x, y, twoLambda } = question(seed)
    const { otherConvention } = lambdaStarByHand(x, y, twoLambda)
    const r = gradePractice(actor, { templateId: TEMPLATE, seed, answers: { lambdaStar: otherConvention.toFraction() } })
    if (!r.ok) throw new Error(r.message)
    expect(r.score).toBe(0)
    expect(r.parts[0].grade?.correct).toBe(false)
    expect(r.parts[0].grade?.diagnosis).toBe('other-convention')
    // The label of the template's misconception, not its id.
    expect(r.parts[0].mistake).toMatch(/convention/i)
    expect(r.parts[0].mistake).not.toBe('other-convention')
    expect(r.derivation.length).toBeGreaterThan(3)
  })

  it('gives the same dataset for the same seed, and seeds in any letter case', () => {
    expect(openPractice(actor, TEMPLATE, 'ABCDEF0123456789').intro).toEqual(openPractice(actor, TEMPLATE, 'abcdef0123456789').intro)
    const a = openPractice(actor, TEMPLATE, newPracticeSeed())
    expect(a.parts.map((p) => p.id)).toEqual(['lambdaStar'])
  })

  it('returns per-part messages for malformed answers, and no grade', () => {
    for (const bad of ['abc', '', '2 +', '1/0']) {
      const r = gradePractice(actor, { templateId: TEMPLATE, seed: SEEDS[0], answers: { lambdaStar: bad } })
      expect(r.ok, `input ${JSON.stringify(bad)}`).toBe(false)
      if (!r.ok) {
        expect(r.fieldErrors?.lambdaStar, `input ${JSON.stringify(bad)}`).toBeTruthy()
        expect(r.message).toMatch(/could not be read/)
      }
    }
    const missing = gradePractice(actor, { templateId: TEMPLATE, seed: SEEDS[0], answers: {} })
    expect(missing.ok).toBe(false)
    if (!missing.ok) expect(missing.fieldErrors?.lambdaStar).toBeTruthy()
    const shapeless = gradePractice(actor, { templateId: TEMPLATE, seed: SEEDS[0], answers: 'not an object' })
    expect(shapeless.ok).toBe(false)
  })

  it('refuses a bad seed with a clear message', () => {
    const bad: unknown[] = ['xyz-not-hex', 'abc', '1234567', 'a'.repeat(65), '', ['deadbeef'], 12345678, null]
    for (const seed of bad) {
      const r = gradePractice(actor, { templateId: TEMPLATE, seed, answers: { lambdaStar: '1' } })
      expect(r.ok, `seed ${JSON.stringify(seed)}`).toBe(false)
      if (!r.ok) expect(r.message).toMatch(/8 to 64 hexadecimal digits/)
      expectUserError(() => openPractice(actor, TEMPLATE, seed), 'invalid', /8 to 64 hexadecimal digits/)
    }
    // The bounds themselves are accepted.
    for (const seed of ['a'.repeat(8), 'f'.repeat(64)]) expect(openPractice(actor, TEMPLATE, seed).seed).toBe(seed)
  })

  it('answers not-found for a template that is not in the catalog', () => {
    expectUserError(() => openPractice(actor, 'no-such-template', SEEDS[0]), 'not-found')
    expectUserError(() => practiceTemplate(actor, '__proto__'), 'not-found')
    expectUserError(() => gradePractice(actor, { templateId: 'no-such-template', seed: SEEDS[0], answers: {} }), 'not-found')
  })

  it('lists every template for practice, and the public catalog has a fixed sample of each', () => {
    const ids = listTemplates()
      .map((x) => x.id)
      .sort()
    expect(
      practiceList(actor)
        .flatMap((g) => g.items.map((i) => i.id))
        .sort(),
    ).toEqual(ids)
    const first = catalog()
    const entries = first.flatMap((g) => g.items)
    expect(entries.map((e) => e.id).sort()).toEqual(ids)
    for (const e of entries) {
      expect(e.sample.seed).toBe(createHash('sha256').update(e.id).digest('hex'))
      expect(e.sample.intro.statement.length).toBeGreaterThan(0)
      expect(e.sample.parts.length).toBeGreaterThan(0)
      // Nothing but statement, dataset and parts.
      expect(Object.keys(e.sample).sort()).toEqual(['intro', 'parts', 'seed'])
    }
    for (const g of first) expect(g.items.every((i) => i.topic === g.id)).toBe(true)
  })

  it('writes nothing to the database', async () => {
    const count = async () => ({ attempts: await db.attempt.count(), variants: await db.variant.count(), parts: await db.attemptPart.count() })
    const before = await count()
    for (const seed of SEEDS) {
      const { x, y, twoLambda } = question(seed)
      gradePractice(actor, { templateId: TEMPLATE, seed, answers: { lambdaStar: lambdaStarByHand(x, y, twoLambda).right.toFraction() } })
      gradePractice(actor, { templateId: TEMPLATE, seed, answers: { lambdaStar: '1' } })
      gradePractice(actor, { templateId: TEMPLATE, seed, answers: { lambdaStar: 'abc' } })
    }
    expect(await count()).toEqual(before)
  })
})
