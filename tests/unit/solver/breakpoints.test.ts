import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  lasso,
  lassoBreakpoints,
  lassoKkt,
  lassoLambdaMax,
  lassoObjective,
  lassoPathCoefAt,
  ridge,
  SolverInputError,
} from '../../../lib/solver'
import { kktViolation } from './helpers'

type M = number[][]

/** lib/solver's lasso (coordinate descent) has w_j = 0 at λ·(1 + ε) and w_j ≠ 0 at λ·(1 − ε), or the reverse. */
const zeroAt = (X: M, y: number[], lambda: number, j: number) => lasso(X, y, lambda).coef[j] === 0
const EPS = 1e-6

/**
 * Hand-computed: X̃ columns x̃₁ = (1, 1, −1, −1), x̃₂ = (7, −1, −1, −5)/4, ỹ = (13, 5, 1, −19)/4, so
 * G = X̃ᵀX̃ = [[4, 3], [3, 19/4]] and c = X̃ᵀỹ = (9, 45/4). With t = λ/2:
 * - feature 2 enters first, at t = 45/4 (λ_max = 45/2), with sign +;
 * - only w₂ active: w₂ = (45/4 − t)/(19/4) = (45 − 4t)/19, so x̃₁ᵀ(ỹ − x̃₂w₂) = 9 − 3(45 − 4t)/19 = (36 + 12t)/19,
 *   which reaches t at t = 36/7: feature 1 enters at λ = 72/7 with sign +, where w₂ = 9/7;
 * - both active: w = G⁻¹(c − t·(1, 1)) = ((36 − 7t)/40, (18 − t)/10), signs kept down to OLS (9/10, 9/5).
 */
const HAND = { X: [[1, 2], [1, 0], [-1, 0], [-1, -1]], y: [3, 1, 0, -5] }

describe('lassoBreakpoints on a hand-computed 2-feature example', () => {
  const bp = lassoBreakpoints(HAND.X, HAND.y)

  it('finds λ_max = 45/2 (feature 2 enters) and λ = 72/7 (feature 1 enters), nothing leaves', () => {
    expect(bp.lambdas).toEqual([45 / 2, 72 / 7])
    expect(bp.breakpoints.map((b) => b.entering)).toEqual([[1], [0]])
    expect(bp.breakpoints.map((b) => b.leaving)).toEqual([[], []])
    expect(bp.breakpoints.map((b) => b.signs)).toEqual([[0, 1], [1, 1]])
    expect(bp.lambdaStar).toEqual([72 / 7, 45 / 2])
  })

  it('gives the knots w(72/7) = (0, 9/7) and the OLS end point (9/10, 9/5)', () => {
    expect(bp.breakpoints[0].coef).toEqual([0, 0])
    expect(bp.breakpoints[1].coef).toEqual([0, 9 / 7])
    expect(bp.coefAtZero).toEqual([9 / 10, 9 / 5])
    const ols = ridge(HAND.X, HAND.y, 0).coef
    expect(Math.abs(ols[0] - 0.9) + Math.abs(ols[1] - 1.8)).toBeLessThan(1e-14)
  })

  it('interpolates w(λ) = ((36 − 7t)/40, (18 − t)/10) with t = λ/2 below 72/7, and ((45 − 4t)/19) above', () => {
    for (const t of [0.5, 2, 5]) {
      const w = lassoPathCoefAt(bp, 2 * t)
      expect(Math.abs(w[0] - (36 - 7 * t) / 40)).toBeLessThan(1e-14)
      expect(Math.abs(w[1] - (18 - t) / 10)).toBeLessThan(1e-14)
    }
    const w = lassoPathCoefAt(bp, 2 * 8)
    expect(w[0]).toBe(0)
    expect(Math.abs(w[1] - (45 - 32) / 19)).toBeLessThan(1e-14)
    expect(lassoPathCoefAt(bp, 30)).toEqual([0, 0])
  })

  it('agrees with lasso() on both sides of each breakpoint', () => {
    for (const b of bp.breakpoints) {
      for (const j of b.entering) {
        expect(zeroAt(HAND.X, HAND.y, b.lambda * (1 + EPS), j)).toBe(true)
        expect(zeroAt(HAND.X, HAND.y, b.lambda * (1 - EPS), j)).toBe(false)
      }
    }
  })
})

/**
 * A 3-feature path on which a coefficient leaves the model and later re-enters with the other sign
 * (features 1 and 3 are strongly correlated). Checked against lasso() only, not against this implementation.
 */
const LEAVE = {
  X: [[-2, 3, 0], [-1, -4, -4], [-4, 1, -2], [0, 2, 1], [0, -1, -2]],
  y: [4, 7, -10, 4, -10],
}

