/**
 * Issue 9, the data-signal guarantee: every template that draws its own data draws y with real signal, the
 * multiple correlation R of y on the features (|r| with one feature) at least 0.5, in every variant; the
 * self-test checks it; a generator that cannot meet it throws. R is computed here independently, from the
 * residuals of lib/solver's OLS fit (R² = 1 − RSS/S_yy).
 */
import { describe, expect, test } from 'vitest'
import { SUPPLIED_KEY } from '@/lib/questions/data'
import { listTemplates } from '@/lib/questions/registry'
import { runSelfTest, testSeed } from '@/lib/questions/selftest'
import { drawSignalData, drawSignalResponse, multipleCorrelation } from '@/lib/questions/templates/shared/signal'
import ols1d from '@/lib/questions/templates/ols-1d'
import type { AnyTemplate } from '@/lib/questions/types'
import { makeVariant } from '@/lib/questions/variant'
import { createRng } from '@/lib/random'
import { ridge } from '@/lib/solver'

const SEEDS = 200

/**
 * R from the residuals of a least-squares fit (an independent route from the helper's Gram–Schmidt). λ = 1e-9
 * instead of 0 so that collinear features (possible with n = 4 and three features) still have a fit; it moves R
 * by about 1e-9.
 */
function rOfFit(X: number[][], y: number[]): number {
  const fit = ridge(X, y, 1e-9)
  const yMean = y.reduce((a, b) => a + b, 0) / y.length
  const rss = y.reduce((s, yi, i) => s + (yi - fit.intercept - X[i].reduce((t, xj, j) => t + fit.coef[j] * xj, 0)) ** 2, 0)
  const syy = y.reduce((s, yi) => s + (yi - yMean) ** 2, 0)
  return Math.sqrt(Math.max(0, 1 - rss / syy))
}

/** The dataset of a variant as the page shows it (x or X, and y). */
function dataOf(v: Record<string, unknown>): { X: number[][]; y: number[] } | undefined {
  if (!Array.isArray(v.y)) return undefined
  if (Array.isArray(v.X)) return { X: v.X as number[][], y: v.y as number[] }
  if (Array.isArray(v.x)) return { X: (v.x as number[]).map((t) => [t]), y: v.y as number[] }
  return undefined
}

/** The templates whose variants carry a dataset; sparsity-concepts is the one that shows none. */
const DATA_TEMPLATES = [
  'choosing-lambda',
  'constrained-form',
  'coordinate-descent-step',
  'elastic-net-1d',
  'lasso-1d-lambda-star',
  'lasso-1d-slope',
  'lasso-2d-sparsity',
  'lasso-case-analysis',
  'lasso-kkt-check',
  'lasso-path-breakpoints',
  'lasso-standardization',
  'ols-1d',
  'penalty-conventions',
  'ridge-1d-slope',
  'ridge-2d',
  'ridge-vs-lasso',
  'subgradient-at-zero',
]

describe('the data-signal guarantee', () => {
  test('the data-generating templates are the ones listed here', () => {
    const withData = listTemplates()
      .filter((t) => dataOf(makeVariant(t, {}, testSeed(0, 'signal-all'))) !== undefined)
      .map((t) => t.id)
      .sort()
    expect(withData).toEqual(DATA_TEMPLATES)
  })

  for (const id of DATA_TEMPLATES) {
    test(`${id}: R ≥ 0.5 in every one of ${SEEDS} variants`, () => {
      const t = listTemplates().find((x) => x.id === id) as AnyTemplate
      const low: string[] = []
      for (let i = 0; i < SEEDS; i++) {
        const d = dataOf(makeVariant(t, {}, testSeed(i, 'signal-all'))) as { X: number[][]; y: number[] }
        const R = rOfFit(d.X, d.y)
        if (!(R >= 0.5)) low.push(`seed ${i}: R = ${R.toFixed(3)}`)
      }
      expect(low).toEqual([])
    }, 120_000)
  }

  test('the self-test fails a template whose data have no signal, and not an instructor’s dataset', () => {
    // x = 1..5, y = 3, 1, 4, 1, 5: S_xx = 10, S_xy = 4, S_yy = 64/5, r = 4/√128 ≈ 0.354.
    const noise: AnyTemplate = { ...ols1d, generate: () => ({ x: [1, 2, 3, 4, 5], y: [3, 1, 4, 1, 5] }) }
    const report = runSelfTest(noise, { seeds: 3, renderSeeds: 0, naturalAnswers: () => ({}) })
    expect(report.failures.filter((f) => f.includes('no real signal'))).toHaveLength(3)
    expect(report.failures[0]).toContain('0.354')
    const supplied = { [SUPPLIED_KEY]: { X: [[1], [2], [3], [4], [5]], y: [3, 1, 4, 1, 5], sampleSize: null } }
    const own = runSelfTest(noise, { seeds: 3, renderSeeds: 0, params: supplied, naturalAnswers: () => ({}) })
    expect(own.failures.filter((f) => f.includes('no real signal'))).toEqual([])
  })

  test('R by hand: |r| with one feature, 1 for an exact plane, 0 for a response orthogonal to both features', () => {
    // x = 1..5, y = 2, 4, 5, 4, 5: S_xx = 10, S_xy = 6, S_yy = 6, r = 6/√60.
    expect(multipleCorrelation([[1], [2], [3], [4], [5]], [2, 4, 5, 4, 5])).toBeCloseTo(6 / Math.sqrt(60), 12)
    const X = [[0, 0], [1, 0], [0, 1], [1, 1], [2, 1]]
    expect(multipleCorrelation(X, X.map(([a, b]) => 3 + 2 * a - b))).toBeCloseTo(1, 12)
    // Centered x₁ = (−1, 1, −1, 1), x₂ = (−1, −1, 1, 1); y = (1, −1, −1, 1) is orthogonal to both.
    expect(multipleCorrelation([[0, 0], [2, 0], [0, 2], [2, 2]], [1, -1, -1, 1])).toBeCloseTo(0, 12)
    // A repeated column adds nothing: the same R as the column alone.
    expect(multipleCorrelation([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]], [2, 4, 5, 4, 5])).toBeCloseTo(6 / Math.sqrt(60), 12)
  })

  test('a generator that cannot meet the guarantee throws', () => {
    // No column varies: no response can correlate with it.
    expect(() => drawSignalResponse(createRng('ab'.repeat(16)), [[2, 3], [2, 3], [2, 3], [2, 3]], 0, 10)).toThrow(/R ≥ 0.5/)
  })

  test('drawn data stay small integers in their ranges, with both signs of slope', () => {
    const r = { nMin: 5, nMax: 8, xMin: 0, xMax: 9, yMin: 0, yMax: 12 }
    let negative = 0
    for (let i = 0; i < 100; i++) {
      const d = drawSignalData(createRng(testSeed(i, 'ranges')), r, 2)
      expect(d.y.length).toBeGreaterThanOrEqual(5)
      expect(d.y.length).toBeLessThanOrEqual(8)
      expect(d.X.flat().every((x) => Number.isInteger(x) && x >= 0 && x <= 9)).toBe(true)
      expect(d.y.every((y) => Number.isInteger(y) && y >= 0 && y <= 12)).toBe(true)
      if (ridge(d.X, d.y, 0).coef[0] < 0) negative++
    }
    expect(negative).toBeGreaterThan(20)
    expect(negative).toBeLessThan(80)
  })
})
