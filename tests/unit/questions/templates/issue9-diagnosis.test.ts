/**
 * Issue 9 (audit of "diagnosis of common mistakes"): mistakes that were still generic are named over many seeds
 * — the slope's sign, a small number for an exact 0, swapped components — and the worked comment of a part
 * credited by carry-forward names the earlier mistake it was built on. Mistaken answers are built here from
 * the right answer or by hand from the data.
 */
import { describe, expect, test } from 'vitest'
import { ridge } from '@/lib/solver'
import { getTemplate } from '@/lib/questions/registry'
import { testSeed } from '@/lib/questions/selftest'
import type { AnyTemplate, AnswerValue } from '@/lib/questions/types'
import { answersMatch } from '@/lib/questions/answers'
import { makeVariant } from '@/lib/questions/variant'

const T = (id: string) => getTemplate(id) as AnyTemplate
const SEEDS = 200

/** Over SEEDS variants of `params`: where `mistaken` gives a value, it is not the right answer and is diagnosed `id`; returns how often it applied. */
function namedOverSeeds(id: string, params: object, part: string, diagnosis: string, mistaken: (right: AnswerValue, v: unknown) => AnswerValue | undefined): number {
  const t = T(id)
  let applied = 0
  for (let i = 0; i < SEEDS; i++) {
    const v = makeVariant(t, params, testSeed(i, `${diagnosis}${JSON.stringify(params)}`))
    const right = t.solve(v)
    const value = mistaken(right[part], v)
    if (value === undefined) continue
    const kind = t.parts(v).find((p) => p.id === part)!.answer
    expect(answersMatch(kind, value, right[part]), `${id} seed ${i}: ${JSON.stringify(value)} is the right answer`).toBe(false)
    const g = t.grade(v, { ...right, [part]: value }).parts[part]
    expect(g, `${id} seed ${i}: ${JSON.stringify(value)}`).toMatchObject({ diagnosis, correct: false })
    applied++
  }
  return applied
}

const negated = (right: AnswerValue) => (typeof right === 'number' && right !== 0 ? -right : undefined)
const swapped = (right: AnswerValue) => {
  const w = right as number[]
  return Math.abs(w[0] - w[1]) > 1e-3 * Math.max(Math.abs(w[0]), Math.abs(w[1])) ? [w[1], w[0]] : undefined
}
const small = (right: AnswerValue) => (right === 0 ? 0.01 : undefined)

describe('issue 9 audit: the slope’s sign is named', () => {
  test('ridge-vs-lasso: −m for the ridge slope and for a nonzero lasso slope', () => {
    expect(namedOverSeeds('ridge-vs-lasso', {}, 'ridge', 'ridge-slope-sign', negated)).toBe(SEEDS)
    expect(namedOverSeeds('ridge-vs-lasso', { regime: 'both-nonzero' }, 'lasso', 'lasso-slope-sign', negated)).toBe(SEEDS)
  })
  test('penalty-conventions: −m', () => {
    expect(namedOverSeeds('penalty-conventions', {}, 'slope', 'slope-sign', negated)).toBe(SEEDS)
  })
  test('elastic-net-1d: −m in the shrunk and ridge regimes', () => {
    expect(namedOverSeeds('elastic-net-1d', { regime: 'shrunk' }, 'm', 'slope-sign', negated)).toBe(SEEDS)
    expect(namedOverSeeds('elastic-net-1d', { regime: 'ridge' }, 'm', 'slope-sign', negated)).toBe(SEEDS)
  })
})

describe('issue 9 audit: a small number for an exact 0 is named', () => {
  test('coordinate-descent-step, zero regime: 0.01, and 0.003 with the sign of ρ_j', () => {
    expect(namedOverSeeds('coordinate-descent-step', { regime: 'zero' }, 'wj', 'small-not-zero', small)).toBe(SEEDS)
    // (A small number of the other sign can be the unclamped update, named as the missing clamp.)
    const rhoSign = (v: unknown) => Math.sign(T('coordinate-descent-step').solve(v).rho as number)
    expect(namedOverSeeds('coordinate-descent-step', { regime: 'zero' }, 'wj', 'small-not-zero', (r, v) => (r === 0 ? 0.003 * rhoSign(v) : undefined))).toBe(SEEDS)
  })
  test('elastic-net-1d, zeroed regime: 0.01 and −0.003', () => {
    expect(namedOverSeeds('elastic-net-1d', { regime: 'zeroed' }, 'm', 'small-not-zero', small)).toBe(SEEDS)
    expect(namedOverSeeds('elastic-net-1d', { regime: 'zeroed' }, 'm', 'small-not-zero', (r) => (r === 0 ? -0.003 : undefined))).toBe(SEEDS)
  })
})