describe('lassoBreakpoints with a coefficient leaving the active set', () => {
  const bp = lassoBreakpoints(LEAVE.X, LEAVE.y)
  const ols = ridge(LEAVE.X, LEAVE.y, 0).coef

  it('has a leave event, and every breakpoint is confirmed by lasso() on both sides', () => {
    expect(bp.breakpoints.some((b) => b.leaving.length > 0)).toBe(true)
    for (const b of bp.breakpoints) {
      for (const j of b.entering) {
        expect(zeroAt(LEAVE.X, LEAVE.y, b.lambda * (1 + EPS), j)).toBe(true)
        expect(zeroAt(LEAVE.X, LEAVE.y, b.lambda * (1 - EPS), j)).toBe(false)
      }
      for (const j of b.leaving) {
        expect(zeroAt(LEAVE.X, LEAVE.y, b.lambda * (1 + EPS), j)).toBe(false)
        expect(zeroAt(LEAVE.X, LEAVE.y, b.lambda * (1 - EPS), j)).toBe(true)
      }
    }
  })

  it('the leaving coefficient enters with one sign and ends (OLS) with the other', () => {
    const leave = bp.breakpoints.find((b) => b.leaving.length > 0)!
    const j = leave.leaving[0]
    const first = bp.breakpoints.find((b) => b.entering.includes(j))!
    expect(Math.sign(ols[j])).toBe(-first.signs[j])
    expect(bp.lambdas[0]).toBeCloseTo(lassoLambdaMax(LEAVE.X, LEAVE.y), 12)
    for (let k = 1; k < bp.lambdas.length; k++) expect(bp.lambdas[k]).toBeLessThan(bp.lambdas[k - 1])
    for (let j2 = 0; j2 < 3; j2++) expect(Math.abs(bp.coefAtZero[j2] - ols[j2])).toBeLessThan(1e-12 * (1 + Math.abs(ols[j2])))
  })

  it('between breakpoints the interpolated path is the lasso solution', () => {
    const ls = [...bp.lambdas, 0]
    for (let k = 0; k + 1 < ls.length; k++) {
      const l = (ls[k] + ls[k + 1]) / 2
      const w = lassoPathCoefAt(bp, l)
      expect(kktViolation(LEAVE.X, LEAVE.y, w, l)).toBeLessThan(1e-10)
      const cd = lasso(LEAVE.X, LEAVE.y, l).coef
      for (let j = 0; j < 3; j++) expect(Math.abs(w[j] - cd[j])).toBeLessThan(1e-8 * (1 + Math.abs(cd[j])))
    }
  })
})

const smallData = fc
  .record({ n: fc.integer({ min: 3, max: 8 }), p: fc.integer({ min: 2, max: 3 }), seed: fc.integer({ min: 0, max: 2 ** 30 }) })
  .map(({ n, p, seed }) => {
    let s = seed
    const next = () => {
      s = (s * 1103515245 + 12345) % 2147483648
      return Math.floor((s / 2147483648) * 13) - 6
    }
    const X = Array.from({ length: n }, () => Array.from({ length: p }, next))
    const y = Array.from({ length: n }, () => 2 * next())
    return { X, y }
  })

/**
 * Whether the centered X has full column rank, decided exactly: the Gram matrix of n·x̃ (integers for integer
 * data) has a nonzero determinant. Only then is the lasso solution unique, so only then is lasso()'s zero
 * pattern determined by the data.
 */
function fullColumnRank(X: M): boolean {
  const n = X.length
  const p = X[0].length
  const sums = Array.from({ length: p }, (_, j) => X.reduce((a, r) => a + r[j], 0))
  const Z = X.map((r) => r.map((v, j) => BigInt(n * v - sums[j])))
  const G = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => Z.reduce((acc, r) => acc + r[a] * r[b], 0n)))
  const det = (m: bigint[][]): bigint =>
    m.length === 1 ? m[0][0] : m[0].reduce((acc, v, j) => acc + (j % 2 === 0 ? 1n : -1n) * v * det(m.slice(1).map((r) => r.filter((_, k) => k !== j))), 0n)
  return det(G) !== 0n
}

