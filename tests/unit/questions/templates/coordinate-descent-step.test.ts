import { describe, expect, test } from 'vitest'
import { runSelfTest } from '@/lib/questions/selftest'
import template, { params, type Variant } from '@/lib/questions/templates/coordinate-descent-step'
import { makeVariant } from '@/lib/questions/variant'

/** Natural answers (0 is always one): the unclamped update (ρ_j − sign(ρ_j)·λ)/(2x̃_jᵀx̃_j), by plain loops on centered data. */
const natural = (v: Variant) => {
  const n = v.y.length
  const mean = (f: (i: number) => number) => v.y.reduce((s, _, i) => s + f(i), 0) / n
  const xm = v.w.map((_, k) => mean((i) => v.X[i][k]))
  const ym = mean((i) => v.y[i])
  const xc = (i: number, k: number) => v.X[i][k] - xm[k]
  const partial = (i: number) => v.y[i] - ym - v.w.reduce((s, wk, k) => (k === v.j ? s : s + xc(i, k) * wk), 0)
  const rho = 2 * v.y.reduce((s, _, i) => s + xc(i, v.j) * partial(i), 0)
  const denom = 2 * v.y.reduce((s, _, i) => s + xc(i, v.j) ** 2, 0)
  return { wj: [(rho - Math.sign(rho) * v.lambda) / denom] }
}

/** Independent check by brute force: the new w_j minimizes the lasso loss over w_j (others fixed, b optimal). */
function loss(v: Variant, w: number[]): number {
  const n = v.y.length
  const fit = v.X.map((row) => row.reduce((a, x, k) => a + x * w[k], 0))
  const b = v.y.reduce((a, yi, i) => a + yi - fit[i], 0) / n
  return v.y.reduce((a, yi, i) => a + (yi - fit[i] - b) ** 2, 0) + v.lambda * w.reduce((a, wk) => a + Math.abs(wk), 0)
}

const regime = (want?: 'zero' | 'nonzero') => (v: Variant) => {
  const out: string[] = []
  const { rho, wj } = template.solve(v) as { rho: number; wj: number }
  const r = want ?? v.regime
  if (v.regime !== r) out.push(`regime ${v.regime}`)
  if (r === 'zero' && !(wj === 0 && Math.abs(rho) * 1.15 <= v.lambda + 1e-9)) out.push(`zero regime but w_j = ${wj}, ρ = ${rho}, λ = ${v.lambda}`)
  if (r === 'nonzero' && !(wj !== 0 && Math.abs(rho) >= 1.15 * v.lambda - 1e-9)) out.push(`nonzero regime but w_j = ${wj}, ρ = ${rho}, λ = ${v.lambda}`)
  if (v.w[v.j] === 0) out.push('the current w_j is 0')
  const at = (x: number) => loss(v, v.w.map((wk, k) => (k === v.j ? x : wk)))
  const best = at(wj)
  for (const d of [1e-3, -1e-3, 0.1, -0.1]) if (at(wj + d) < best - 1e-9) out.push(`w_j + ${d} has a lower loss`)
  return out
}

describe('coordinate-descent-step self-test', { timeout: 120_000 }, () => {
  for (const r of ['zero', 'nonzero'] as const) {
    test(`500 seeds, regime ${r}`, () => {
      // no-clamp and small-not-zero only exist in the zero regime; in it, mixed-scaling (threshold 2λ), the missing 2 (twice 0) and
      // answering 0 (the right answer) all give 0, so they have no value of their own.
      const uncovered = r === 'nonzero' ? ['no-clamp', 'small-not-zero'] : ['mixed-scaling', 'denominator-no-2', 'answered-zero']
      const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, params: { regime: r }, salt: r, check: regime(r), uncovered })
      expect(report.failures).toEqual([])
      expect(report.distinctVariants).toBeGreaterThan(450)
    })
  }

  test('three features, negative values, random regime', () => {
    const p = { p: 3, xMin: -4, xMax: 4, yMin: -8, yMax: 8, nMin: 5, nMax: 8 }
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 300, params: p, salt: 'p3', renderSeeds: 10, check: regime() })
    expect(report.failures).toEqual([])
  })

  test('w_j carried forward from a wrong ρ_j is credited, flagged', () => {
    const v = makeVariant(template, { regime: 'nonzero' }, 'c0ffee'.repeat(6))
    const { rho } = template.solve(v) as { rho: number }
    const wrongRho = rho + 3 * v.lambda
    const g = template.grade(v, { rho: wrongRho, wj: (wrongRho - v.lambda) / (2 * v.X.length) })
    expect(g.parts.rho.score).toBe(0)
    // Not the consistent value (the denominator is 2x̃ᵀx̃, not 2n), so no credit unless it happens to match.
    expect(g.parts.wj.carriedForward ?? false).toBe(false)
  })

  test('params: defaults parse, bad ranges are rejected', () => {
    expect(params.parse({}).p).toBe(2)
    expect(() => params.parse({ xMin: 5, xMax: 1 })).toThrow()
  })
})
