import { describe, expect, test } from 'vitest'
import { runSelfTest, testSeed } from '@/lib/questions/selftest'
import template, { type Variant } from '@/lib/questions/templates/penalty-conventions'
import { makeVariant } from '@/lib/questions/variant'
import { lasso1d, summarize1d } from '@/lib/solver'

/** Natural answers (0 is always one): the unclamped slope (Sxy − sign(Sxy)·t)/Sxx (the slope is never 0 here). */
const natural = (v: Variant) => {
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  const t = v.given === 'lambda' ? v.lambda / 2 : v.lambda
  return { slope: [(Sxy - Math.sign(Sxy) * t) / Sxx] }
}

/** The asked-for regime: an integer λ with a nonzero slope, and every converted penalty gives the same line. */
const regime = (v: Variant): string[] => {
  const out: string[] = []
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  if (!(Sxx > 0) || Sxy === 0) out.push(`S_xx = ${Sxx}, S_xy = ${Sxy}`)
  if (!Number.isInteger(v.lambda) || v.lambda < 1) out.push(`λ = ${v.lambda}`)
  const a = template.solve(v)
  const m = lasso1d(v.x, v.y, v.lambda, v.given).slope
  if (m === 0) out.push('the slope is 0')
  const other = v.given === 'lambda' ? 'two-lambda' : 'lambda'
  if (lasso1d(v.x, v.y, a.lambdaOther as number, other).slope !== m) out.push('the other-convention λ gives another slope')
  // scikit-learn's α: λ = 2nα in the 'lambda' convention.
  const lamFromAlpha = 2 * v.x.length * (a.alpha as number)
  if (Math.abs(lasso1d(v.x, v.y, lamFromAlpha, 'lambda').slope - m) > 1e-12 * Math.max(1, Math.abs(m))) out.push('α gives another slope')
  return out
}

describe('penalty-conventions', () => {
  test('self-test over 500 seeds', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check: regime })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(400)
  }, 120_000)

  for (const given of ['lambda', 'two-lambda'] as const) {
    test(`given in the ${given} convention (200 seeds)`, () => {
      const report = runSelfTest(template, { naturalAnswers: natural, seeds: 200, params: { given }, salt: given, renderSeeds: 10, check: (v) => [...regime(v), ...(v.given === given ? [] : [`given ${v.given}`])] })
      expect(report.failures.filter((f) => !f.includes('never had a defined value'))).toEqual([])
    }, 120_000)
  }

  test('a worked example: n = 5, λ = 4 in (A)', () => {
    const v: Variant = { x: [1, 2, 3, 4, 5], y: [2, 4, 5, 4, 5], given: 'lambda', lambda: 4, alpha: 0.5 }
    const a = template.solve(v)
    expect(a.lambdaOther).toBe(2)
    expect(a.alpha).toBeCloseTo(0.4, 12) // 4 / (2·5)
    expect(a.lambdaFromAlpha).toBeCloseTo(5, 12) // 2·5·0.5
    expect(a.slope).toBeCloseTo(0.4, 12) // (6 − 2)/10
    expect(template.grade(v, { ...a, alpha: 0.8 }).parts.alpha.diagnosis).toBe('alpha-over-n')
    expect(template.grade(v, { ...a, alpha: 2 }).parts.alpha.diagnosis).toBe('alpha-forgot-n')
    expect(template.grade(v, { ...a, alpha: 40 }).parts.alpha.diagnosis).toBe('alpha-inverted')
  })

  test('two seeds give different datasets', () => {
    expect(JSON.stringify(makeVariant(template, {}, testSeed(1)))).not.toBe(JSON.stringify(makeVariant(template, {}, testSeed(2))))
  })
})
