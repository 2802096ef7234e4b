import { describe, expect, test } from 'vitest'
import { makeVariant } from '@/lib/questions/variant'
import { runSelfTest, testSeed } from '@/lib/questions/selftest'
import template, { type Variant } from '@/lib/questions/templates/ols-1d'
import { summarize1d } from '@/lib/solver'

/** Natural answers: 0 (and the zero vector) are always checked; this template has no other regime's or unclamped value to add. */
const natural = () => ({})

const regime = (p: { nMin: number; nMax: number; xMin: number; xMax: number; yMin: number; yMax: number }) => (v: Variant) => {
  const out: string[] = []
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  if (!(Sxx > 0)) out.push(`S_xx = ${Sxx}`)
  if (Sxy === 0) out.push('S_xy = 0')
  if (v.x.length < p.nMin || v.x.length > p.nMax) out.push(`n = ${v.x.length}`)
  if (!v.x.every((x) => Number.isInteger(x) && x >= p.xMin && x <= p.xMax)) out.push(`x out of range: ${v.x}`)
  if (!v.y.every((y) => Number.isInteger(y) && y >= p.yMin && y <= p.yMax)) out.push(`y out of range: ${v.y}`)
  return out
}

describe('ols-1d', () => {
  test('self-test over 500 seeds with the default params', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check: regime({ nMin: 5, nMax: 8, xMin: 0, xMax: 9, yMin: 0, yMax: 12 }) })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(400)
  }, 120_000)

  test('self-test with negative values and wider n', () => {
    const p = { nMin: 3, nMax: 12, xMin: -6, xMax: 6, yMin: -10, yMax: 5 }
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 200, params: p, salt: 'wide', check: regime(p) })
    expect(report.failures).toEqual([])
  }, 120_000)

  test('the textbook example: x = 1..5, y = 2,4,5,4,5 gives m = 0.6, b = 2.2', () => {
    const v: Variant = { x: [1, 2, 3, 4, 5], y: [2, 4, 5, 4, 5] }
    const a = template.solve(v)
    expect(a).toMatchObject({ xMean: 3, yMean: 4, Sxx: 10, Sxy: 6 })
    expect(a.m).toBeCloseTo(0.6, 12)
    expect(a.b).toBeCloseTo(2.2, 12)
  })

  test('errors are carried forward: m from the student S_xy/S_xx, b from the student ȳ − m·x̄', () => {
    const v: Variant = { x: [1, 2, 3, 4, 5], y: [2, 4, 5, 4, 5] }
    // Uncentered S_xx = Σx² = 55 (a diagnosed mistake), then a consistent slope 6/55 and intercept 4 − (6/55)·3.
    const s = { xMean: 3, yMean: 4, Sxx: 55, Sxy: 6, m: 6 / 55, b: 4 - (6 / 55) * 3 }
    const g = template.grade(v, s)
    expect(g.parts.Sxx.diagnosis).toBe('sxx-uncentered')
    expect(g.parts.Sxx.score).toBe(0)
    expect(g.parts.m).toMatchObject({ score: 1, carriedForward: true })
    expect(g.parts.b).toMatchObject({ score: 1, carriedForward: true })
    // A slope that matches neither the truth nor the student's own ratio gets no credit.
    expect(template.grade(v, { ...s, m: 1, b: 4 - 3 }).parts.m.score).toBe(0)
  })

  test('two seeds give different datasets', () => {
    const a = makeVariant(template, {}, testSeed(1))
    const b = makeVariant(template, {}, testSeed(2))
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b))
  })

  test('bad params are rejected with a message', () => {
    expect(() => template.params.parse({ xMin: 5, xMax: 5 })).toThrow(/xMin must be below xMax/)
  })
})
