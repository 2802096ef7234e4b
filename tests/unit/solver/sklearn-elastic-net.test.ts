/**
 * Elastic net, cross-validation and standardization against scikit-learn. Fixtures from
 * scripts/sklearn/make_elastic_net_fixtures.py (/usr/bin/python3 with Debian's python3-sklearn), committed.
 *
 * ElasticNet(alpha, l1_ratio) is our (λ₁, λ₂) = (2nα·l1_ratio, nα(1 − l1_ratio)). Where scikit-learn is converged
 * (its KKT residual ≤ 1e-10) and the problem has a unique, well-conditioned solution (λ₂ > 0 or n > p without a
 * constant column), coefficients agree to 1e-8 relative; elsewhere our KKT residual is ≤ 1e-9 and our loss is no
 * larger than scikit-learn's.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  elasticNet,
  elasticNet1d,
  elasticNetObjective,
  kFoldAssignment,
  lambdasFromSklearnElasticNet,
  lasso,
  lassoConstrained,
  lassoCrossValidation,
  ridgeConstrained,
  sklearnElasticNetParams,
  standardizeColumns,
} from '../../../lib/solver'
import { relDiff } from './helpers'

interface Case { lambda1: number; lambda2: number; alpha: number; l1Ratio: number; coef: number[]; intercept: number; sklearnKkt: number }
interface Fixture {
  name: string
  n: number
  p: number
  X: number[][]
  y: number[]
  elasticNet: Case[]
  crossValidation?: { order: number[]; k: number; folds: number[]; lambdas: number[]; foldErrors: number[][]; meanError: number[]; standardError: number[] }
  standardize?: { X: number[][]; Z: number[][]; scale: number[] }
  constrained?: Record<'lasso' | 'ridge', { t: number; lambda: number; coef: number[] }[]>
}

const dir = path.resolve(import.meta.dirname, '../../fixtures/sklearn-elastic-net')
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')))

describe('elastic net against scikit-learn ElasticNet', () => {
  it('the fixtures are present', () => {
    expect(fixtures.map((f) => f.name).sort()).toEqual(['constant-column', 'correlated', 'independent', 'one-feature', 'wide'])
  })

  for (const fx of fixtures) {
    it(`${fx.name}: the α/l1_ratio mapping and the solution`, () => {
      for (const c of fx.elasticNet) {
        const mapped = sklearnElasticNetParams(c.lambda1, c.lambda2, fx.n)
        expect(mapped.alpha).toBeCloseTo(c.alpha, 12)
        expect(mapped.l1Ratio).toBeCloseTo(c.l1Ratio, 12)
        const back = lambdasFromSklearnElasticNet(c.alpha, c.l1Ratio, fx.n)
        expect(Math.abs(back.lambda1 - c.lambda1)).toBeLessThanOrEqual(1e-9 * Math.max(1, c.lambda1))
        expect(Math.abs(back.lambda2 - c.lambda2)).toBeLessThanOrEqual(1e-9 * Math.max(1, c.lambda2))

        const fit = elasticNet(fx.X, fx.y, c.lambda1, c.lambda2)
        expect(fit.kktViolation).toBeLessThanOrEqual(1e-9)
        const ours = elasticNetObjective(fx.X, fx.y, fit.coef, fit.intercept, c.lambda1, c.lambda2)
        const theirs = elasticNetObjective(fx.X, fx.y, c.coef, c.intercept, c.lambda1, c.lambda2)
        expect(ours).toBeLessThanOrEqual(theirs * (1 + 1e-12))
        const unique = c.lambda2 > 0 || (fx.n > fx.p && fx.name !== 'constant-column')
        if (unique && c.sklearnKkt <= 1e-10) {
          expect(relDiff(fit.coef, c.coef)).toBeLessThan(1e-8)
          expect(fit.coef.map((v) => v === 0)).toEqual(c.coef.map((v) => v === 0))
        } else {
          expect(relDiff(fit.coef, c.coef)).toBeLessThan(1e-4)
        }
      }
    })
  }

  it('one feature: the closed form S(S_xy, λ₁/2)/(S_xx + λ₂) agrees with scikit-learn', () => {
    const fx = fixtures.find((f) => f.name === 'one-feature')!
    const x = fx.X.map((r) => r[0])
    for (const c of fx.elasticNet) {
      const line = elasticNet1d(x, fx.y, c.lambda1, c.lambda2)
      expect(Math.abs(line.slope - c.coef[0])).toBeLessThanOrEqual(1e-9 * Math.max(1e-12, Math.abs(c.coef[0])))
      expect(line.intercept).toBeCloseTo(c.intercept, 9)
    }
  })

  it('λ₂ = 0 is the lasso', () => {
    const fx = fixtures.find((f) => f.name === 'correlated')!
    for (const lam of [5, 50, 200]) {
      expect(relDiff(elasticNet(fx.X, fx.y, lam, 0).coef, lasso(fx.X, fx.y, lam).coef)).toBeLessThan(1e-9)
    }
  })

  it('1-D by hand: x = 1..5, y = 2,4,5,4,5 (S_xx = 10, S_xy = 6)', () => {
    const x = [1, 2, 3, 4, 5]
    const y = [2, 4, 5, 4, 5]
    // λ₁ = 4, λ₂ = 5: (6 − 2)/(10 + 5) = 4/15.
    expect(elasticNet1d(x, y, 4, 5).slope).toBe(4 / 15)
    // λ₁ = 12 = 2|S_xy| zeroes it exactly, whatever λ₂.
    expect(elasticNet1d(x, y, 12, 0.5).slope).toBe(0)
    expect(elasticNet1d(x, y, 11.999, 0.5).slope).toBeGreaterThan(0)
    expect(elasticNet(x.map((v) => [v]), y, 4, 5).coef[0]).toBeCloseTo(4 / 15, 14)
  })
})

describe('cross-validation and standardization against scikit-learn', () => {
  it('lassoCrossValidation reproduces the fold errors, means and standard errors of per-fold Lasso fits', () => {
    const fx = fixtures.find((f) => f.crossValidation)!
    const cv = fx.crossValidation!
    expect(kFoldAssignment(cv.order, cv.k)).toEqual(cv.folds)
    const ours = lassoCrossValidation(fx.X, fx.y, cv.lambdas, cv.folds)
    expect(relDiff(ours.foldErrors.flat(), cv.foldErrors.flat())).toBeLessThan(1e-7)
    expect(relDiff(ours.meanError, cv.meanError)).toBeLessThan(1e-7)
    expect(relDiff(ours.standardError, cv.standardError)).toBeLessThan(1e-6)
    // The rules, applied by hand to scikit-learn's table.
    const best = cv.meanError.indexOf(Math.min(...cv.meanError))
    expect(ours.best).toBe(best)
    const within = cv.lambdas.map((l, i) => (cv.meanError[i] <= cv.meanError[best] + cv.standardError[best] ? l : -1))
    expect(ours.oneSe).toBe(within.indexOf(Math.max(...within)))
  })

  it('kFoldAssignment refuses a non-permutation and a bad k', () => {
    expect(() => kFoldAssignment([0, 0, 1], 2)).toThrow(/permutation/)
    expect(() => kFoldAssignment([0, 1, 2], 4)).toThrow(/k must be/)
  })

  it('standardizeColumns matches StandardScaler (population standard deviation)', () => {
    const st = fixtures.find((f) => f.standardize)!.standardize!
    const ours = standardizeColumns(st.X)
    expect(relDiff(ours.scale, st.scale)).toBeLessThan(1e-12)
    expect(relDiff(ours.Z.flat(), st.Z.flat())).toBeLessThan(1e-10)
  })

  it('constrained forms: the λ whose solution has ||w||₁ = t (lasso) or ||w||₂ = t (ridge), as found by bisection on scikit-learn fits', () => {
    const fx = fixtures.find((f) => f.constrained)!
    for (const [kind, solve] of [['lasso', lassoConstrained], ['ridge', ridgeConstrained]] as const) {
      for (const c of fx.constrained![kind]) {
        const fit = solve(fx.X, fx.y, c.t)
        expect(fit.active).toBe(c.lambda > 0)
        if (c.lambda === 0) expect(fit.lambda).toBe(0)
        else expect(Math.abs(fit.lambda - c.lambda)).toBeLessThan(1e-7 * c.lambda)
        expect(relDiff(fit.coef, c.coef)).toBeLessThan(1e-7)
        const norm = kind === 'lasso' ? fit.coef.reduce((s, v) => s + Math.abs(v), 0) : Math.hypot(...fit.coef)
        if (fit.active) expect(Math.abs(norm - c.t)).toBeLessThan(1e-9 * c.t)
      }
    }
  })
})
