import { describe, expect, test } from 'vitest'
import { runSelfTest } from '@/lib/questions/selftest'
import caseAnalysis from '@/lib/questions/templates/lasso-case-analysis'
import template, { type Variant } from '@/lib/questions/templates/lasso-kkt-check'
import { summarize1d } from '@/lib/solver'

/** Natural answers (0 is always one): the two cases' stationary points (Sxy ∓ λ/2)/Sxx, each the slope of the other regime. */
const naturalCases = (v: Variant): Record<string, number[]> => {
  if (v.form !== 'cases') return {}
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  return { m: [(Sxy - v.lambda / 2) / Sxx, (Sxy + v.lambda / 2) / Sxx] }
}
/** The KKT form: g is a vector (the zero vector is always a natural answer), the decision a choice. */
const naturalKkt = () => ({})

/** The regime or scenario, checked by hand from the data (not through the template's own solve). */
function check(v: Variant): string[] {
  const out: string[] = []
  if (v.form === 'cases') {
    const { Sxx, Sxy } = summarize1d(v.x, v.y)
    const mPos = (Sxy - v.lambda / 2) / Sxx
    const mNeg = (Sxy + v.lambda / 2) / Sxx
    const consistent = [mPos > 0, mNeg < 0].filter(Boolean).length
    if (v.regime === 'zero' && consistent !== 0) out.push('zero regime with a consistent case')
    if (v.regime !== 'zero' && consistent !== 1) out.push(`${v.regime}: ${consistent} consistent cases`)
    if (v.regime === 'positive' && !(Sxy > 0)) out.push('positive regime with S_xy ≤ 0')
    if (v.regime === 'negative' && !(Sxy < 0)) out.push('negative regime with S_xy ≥ 0')
    return out
  }
  // g by plain loops on centered data.
  const n = v.y.length
  const p = v.w.length
  const xm = Array.from({ length: p }, (_, j) => v.X.reduce((s, r) => s + r[j], 0) / n)
  const ym = v.y.reduce((s, t) => s + t, 0) / n
  const r = v.y.map((yi, i) => yi - ym - v.X[i].reduce((s, x, j) => s + (x - xm[j]) * v.w[j], 0))
  const g = Array.from({ length: p }, (_, j) => 2 * v.X.reduce((s, row, i) => s + (row[j] - xm[j]) * r[i], 0))
  const nz = v.w.map((x, j) => (x !== 0 ? j : -1)).filter((j) => j >= 0)
  if (nz.length !== 1) out.push(`${nz.length} nonzero coordinates`)
  const j = nz[0]
  const eqHolds = Math.abs(g[j] - v.lambda * Math.sign(v.w[j])) <= 1e-9 * v.lambda
  const zerosHold = g.every((gk, k) => k === j || Math.abs(gk) <= v.lambda)
  if (v.scenario === 'optimal' && !(eqHolds && zerosHold)) out.push('optimal scenario fails KKT')
  if (v.scenario === 'nonzero-off' && !(Math.abs(g[j]) < v.lambda && zerosHold && !eqHolds)) out.push('nonzero-off scenario wrong')
  if (v.scenario === 'zero-violated' && !(eqHolds && !zerosHold)) out.push('zero-violated scenario wrong')
  const expectYes = v.scenario === 'optimal'
  if ((template.solve(v).optimal === v.optimal.yes) !== expectYes) out.push('the decision disagrees with the scenario')
  return out
}

describe('lasso-kkt-check', () => {
  test('lasso-case-analysis: self-test over 500 seeds', () => {
    const report = runSelfTest(caseAnalysis, { naturalAnswers: naturalCases, seeds: 500, check })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(450)
  }, 180_000)

  test('lasso-kkt-check: self-test over 500 seeds', () => {
    const report = runSelfTest(template, { naturalAnswers: naturalKkt, seeds: 500, check })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(450)
  }, 180_000)

  test('KKT form with two features and negative data', () => {
    const p = { features: 2, xMin: -5, xMax: 5, yMin: -10, yMax: 10, nMin: 5, nMax: 8 }
    const report = runSelfTest(template, { naturalAnswers: naturalKkt, seeds: 150, params: p, salt: 'kkt2', check, renderSeeds: 5, uncovered: ['g-sign'] })
    expect(report.failures).toEqual([])
  }, 120_000)

  test('a worked case analysis: x = 1..5, y = 2,4,5,4,5 (S_xx = 10, S_xy = 6), λ = 4', () => {
    const yn = (a: string, b: string) => ({ yes: a, no: b, yesFirst: true })
    const v: Variant = { form: 'cases', x: [1, 2, 3, 4, 5], y: [2, 4, 5, 4, 5], lambda: 4, regime: 'positive', pos: yn('a', 'b'), neg: yn('c', 'd') }
    const a = caseAnalysis.solve(v)
    expect(a).toEqual({ mPos: 0.4, posOk: 'a', mNeg: 0.8, negOk: 'd', m: 0.4 }) // (6 ∓ 2)/10
    const right = { mPos: 0.4, posOk: 'a', mNeg: 0.8, negOk: 'd', m: 0.4 }
    expect(caseAnalysis.grade(v, right).score).toBe(1)
    expect(caseAnalysis.grade(v, { ...right, negOk: 'c' }).parts.negOk.diagnosis).toBe('accepted-inconsistent-neg')
    expect(caseAnalysis.grade(v, { ...right, m: 0.8 }).parts.m.diagnosis).toBe('took-other-case')
    expect(caseAnalysis.grade(v, { ...right, mPos: 0.2 }).parts.mPos.diagnosis).toBe('case-missing-2') // (6 − 4)/10
  })

  test('a worked KKT check: orthogonal features', () => {
    // x₁ = (−1, 1, −1, 1), x₂ = (−1, −1, 1, 1) are centered and orthogonal; y = (0, 4, 0, 8): x̃₁ᵀỹ = 12, x̃₂ᵀỹ = 4.
    // w = (1, 0): r = ỹ − x̃₁ → g₁ = 2(12 − 4) = 16, g₂ = 2·4 = 8, so at λ = 16 w is optimal.
    const v: Variant = { form: 'kkt', X: [[-1, -1], [1, -1], [-1, 1], [1, 1]], y: [0, 4, 0, 8], lambda: 16, w: [1, 0], scenario: 'optimal', optimal: { yes: 'y', no: 'n', yesFirst: false } }
    const a = template.solve(v)
    expect(a.g).toEqual([16, 8])
    expect(a.optimal).toBe('y')
    expect(template.grade(v, { g: [8, 4], optimal: 'y' }).parts.g.diagnosis).toBe('g-missing-2')
    expect(template.grade(v, { g: [16, 8], optimal: 'n' }).parts.optimal.diagnosis).toBe('strict-on-nonzero')
    expect(template.solve({ ...v, lambda: 7 }).optimal).toBe('n')
  })
})
