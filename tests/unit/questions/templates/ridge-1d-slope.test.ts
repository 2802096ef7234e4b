import { describe, expect, test } from 'vitest'
import { runSelfTest, testSeed } from '@/lib/questions/selftest'
import template, { type Variant } from '@/lib/questions/templates/ridge-1d-slope'
import { makeVariant } from '@/lib/questions/variant'
import { ols1d, ridge1d, summarize1d } from '@/lib/solver'

/** Natural answers: 0 (and the zero vector) are always checked; this template has no other regime's or unclamped value to add. */
const natural = () => ({})

const regime = (v: Variant): string[] => {
  const out: string[] = []
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  if (!(Sxx > 0)) out.push(`S_xx = ${Sxx}`)
  if (Sxy === 0) out.push('S_xy = 0')
  if (!(v.lambda > 0)) out.push(`λ = ${v.lambda}`)
  // Ridge shrinks but never zeroes: the asked slope is nonzero, of the OLS sign, and smaller in size.
  const m = ridge1d(v.x, v.y, v.lambda).slope
  const m0 = ols1d(v.x, v.y).slope
  if (m === 0 || Math.sign(m) !== Math.sign(m0) || !(Math.abs(m) < Math.abs(m0))) out.push(`ridge slope ${m} vs OLS ${m0}`)
  // The λ answer really gives the asked fraction of the OLS slope.
  const lam = template.solve(v).lambdaF as number
  const ratio = ridge1d(v.x, v.y, lam).slope / m0
  if (Math.abs(ratio - v.fraction) > 1e-12) out.push(`m(λ_f)/m(0) = ${ratio}, not ${v.fraction}`)
  return out
}

describe('ridge-1d-slope', () => {
  test('self-test over 500 seeds with the default params', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check: regime })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(400)
  }, 120_000)

  test('self-test with negative data, large λ and other fractions', () => {
    const p = { nMin: 3, nMax: 10, xMin: -8, xMax: 8, yMin: -10, yMax: 10, lambdaMin: 5, lambdaMax: 200, fractions: [0.1, 0.9, 0.6] }
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 200, params: p, salt: 'wide', check: regime })
    expect(report.failures).toEqual([])
  }, 120_000)

  test('λ = S_xx halves the slope; a worked example', () => {
    // x = 1..5, y = 2,4,5,4,5: S_xx = 10, S_xy = 6; ridge with λ = 5: m = 6/15 = 0.4.
    const v: Variant = { x: [1, 2, 3, 4, 5], y: [2, 4, 5, 4, 5], lambda: 5, fraction: 1 / 2 }
    const a = template.solve(v)
    expect(a.m).toBeCloseTo(0.4, 12)
    expect(a.lambdaF).toBeCloseTo(10, 12)
    expect(template.grade(v, { m: 0.4, lambdaF: 10 }).score).toBe(1)
    // OLS slope 0.6 and the lasso's (6 − 2.5)/10 = 0.35 are named.
    expect(template.grade(v, { m: 0.6, lambdaF: 10 }).parts.m.diagnosis).toBe('ols-slope')
    expect(template.grade(v, { m: 0.35, lambdaF: 10 }).parts.m.diagnosis).toBe('lasso-formula')
    expect(template.grade(v, { m: 0.4, lambdaF: 5 }).parts.lambdaF.diagnosis).toBe('fraction-times-sxx')
  })

  test('two seeds give different datasets', () => {
    expect(JSON.stringify(makeVariant(template, {}, testSeed(1)))).not.toBe(JSON.stringify(makeVariant(template, {}, testSeed(2))))
  })
})
