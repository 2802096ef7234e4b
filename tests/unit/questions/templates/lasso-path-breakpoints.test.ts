import { describe, expect, test } from 'vitest'
import { runSelfTest } from '@/lib/questions/selftest'
import template, { breakpoints, pathAt, params, type Variant } from '@/lib/questions/templates/lasso-path-breakpoints'
import { makeVariant } from '@/lib/questions/variant'
import { lasso, lassoLambdaMax } from '@/lib/solver'

/** Natural answers: 0 (and the zero vector) are always checked; this template has no other regime's or unclamped value to add. */
const natural = () => ({})

/** The regime, checked against lib/solver's lasso (coordinate descent), not the template's KKT algebra. */
const regime = (v: Variant) => {
  const out: string[] = []
  const a = template.solve(v)
  const z = a.zeroAt as number[]
  const order = a.order as string[]
  const lamMax = lassoLambdaMax(v.X, v.y)
  if (Math.abs(Math.max(...z) - lamMax) > 1e-9 * lamMax) out.push(`largest breakpoint ${Math.max(...z)} ≠ λ_max ${lamMax}`)
  const lo = Math.min(...z)
  if (!(lo >= lamMax / 20 && lo <= lamMax / 1.25)) out.push(`second breakpoint ${lo} not well inside (0, λ_max)`)
  const first = z[0] > z[1] ? 0 : 1
  if (order[0] !== ['x₁', 'x₂'][first]) out.push(`order ${order} but breakpoints ${z}`)
  // Each coefficient is zero just above its breakpoint and nonzero just below it (and all the way to 0).
  for (const j of [0, 1]) {
    if (lasso(v.X, v.y, z[j] * 1.001).coef[j] !== 0) out.push(`w${j + 1} ≠ 0 just above ${z[j]}`)
    for (const f of [0.999, 0.7, 0.3, 0.05]) if (lasso(v.X, v.y, z[j] * f).coef[j] === 0) out.push(`w${j + 1} = 0 at ${f}·λ*`)
  }
  return out
}

describe('lasso-path-breakpoints self-test', { timeout: 300_000 }, () => {
  test('500 seeds, default params', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check: regime })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(450)
  })

  test('negative values and more samples', () => {
    const p = { nMin: 6, nMax: 10, xMin: -5, xMax: 5, yMin: -10, yMax: 10 }
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 200, params: p, salt: 'neg', renderSeeds: 5, check: regime })
    // The OLS order can agree with the entry order in every one of these seeds; only then is order-by-ols untested.
    expect(report.failures.filter((f) => !f.includes('never had a defined value'))).toEqual([])
  })

  test('the piecewise-linear path matches the solver between breakpoints', () => {
    for (let i = 0; i < 50; i++) {
      const v = makeVariant(template, {}, (i + 1).toString(16).padStart(32, '7'))
      const n = v.y.length
      const xm = [0, 1].map((j) => v.X.reduce((a, r) => a + r[j], 0) / n)
      const ym = v.y.reduce((a, b) => a + b, 0) / n
      const G = [0, 1].map((j) => [0, 1].map((k) => v.X.reduce((a, r) => a + (r[j] - xm[j]) * (r[k] - xm[k]), 0)))
      const c = [0, 1].map((j) => v.X.reduce((a, r, t) => a + (r[j] - xm[j]) * (v.y[t] - ym), 0))
      const bp = breakpoints(G, c)
      for (const f of [1.1, 0.9, 0.6, 0.2]) {
        const l = bp.lambda1 * f
        const exact = pathAt(G, c, bp, l)
        const cd = lasso(v.X, v.y, l).coef
        for (const j of [0, 1]) expect(Math.abs(exact[j] - cd[j])).toBeLessThan(1e-7 * (1 + Math.abs(exact[j])))
      }
    }
  })

  test('defaults parse', () => {
    expect(params.parse({}).nMin).toBe(5)
  })
})
