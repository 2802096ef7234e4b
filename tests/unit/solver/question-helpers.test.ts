import { describe, expect, it } from 'vitest'
import {
  coordinateDescentStep,
  coordinateDescentUpdate,
  l1Subdifferential,
  lassoKkt,
  ols1d,
  penaltyGradient,
  ridge1d,
  ridgeLambdaForShrinkage1d,
  SolverInputError,
  UndefinedFitError,
} from '../../../lib/solver'
import { makeData } from './helpers'

describe('ridgeLambdaForShrinkage1d', () => {
  // x = 1..4: x̄ = 5/2, S_xx = 9/4 + 1/4 + 1/4 + 9/4 = 5.
  const x = [1, 2, 3, 4]
  const y = [2, 5, 7, 6]

  it('is S_xx(1/f − 1): 5 for f = 1/2, 15 for f = 1/4, 5·(2/3) = 10/3 for f = 3/5, 0 for f = 1', () => {
    expect(ridgeLambdaForShrinkage1d(x, y, 0.5)).toBe(5)
    expect(ridgeLambdaForShrinkage1d(x, y, 0.25)).toBe(15)
    expect(ridgeLambdaForShrinkage1d(x, y, 0.6)).toBeCloseTo(10 / 3, 14)
    expect(ridgeLambdaForShrinkage1d(x, y, 1)).toBe(0)
  })

  it('ridge1d at that λ has slope f times the OLS slope', () => {
    const ols = ols1d(x, y).slope
    for (const f of [0.5, 1 / 3, 2 / 3, 0.2, 0.99, 1e-3]) {
      const m = ridge1d(x, y, ridgeLambdaForShrinkage1d(x, y, f)).slope
      expect(Math.abs(m - f * ols)).toBeLessThan(1e-14 * Math.abs(ols))
    }
  })

  it('does not depend on y, and is exact with a large offset in x', () => {
    expect(ridgeLambdaForShrinkage1d(x, [0, 0, 0, 0], 0.5)).toBe(5)
    expect(ridgeLambdaForShrinkage1d(x.map((v) => v + 1e8), y, 0.5)).toBe(5)
  })

  it('throws UndefinedFitError when S_xx = 0 and SolverInputError for f outside (0, 1]', () => {
    expect(() => ridgeLambdaForShrinkage1d([3, 3, 3], [1, 2, 3], 0.5)).toThrow(UndefinedFitError)
    for (const f of [0, -0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => ridgeLambdaForShrinkage1d(x, y, f)).toThrow(SolverInputError)
    }
    expect(() => ridgeLambdaForShrinkage1d([], [], 0.5)).toThrow(SolverInputError)
  })
})