describe('issue 9 audit: swapped components are named', () => {
  test('lasso-path-breakpoints: (λ₂*, λ₁*)', () => {
    expect(namedOverSeeds('lasso-path-breakpoints', {}, 'zeroAt', 'swapped-components', swapped)).toBeGreaterThan(0.9 * SEEDS)
  })
  test('constrained-form, two features: (w₂, w₁)', () => {
    expect(namedOverSeeds('constrained-form', { features: '2' }, 'w', 'swapped-components', swapped)).toBeGreaterThan(0.5 * SEEDS)
  })
})

describe('issue 9 audit: a worked comment on a carried-forward part names the earlier mistake', () => {
  test('ridge-2d: b from the OLS w', () => {
    const t = T('ridge-2d')
    for (let i = 0; i < 20; i++) {
      const v = makeVariant(t, {}, testSeed(i, 'cf-r2')) as { X: number[][]; y: number[] }
      const w = ridge(v.X, v.y, 0).coef
      const n = v.y.length
      const b = v.y.reduce((a, y) => a + y, 0) / n - [0, 1].reduce((a, j) => a + (v.X.reduce((s, r) => s + r[j], 0) / n) * w[j], 0)
      const s = { w, b }
      const g = t.grade(v, s)
      expect(g.parts.w.diagnosis).toBe('ols')
      expect(g.parts.b).toMatchObject({ carriedForward: true, score: 1 })
      const text = t.derive(v, s).map((st) => st.body).join('\n')
      expect(text).not.toMatch(/follows correctly from your \$w\$/)
      expect(text).toMatch(/follows from your \$w\$\. .*Answered the OLS coefficients/)
    }
  })

  test('coordinate-descent-step: w_j from ρ_j computed with ỹ', () => {
    const t = T('coordinate-descent-step')
    for (let i = 0; i < 20; i++) {
      const v = makeVariant(t, { regime: 'nonzero' }, testSeed(i, 'cf-cd')) as { X: number[][]; y: number[]; j: number; lambda: number }
      const n = v.y.length
      const mx = v.X.reduce((s, r) => s + r[v.j], 0) / n
      const my = v.y.reduce((a, y) => a + y, 0) / n
      const rho = 2 * v.X.reduce((s, r, k) => s + (r[v.j] - mx) * (v.y[k] - my), 0)
      const sxx = v.X.reduce((s, r) => s + (r[v.j] - mx) ** 2, 0)
      const wj = (Math.sign(rho) * Math.max(Math.abs(rho) - v.lambda, 0)) / (2 * sxx)
      const s = { rho, wj }
      const g = t.grade(v, s)
      if (g.parts.rho.correct) continue
      expect(g.parts.rho.diagnosis).toBe('rho-used-y')
      expect(g.parts.wj.carriedForward).toBe(true)
      const text = t.derive(v, s).map((st) => st.body).join('\n')
      expect(text).not.toMatch(/follows correctly from your/)
      expect(text).toMatch(/follows from your \$\\rho_j\$\. .*(Used \$\\tilde y\$ instead of the partial residual|Ignored the other features)/)
    }
  })

  test('coordinate-descent-step: a w_j of 0 that follows from the student’s own ρ_j is not “set w_j to 0 although |ρ_j| > λ”', () => {
    const t = T('coordinate-descent-step')
    let found = 0
    for (let i = 0; i < 400 && found < 5; i++) {
      const v = makeVariant(t, { regime: 'nonzero' }, testSeed(i, 'cf-zero')) as { X: number[][]; y: number[]; j: number; lambda: number }
      const n = v.y.length
      const mx = v.X.reduce((s, r) => s + r[v.j], 0) / n
      const my = v.y.reduce((a, y) => a + y, 0) / n
      const rho = 2 * v.X.reduce((s, r, k) => s + (r[v.j] - mx) * (v.y[k] - my), 0)
      if (Math.abs(rho) >= v.lambda || t.grade(v, { rho, wj: 0 }).parts.rho.correct) continue
      found++
      const g = t.grade(v, { rho, wj: 0 })
      expect(g.parts.wj).toMatchObject({ carriedForward: true, score: 1, diagnosis: null })
      expect(g.parts.wj.feedback).toMatch(/Used \$\\tilde y\$ instead of the partial residual/)
      expect(g.parts.wj.feedback).not.toMatch(/although/)
    }
    expect(found).toBeGreaterThan(0)
  })
})
