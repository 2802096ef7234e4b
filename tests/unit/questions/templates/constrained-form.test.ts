import { describe, expect, test } from 'vitest'
import { runSelfTest } from '@/lib/questions/selftest'
import template, { type Variant } from '@/lib/questions/templates/constrained-form'

/**
 * Natural answers (0 and the zero vector are always one): for w, the least-squares solution, the answer of the
 * other regime (an inactive constraint). The centered columns are orthogonal, so w_j = x̃_jᵀỹ/x̃_jᵀx̃_j.
 */
const natural = (v: Variant) => {
  const n = v.y.length
  const ym = v.y.reduce((s, t) => s + t, 0) / n
  const ols = v.X[0].map((_, j) => {
    const xm = v.X.reduce((s, r) => s + r[j], 0) / n
    return v.X.reduce((s, r, i) => s + (r[j] - xm) * (v.y[i] - ym), 0) / v.X.reduce((s, r) => s + (r[j] - xm) ** 2, 0)
  })
  return { w: [ols] }
}

/** By hand: orthogonal centered columns, the answers' norms and stationarity conditions. */
function check(v: Variant): string[] {
  const out: string[] = []
  const n = v.y.length
  const p = v.X[0].length
  const mean = (a: number[]) => a.reduce((s, t) => s + t, 0) / n
  const cols = Array.from({ length: p }, (_, j) => v.X.map((r) => r[j] - mean(v.X.map((q) => q[j]))))
  const yc = v.y.map((t) => t - mean(v.y))
  if (p === 2 && Math.abs(cols[0].reduce((s, x, i) => s + x * cols[1][i], 0)) > 1e-12) out.push('columns not orthogonal')
  const a = cols.map((c) => c.reduce((s, x) => s + x * x, 0))
  const c = cols.map((col) => col.reduce((s, x, i) => s + x * yc[i], 0))
  const ans = template.solve(v)
  const w = ans.w as number[]
  const lambda = v.direction === 'from-t' ? (ans.link as number) : v.given
  // Stationarity on each coordinate at λ.
  w.forEach((wj, j) => {
    const g = 2 * (c[j] - a[j] * wj)
    if (v.kind === 'lasso') {
      if (wj !== 0 && Math.abs(g - lambda * Math.sign(wj)) > 1e-8 * Math.max(1, lambda)) out.push(`lasso stationarity fails on w${j + 1}`)
      if (wj === 0 && Math.abs(g) > lambda * (1 + 1e-9)) out.push(`lasso zero condition fails on w${j + 1}`)
    } else if (Math.abs(g - 2 * lambda * wj) > 1e-8 * Math.max(1, Math.abs(g))) out.push(`ridge stationarity fails on w${j + 1}`)
  })
  const nrm = v.kind === 'lasso' ? w.reduce((s, x) => s + Math.abs(x), 0) : Math.hypot(...w)
  if (v.direction === 'from-t') {
    const t = v.kind === 'lasso' ? v.given : Math.sqrt(v.given)
    if (v.active && !(lambda > 0 && Math.abs(nrm - t) <= 1e-9 * t)) out.push(`active but ||w|| = ${nrm}, t = ${t}, λ = ${lambda}`)
    if (!v.active && !(lambda === 0 && nrm <= t * (1 + 1e-12))) out.push(`inactive but λ = ${lambda}`)
  } else if (Math.abs((ans.link as number) - nrm) > 1e-12 * nrm) out.push('t is not the norm of w')
  return out
}

describe('constrained-form', () => {
  test('self-test over 500 seeds', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(400)
  }, 180_000)

  for (const kind of ['lasso', 'ridge'] as const) {
    test(`${kind}, two features, from t, both regimes`, () => {
      for (const regime of ['active', 'inactive'] as const) {
        const report = runSelfTest(template, { naturalAnswers: natural,
          seeds: 100,
          params: { kind, features: '2', direction: 'from-t', regime },
          salt: kind + regime,
          check,
          renderSeeds: 4,
          uncovered: template.mistakes.map((m) => m.id),
        })
        expect(report.failures).toEqual([])
      }
    }, 120_000)
  }

  test('a worked example: x = 1,3,1,3 (a = 4), y = 0,4,2,6 (c = 8), lasso with t = 1', () => {
    // OLS slope 2; |w| = (8 − λ/2)/4 = 1 ⇒ λ = 8.
    const v: Variant = { X: [[1], [3], [1], [3]], y: [0, 4, 2, 6], kind: 'lasso', direction: 'from-t', active: true, given: 1 }
    const a = template.solve(v)
    expect((a.w as number[])[0]).toBeCloseTo(1, 12)
    expect(a.link).toBeCloseTo(8, 10)
    expect(template.grade(v, { w: [1], link: 1 }).parts.link.diagnosis).toBe('t-as-lambda')
    expect(template.grade(v, { w: [1], link: 4 }).parts.link.diagnosis).toBe('factor-2-lambda')
    expect(template.grade(v, { w: [2], link: 8 }).parts.w.diagnosis).toBe('ignored-constraint')
    // t = 3 is above |w_OLS| = 2: λ = 0 and the unclamped formula 2(8 − 4·3) = −8 is named.
    const off: Variant = { ...v, active: false, given: 3 }
    expect(template.solve(off).link).toBe(0)
    expect(template.grade(off, { w: [2], link: -8 }).parts.link.diagnosis).toBe('unclamped-lambda')
    expect(template.grade(off, { w: [3], link: 0 }).parts.w.diagnosis).toBe('boundary-when-inactive')
  })
})