describe('coordinateDescentUpdate', () => {
  // Centered: x̃₁ = (−1, 0, 1), x̃₂ = (1, −2, 1), ỹ = (−2, 0, 2).
  // w = (0.5, 1): r₋₁ = ỹ − x̃₂·1 = (−3, 2, 1), ρ₁ = 2·x̃₁ᵀr₋₁ = 2·(3 + 0 + 1) = 8, denominator 2·x̃₁ᵀx̃₁ = 4.
  const X = [[0, 3], [1, 0], [2, 3]]
  const y = [3, 5, 7]
  const w = [0.5, 1]

  it('gives ρ_j, 2x̃_jᵀx̃_j and w_j = S(ρ_j, λ)/(2x̃_jᵀx̃_j) on a hand-computed example', () => {
    expect(coordinateDescentUpdate(X, y, w, 0, 2)).toEqual({ rho: 8, denom: 4, wj: 1.5, w: [1.5, 1] })
    expect(coordinateDescentUpdate(X, y, w, 0, 3)).toMatchObject({ rho: 8, denom: 4, wj: 1.25 })
    // |ρ₁| ≤ λ: exactly 0, also at the boundary λ = |ρ₁|.
    expect(coordinateDescentUpdate(X, y, w, 0, 8)).toMatchObject({ rho: 8, wj: 0, w: [0, 1] })
    expect(Object.is(coordinateDescentUpdate(X, y, [-0.5, -3], 0, 100).wj, 0)).toBe(true)
  })

  it('ρ_j = g_j + 2x̃_jᵀx̃_j·w_j (lassoKkt gradient), and w_j is the same update as coordinateDescentStep', () => {
    const { X: Xr, y: yr } = makeData(12, 3, 5, { rho: 0.4 })
    const wr = [0.3, -1.2, 0.7]
    for (let j = 0; j < 3; j++) {
      for (const lambda of [0.1, 3, 40]) {
        const u = coordinateDescentUpdate(Xr, yr, wr, j, lambda)
        const g = lassoKkt(Xr, yr, wr, lambda).gradient[j]
        expect(Math.abs(u.rho - (g + u.denom * wr[j]))).toBeLessThan(1e-12 * (1 + Math.abs(u.rho)))
        const step = coordinateDescentStep(Xr, yr, wr, j, lambda)
        expect(Math.abs(u.wj - step[j])).toBeLessThan(1e-12 * (1 + Math.abs(step[j])))
        expect(u.w.filter((_, k) => k !== j)).toEqual(wr.filter((_, k) => k !== j))
      }
    }
  })

  it('a constant feature gets ρ = 0, denominator 0 and w_j = 0; bad input throws', () => {
    expect(coordinateDescentUpdate([[1, 5], [2, 5], [4, 5]], [1, 2, 3], [1, 2], 1, 0)).toEqual({ rho: 0, denom: 0, wj: 0, w: [1, 0] })
    expect(() => coordinateDescentUpdate(X, y, w, 2, 1)).toThrow(SolverInputError)
    expect(() => coordinateDescentUpdate(X, y, [1], 0, 1)).toThrow(SolverInputError)
    expect(() => coordinateDescentUpdate(X, y, [1, Number.NaN], 0, 1)).toThrow(SolverInputError)
    expect(() => coordinateDescentUpdate(X, y, w, 0, -1)).toThrow(SolverInputError)
  })
})

describe('penaltyGradient and l1Subdifferential', () => {
  it('L1: λ·sign(w), the same size however small w is', () => {
    expect(penaltyGradient('l1', 0.25, 6)).toBe(6)
    expect(penaltyGradient('l1', -1e-9, 6)).toBe(-6)
    expect(penaltyGradient('l1', [2, -3], 4)).toEqual([4, -4])
  })

  it('L2: 2λw, fading to 0 at w = 0', () => {
    expect(penaltyGradient('l2', 0.25, 6)).toBe(3)
    expect(penaltyGradient('l2', -1.5, 4)).toBe(-12)
    expect(Object.is(penaltyGradient('l2', 0, 4), 0)).toBe(true)
    expect(Object.is(penaltyGradient('l2', -2, 0), 0)).toBe(true)
  })

  it('L1 at w = 0 has no derivative: throws, and the subdifferential is [−λ, λ]', () => {
    expect(() => penaltyGradient('l1', 0, 5)).toThrow(UndefinedFitError)
    expect(l1Subdifferential(0, 5)).toEqual({ lo: -5, hi: 5 })
    expect(l1Subdifferential(2, 5)).toEqual({ lo: 5, hi: 5 })
    expect(l1Subdifferential(-0.1, 5)).toEqual({ lo: -5, hi: -5 })
  })

  it('rejects an unknown kind, a non-finite w and a bad λ', () => {
    expect(() => penaltyGradient('l3' as 'l1', 1, 1)).toThrow(SolverInputError)
    expect(() => penaltyGradient('l2', Number.NaN, 1)).toThrow(SolverInputError)
    expect(() => penaltyGradient('l1', 1, -1)).toThrow(SolverInputError)
    expect(() => l1Subdifferential(Number.POSITIVE_INFINITY, 1)).toThrow(SolverInputError)
  })
})
