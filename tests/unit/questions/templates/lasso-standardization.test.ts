import { describe, expect, test } from 'vitest'
import { runSelfTest } from '@/lib/questions/selftest'
import template, { type Variant } from '@/lib/questions/templates/lasso-standardization'

/** Natural answers: 0 (and the zero vector) are always checked; this template has no other regime's or unclamped value to add. */
const natural = () => ({})

/** By hand: inner products and correlations of the centered columns, before and after the change of units. */
function check(v: Variant): string[] {
  const out: string[] = []
  const n = v.y.length
  const mean = (a: number[]) => a.reduce((s, t) => s + t, 0) / n
  const col = (j: number, f = 1) => v.X.map((r) => r[j] * f - mean(v.X.map((q) => q[j] * f)))
  const yc = v.y.map((t) => t - mean(v.y))
  const ip = (x: number[]) => x.reduce((s, t, i) => s + t * yc[i], 0)
  const nrm = (x: number[]) => Math.sqrt(x.reduce((s, t) => s + t * t, 0))
  const a = template.solve(v)
  const before = Math.max(Math.abs(2 * ip(col(0))), Math.abs(2 * ip(col(1))))
  const after = Math.max(Math.abs(2 * ip(col(0))), Math.abs(2 * ip(col(1, v.factor))))
  if (Math.abs((a.lambdaMax as number) - before) > 1e-9 * before) out.push(`λ_max ${a.lambdaMax} vs ${before}`)
  if (Math.abs((a.lambdaMaxScaled as number) - after) > 1e-9 * after) out.push(`λ_max' ${a.lambdaMaxScaled} vs ${after}`)
  const firstScaled = Math.abs(ip(col(0))) > Math.abs(ip(col(1, v.factor))) ? 0 : 1
  const corr = [0, 1].map((j) => Math.abs(ip(col(j))) / (nrm(col(j)) * nrm(yc)))
  const firstCorr = corr[0] > corr[1] ? 0 : 1
  if (a.first !== v.featureIds[firstScaled]) out.push('first feature wrong')
  if (firstScaled === firstCorr) out.push('regime: the correlation gives the same first feature')
  if (a.standardized !== v.unitsMatter.no) out.push('standardized answer is not "no"')
  return out
}

describe('lasso-standardization', () => {
  test('self-test over 500 seeds', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(450)
  }, 180_000)

  test('negative data and a factor of 1000', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 150, params: { xMin: -6, xMax: 6, yMin: -10, yMax: 10, factors: [1000] }, salt: 'k', check, renderSeeds: 4, uncovered: ['uncentered'] })
    expect(report.failures).toEqual([])
  }, 120_000)

  test('a worked example', () => {
    // x₁ = (0, 2, 4, 6), x₂ = (0, 0, 1, 1), y = (0, 3, 3, 6): x̃₁ᵀỹ = 18, x̃₂ᵀỹ = 3; corr(x₂, y) = 3/√(1·18) ≈ 0.71, corr(x₁, y) = 18/√(20·18) ≈ 0.95.
    const yn = { yes: 'Y', no: 'N', yesFirst: true }
    const v: Variant = { X: [[0, 0], [2, 0], [4, 1], [6, 1]], y: [0, 3, 3, 6], factor: 100, featureIds: ['a', 'b'], unitsMatter: yn }
    const a = template.solve(v)
    expect(a.lambdaMax).toBeCloseTo(36, 10)
    expect(a.lambdaMaxScaled).toBeCloseTo(600, 10) // 2 · 100 · 3
    expect(a.first).toBe('b')
    expect(a.standardized).toBe('N')
    const right = { ...a }
    expect(template.grade(v, { ...right, first: 'a' }).parts.first.diagnosis).toBe('correlation-not-inner-product')
    expect(template.grade(v, { ...right, lambdaMaxScaled: 36 }).parts.lambdaMaxScaled.diagnosis).toBe('units-do-not-matter')
    expect(template.grade(v, { ...right, standardized: 'Y' }).parts.standardized.diagnosis).toBe('units-matter-after-standardizing')
  })
})