describe('lassoBreakpoints against lasso() on random small integer data', { timeout: 120_000 }, () => {
  it('each breakpoint switches the zero pattern of lasso() as reported, and the path solves the lasso between them', () => {
    fc.assert(
      fc.property(smallData, ({ X, y }) => {
        const bp = lassoBreakpoints(X, y)
        const lmax = lassoLambdaMax(X, y)
        if (bp.lambdas.length === 0) {
          expect(lmax).toBe(0)
          return
        }
        expect(Math.abs(bp.lambdas[0] - lmax)).toBeLessThanOrEqual(1e-12 * lmax)
        const ls = [...bp.lambdas, 0]
        bp.breakpoints.forEach((b, k) => {
          // Zero pattern of lasso() on both sides, where the neighbouring breakpoints are not within 0.1%.
          const isolated = (k === 0 || ls[k - 1] > b.lambda * 1.001) && ls[k + 1] < b.lambda * 0.999
          // With a rank-deficient X̃ the lasso solution need not be unique (the objectives are compared below).
          if (!isolated || !fullColumnRank(X)) return
          for (const j of b.entering) expect([zeroAt(X, y, b.lambda * (1 + EPS), j), zeroAt(X, y, b.lambda * (1 - EPS), j)]).toEqual([true, false])
          for (const j of b.leaving) expect([zeroAt(X, y, b.lambda * (1 + EPS), j), zeroAt(X, y, b.lambda * (1 - EPS), j)]).toEqual([false, true])
        })
        for (let k = 0; k + 1 < ls.length; k++) {
          const l = (ls[k] + ls[k + 1]) / 2
          const w = lassoPathCoefAt(bp, l)
          // The path is a lasso solution: KKT holds and the objective is that of lib/solver's lasso.
          expect(lassoKkt(X, y, w, l).maxViolation).toBeLessThan(1e-9)
          const fit = lasso(X, y, l)
          const f0 = lassoObjective(X, y, fit.coef, fit.intercept, l)
          // b = ȳ − x̄ᵀw, the optimal intercept for w.
          const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
          const b = mean(y) - w.reduce((a, wj, j) => a + wj * mean(X.map((r) => r[j])), 0)
          expect(Math.abs(lassoObjective(X, y, w, b, l) - f0)).toBeLessThan(1e-9 * (1 + f0))
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('lassoBreakpoints on degenerate input', () => {
  it('a constant feature never enters (λ* = 0, coefficient 0 along the path)', () => {
    const X = [[1, 5], [2, 5], [4, 5], [7, 5]]
    const y = [1, 3, 2, 6]
    const bp = lassoBreakpoints(X, y)
    expect(bp.lambdaStar[1]).toBe(0)
    expect(bp.breakpoints.every((b) => !b.entering.includes(1) && b.coef[1] === 0)).toBe(true)
    expect(bp.coefAtZero[1]).toBe(0)
    // One real feature: λ* = 2|S_xy|, S_xy = Σ(x − x̄)(y − ȳ) = (−2.5)(−2) + (−1.5)(0) + (0.5)(−1) + (3.5)(3) = 15.
    expect(bp.lambdas).toEqual([30])
  })

  it('constant y gives no breakpoints and w = 0 everywhere', () => {
    const bp = lassoBreakpoints([[1, 2], [3, 1], [0, 0]], [4, 4, 4])
    expect(bp).toEqual({ breakpoints: [], lambdas: [], lambdaStar: [0, 0], coefAtZero: [0, 0] })
    expect(lassoPathCoefAt(bp, 1)).toEqual([0, 0])
  })

  it('two features tied at λ_max enter together', () => {
    // x̃₁ ⟂ x̃₂ with |x̃₁ᵀỹ| = |x̃₂ᵀỹ| = 2: both enter at λ = 4, and w_j = (2 − λ/2)/2 each.
    const X = [[1, 0], [-1, 0], [0, 1], [0, -1]]
    const y = [1, -1, -1, 1]
    const bp = lassoBreakpoints(X, y)
    expect(bp.lambdas).toEqual([4])
    expect(bp.breakpoints[0].entering).toEqual([0, 1])
    expect(bp.breakpoints[0].signs).toEqual([1, -1])
    expect(lassoPathCoefAt(bp, 2)).toEqual([0.5, -0.5])
  })

  it('a duplicated column: the lower index carries the path, the fit is the lasso fit', () => {
    const X = [[1, 1, 0], [2, 2, 1], [4, 4, 0], [7, 7, 3]]
    const y = [1, 3, 2, 8]
    const bp = lassoBreakpoints(X, y)
    expect(bp.lambdaStar[1]).toBe(0)
    for (const l of [bp.lambdas[0] / 2, bp.lambdas[bp.lambdas.length - 1] / 3]) {
      const w = lassoPathCoefAt(bp, l)
      expect(w[1]).toBe(0)
      expect(lassoKkt(X, y, w, l).maxViolation).toBeLessThan(1e-9)
    }
  })

  it('p > n: the path ends with at most rank(X̃) active features and solves the lasso along the way', () => {
    const X = [[1, 0, 2, -1, 3], [0, 2, -1, 1, 1], [2, 1, 0, 3, -2], [-1, 3, 1, 0, 0]]
    const y = [3, -1, 4, 2]
    const bp = lassoBreakpoints(X, y)
    expect(bp.coefAtZero.filter((w) => w !== 0).length).toBeLessThanOrEqual(3)
    const ls = [...bp.lambdas, 0]
    for (let k = 0; k + 1 < ls.length; k++) {
      const l = (ls[k] + ls[k + 1]) / 2
      expect(lassoKkt(X, y, lassoPathCoefAt(bp, l), l).maxViolation).toBeLessThan(1e-9)
    }
  })

  it('invalid input throws SolverInputError', () => {
    expect(() => lassoBreakpoints([], [])).toThrow(SolverInputError)
    expect(() => lassoBreakpoints([[1, 2], [3]], [1, 2])).toThrow(SolverInputError)
    expect(() => lassoBreakpoints([[1], [Number.NaN]], [1, 2])).toThrow(SolverInputError)
    expect(() => lassoPathCoefAt(lassoBreakpoints(HAND.X, HAND.y), -1)).toThrow(SolverInputError)
  })
})
