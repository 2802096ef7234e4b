/**
 * Issue 9, "The catalog": named mistakes that used to get generic feedback, answers of 0 that used to be
 * misnamed, statements that were false for some variants, exact vs rounded values in derivations, data with
 * real signal and balanced regimes. Expected values are computed by hand here, from the data.
 */
import { describe, expect, test } from 'vitest'
import { parseSubmission } from '@/lib/questions/answers'
import { getTemplate } from '@/lib/questions/registry'
import { testSeed } from '@/lib/questions/selftest'
import type { AnyTemplate, Submission } from '@/lib/questions/types'
import { makeVariant } from '@/lib/questions/variant'

const T = (id: string) => getTemplate(id) as AnyTemplate
/** x = 1..5, y = 2, 4, 5, 4, 5: x̄ = 3, ȳ = 4, S_xx = 10, S_xy = 6, S_yy = 6. */
const X = [1, 2, 3, 4, 5]
const Y = [2, 4, 5, 4, 5]

/** The diagnosis of `value` for `part`, every other part answered right. */
function diagnosisOf(t: AnyTemplate, v: unknown, part: string, value: Submission[string]) {
  const s = { ...t.solve(v), [part]: value }
  return t.grade(v, s).parts[part]
}

describe('issue 9: newly named mistakes are diagnosed', () => {
  test('ols-1d: the slope’s sign, r given as the slope, S_xy over n − 1', () => {
    const t = T('ols-1d')
    const v = { x: X, y: Y }
    expect(diagnosisOf(t, v, 'm', -0.6).diagnosis).toBe('slope-sign')
    expect(diagnosisOf(t, v, 'm', 6 / Math.sqrt(60)).diagnosis).toBe('slope-is-r')
    expect(diagnosisOf(t, v, 'Sxy', 6 / 4).diagnosis).toBe('sxy-over-n-minus-1')
  })

  test('ridge-1d-slope (λ = 4, m = 6/14): S_xy/(S_xx + 2λ), OLS/(1 + λ), the sign, and 0', () => {
    const t = T('ridge-1d-slope')
    const v = { x: X, y: Y, lambda: 4, fraction: 0.5 }
    expect(diagnosisOf(t, v, 'm', 6 / 18).diagnosis).toBe('double-lambda')
    expect(diagnosisOf(t, v, 'm', 0.6 / 5).diagnosis).toBe('ols-over-1-plus-lambda')
    expect(diagnosisOf(t, v, 'm', -6 / 14).diagnosis).toBe('slope-sign')
    expect(diagnosisOf(t, v, 'm', 0).diagnosis).toBe('ridge-zero')
  })

  test('lasso-1d-slope: 0 where m ≠ 0 is "answered 0", no longer "used an average"; the sign; 0.01 instead of exact 0', () => {
    const t = T('lasso-1d-slope')
    // λ|m| with λ = 4: m = (6 − 2)/10 = 0.4; S_xy/n = 1.2 is below the threshold 2, so the averaged method also gives 0.
    const v = { x: X, y: Y, convention: 'lambda', lambda: 4, regime: 'positive' }
    expect(diagnosisOf(t, v, 'm', 0).diagnosis).toBe('answered-zero')
    expect(diagnosisOf(t, v, 'm', -0.4).diagnosis).toBe('sign-flipped')
    // 2λ|m| with λ = 8: |S_xy| = 6 ≤ 8, m = 0 exactly.
    const zero = { x: X, y: Y, convention: 'two-lambda', lambda: 8, regime: 'zero' }
    for (const small of [0.01, -0.02, 0.003]) expect(diagnosisOf(t, zero, 'm', small)).toMatchObject({ diagnosis: 'small-not-zero', score: 0 })
    expect(diagnosisOf(t, zero, 'm', 1e-9).correct).toBe(true)
  })

  test('lasso-1d-lambda-star (λ|m|, λ* = 12): 4|S_xy| = 24; −3 is refused at no cost, with the reason', () => {
    const t = T('lasso-1d-lambda-star')
    const v = { x: X, y: Y, convention: 'lambda' }
    expect(diagnosisOf(t, v, 'lambdaStar', 24).diagnosis).toBe('four-sxy')
    const parsed = parseSubmission(t.parts(v), { lambdaStar: '−3' })
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.errors.lambdaStar).toMatch(/at least 0.*never negative/)
  })

  test('subgradient-at-zero: RSS′(0) = 0', () => {
    const t = T('subgradient-at-zero')
    const v = makeVariant(t, {}, testSeed(3, 'rss'))
    expect(diagnosisOf(t, v, 'rssSlope', 0).diagnosis).toBe('rss-zero')
  })

  test('coordinate-descent-step: the missing 2 in S(ρ, λ)/(2x̃ⱼᵀx̃ⱼ) doubles the update; 0 where |ρ| > λ', () => {
    const t = T('coordinate-descent-step')
    for (let i = 0; i < 20; i++) {
      const v = makeVariant(t, { regime: 'nonzero' }, testSeed(i, 'cd2'))
      const wj = t.solve(v).wj as number
      expect(diagnosisOf(t, v, 'wj', 2 * wj).diagnosis).toBe('denominator-no-2')
      expect(diagnosisOf(t, v, 'wj', 0).diagnosis).toBe('answered-zero')
    }
  })

  test('ridge-2d: swapped components; a 2×2 inverse without negated off-diagonal entries', () => {
    const t = T('ridge-2d')
    for (let i = 0; i < 20; i++) {
      const v = makeVariant(t, {}, testSeed(i, 'r2')) as { X: number[][]; y: number[]; lambda: number }
      const w = t.solve(v).w as number[]
      if (Math.abs(w[0] - w[1]) > 1e-3 * Math.max(Math.abs(w[0]), Math.abs(w[1]))) expect(diagnosisOf(t, v, 'w', [w[1], w[0]]).diagnosis).toBe('swapped-components')
      // By hand: centered sums, then (1/det)·[[d, +off], [+off, a]]·c.
      const n = v.y.length
      const m0 = v.X.reduce((s, r) => s + r[0], 0) / n
      const m1 = v.X.reduce((s, r) => s + r[1], 0) / n
      const my = v.y.reduce((s, y) => s + y, 0) / n
      const xc = v.X.map((r) => [r[0] - m0, r[1] - m1])
      const dot = (f: (i: number) => number, g: (i: number) => number) => xc.reduce((s, _, i) => s + f(i) * g(i), 0)
      const a = dot((i) => xc[i][0], (i) => xc[i][0]) + v.lambda
      const d = dot((i) => xc[i][1], (i) => xc[i][1]) + v.lambda
      const off = dot((i) => xc[i][0], (i) => xc[i][1])
      const c0 = dot((i) => xc[i][0], (i) => v.y[i] - my)
      const c1 = dot((i) => xc[i][1], (i) => v.y[i] - my)
      const det = a * d - off * off
      expect(diagnosisOf(t, v, 'w', [(d * c0 + off * c1) / det, (off * c0 + a * c1) / det]).diagnosis).toBe('inverse-sign')
    }
  })
})

describe('issue 9: carry-forward keeps the credit and names the mistake it hides', () => {
  test('ols-1d: uncentered S_xx and S_xy, then m = Σxy/Σx² — credited, and diagnosed as the uncentered slope', () => {
    const t = T('ols-1d')
    const v = { x: X, y: Y }
    // Σx² = 55, Σxy = 66.
    const g = t.grade(v, { xMean: 3, yMean: 4, Sxx: 55, Sxy: 66, m: 66 / 55, b: 4 - (66 / 55) * 3 })
    expect(g.parts.Sxx.diagnosis).toBe('sxx-uncentered')
    expect(g.parts.m).toMatchObject({ score: 1, carriedForward: true, diagnosis: 'slope-uncentered' })
    expect(g.parts.m.feedback).toMatch(/uncentered sums/i)
    expect(g.parts.b).toMatchObject({ score: 1, carriedForward: true })
    expect(g.parts.b.feedback).toMatch(/mistake/)
  })
})

describe('issue 9: statements true for every variant', () => {
  test('ridge-2d: an exact zero in the ridge solution is not denied ("neither coefficient is exactly 0")', () => {
    const t = T('ridge-2d')
    // Search small integer data for which w₁ = 0 exactly: n·((G₂₂ + λ)c₁ − G₁₂c₂) = 0 in integers (n·G, n·c are integers).
    let found: { X: number[][]; y: number[]; lambda: number; askIntercept: boolean } | undefined
    let seed = 12345
    const rnd = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % k
    }
    for (let tries = 0; tries < 200_000 && !found; tries++) {
      const n = 4
      const Xs = Array.from({ length: n }, () => [rnd(5), rnd(5)])
      const y = Array.from({ length: n }, () => rnd(9))
      const lambda = 1 + rnd(5)
      const sumOf = (f: (r: number[], i: number) => number) => Xs.reduce((s, r, i) => s + f(r, i), 0)
      const s0 = sumOf((r) => r[0])
      const s1 = sumOf((r) => r[1])
      const sy = sumOf((_, i) => y[i])
      const nG00 = n * sumOf((r) => r[0] * r[0]) - s0 * s0
      const nG11 = n * sumOf((r) => r[1] * r[1]) - s1 * s1
      const nG01 = n * sumOf((r) => r[0] * r[1]) - s0 * s1
      const nc0 = n * sumOf((r, i) => r[0] * y[i]) - s0 * sy
      const nc1 = n * sumOf((r, i) => r[1] * y[i]) - s1 * sy
      if (nG00 <= 0 || nG11 <= 0 || nG01 === 0 || nc1 === 0 || nG00 * nG11 - nG01 * nG01 < 0.05 * nG00 * nG11) continue
      if ((nG11 + n * lambda) * nc0 - nG01 * nc1 === 0) found = { X: Xs, y, lambda, askIntercept: false }
    }
    expect(found).toBeDefined()
    const v = found!
    expect(Math.abs((t.solve(v).w as number[])[0])).toBeLessThan(1e-12)
    const text = t.derive(v).map((s) => s.body).join('\n')
    expect(text).not.toMatch(/neither coefficient is exactly 0|neither is 0/)
    expect(text).toMatch(/\$w_\{1\}\$ is exactly 0, but not because of the penalty/)
  })

  test('lasso-path-breakpoints: "already explained part of ỹ" only when the second feature enters later than alone', () => {
    const t = T('lasso-path-breakpoints')
    let earlier = 0
    let later = 0
    for (let i = 0; i < 60; i++) {
      const v = makeVariant(t, {}, testSeed(i, 'lpb')) as { X: number[][]; y: number[] }
      const order = t.solve(v).order as string[]
      const k = ['x₁', 'x₂'].indexOf(order[1])
      const n = v.y.length
      const mk = v.X.reduce((s, r) => s + r[k], 0) / n
      const my = v.y.reduce((s, y) => s + y, 0) / n
      const own = 2 * Math.abs(v.X.reduce((s, r, j) => s + (r[k] - mk) * (v.y[j] - my), 0))
      const enters = (t.solve(v).zeroAt as number[])[k]
      const text = t.derive(v).map((s) => s.body).join('\n')
      if (enters > own * (1 + 1e-9)) {
        earlier++
        expect(text).toMatch(/enters earlier/)
        expect(text).not.toMatch(/has explained part of|already explained/)
      } else if (enters < own * (1 - 1e-9)) {
        later++
        expect(text).toMatch(/enters later.*has explained part of/)
      }
    }
    expect(earlier).toBeGreaterThan(0)
    expect(later).toBeGreaterThan(0)
  })

  test('order-by-ols feedback: the first to enter has the largest |x̃ⱼᵀỹ|, not "the most correlated"', () => {
    const m = T('lasso-path-breakpoints').mistakes.find((x) => x.id === 'order-by-ols')!
    expect(m.description).not.toMatch(/is the one most correlated/)
    expect(m.description).toMatch(/largest \$\|\\tilde x_j\^\\top \\tilde y\|\$/)
    expect(m.description).toMatch(/not standardized/)
  })

  test('sparsity-concepts: the geometry stem names the contours’ centre and shape; the correct option is not the longest in most variants of any stem', () => {
    const t = T('sparsity-concepts')
    const tally: Record<string, [number, number]> = {}
    for (let i = 0; i < 600; i++) {
      const v = makeVariant(t, {}, testSeed(i, 'len')) as { stem: string }
      const p = t.parts(v)[0]
      if (p.answer.type !== 'choice') throw new Error('choice part expected')
      if (v.stem === 'geometry') expect(p.prompt).toMatch(/ellipses centred at the OLS solution, their shape/)
      const correct = t.solve(v).why as string
      const lengthOf = new Map(p.answer.options.map((o) => [o.id, o.label.length]))
      const longest = p.answer.options.every((o) => o.id === correct || (lengthOf.get(o.id) ?? 0) < (lengthOf.get(correct) ?? 0))
      tally[v.stem] ??= [0, 0]
      tally[v.stem][0] += longest ? 1 : 0
      tally[v.stem][1]++
    }
    for (const [stem, [longest, total]] of Object.entries(tally)) expect(longest / total, stem).toBeLessThan(0.6)
  })
})

describe('issue 9: derivations write "=" for exact values and "≈" for rounded ones, and never repeat a term', () => {
  // A fraction that is a whole term (not a factor of a product) and the decimal it is said to equal.
  const FRAC_REL = /(?<!\\cdot\s*|\\times\s*|\)\s*|\d\s*)(-?)\\frac\{(\d+)\}\{(\d+)\}\s*(=|\\approx)\s*(-?\d+(?:\.\d+)?)(?![\d.]|\s*\\times)/g
  const SELF_REPEAT = /(?<![\w{^_.\\])(\\frac\{\d+\}\{\d+\}|\d+(?:\.\d+)?)\s*=\s*\1(?![\d.}])/
  for (const id of ['ols-1d', 'lasso-1d-slope', 'ridge-1d-slope', 'ridge-2d', 'lasso-path-breakpoints', 'lasso-1d-lambda-star', 'ridge-vs-lasso', 'coordinate-descent-step']) {
    test(id, () => {
      const t = T(id)
      for (let i = 0; i < 40; i++) {
        const v = makeVariant(t, {}, testSeed(i, 'eq'))
        for (const step of t.derive(v, t.solve(v))) {
          for (const m of step.body.matchAll(FRAC_REL)) {
            const exact = (m[1] ? -1 : 1) * (Number(m[2]) / Number(m[3]))
            const shown = Number(m[5])
            const isExact = Math.abs(shown - exact) < 1e-12
            expect(m[4] === '=' ? isExact : !isExact, `${id} "${step.title}": ${m[0]}`).toBe(true)
          }
          expect(step.body, `${id} "${step.title}"`).not.toMatch(SELF_REPEAT)
        }
      }
    })
  }
})

describe('issue 9: data with real signal, balanced regimes', () => {
  const r = (x: number[], y: number[]) => {
    const n = x.length
    const mx = x.reduce((a, b) => a + b, 0) / n
    const my = y.reduce((a, b) => a + b, 0) / n
    const sxy = x.reduce((s, xi, i) => s + (xi - mx) * (y[i] - my), 0)
    const sxx = x.reduce((s, xi) => s + (xi - mx) ** 2, 0)
    const syy = y.reduce((s, yi) => s + (yi - my) ** 2, 0)
    return sxy / Math.sqrt(sxx * syy)
  }
  for (const id of ['ols-1d', 'ridge-1d-slope', 'lasso-1d-slope', 'lasso-1d-lambda-star', 'ridge-vs-lasso', 'subgradient-at-zero', 'penalty-conventions']) {
    test(`${id}: |r| ≥ 0.5 in every variant (300 seeds)`, () => {
      const t = T(id)
      for (let i = 0; i < 300; i++) {
        const v = makeVariant(t, {}, testSeed(i, 'signal')) as { x: number[]; y: number[] }
        expect(Math.abs(r(v.x, v.y)), `${id} seed ${i}`).toBeGreaterThanOrEqual(0.5)
      }
    })
  }

  test('lasso-1d-slope, random regime: 0 is the answer in about a fifth of variants (not a third), and λ = 1 is rare', () => {
    const t = T('lasso-1d-slope')
    let zero = 0
    let one = 0
    const N = 600
    for (let i = 0; i < N; i++) {
      const v = makeVariant(t, {}, testSeed(i, 'balance')) as { lambda: number }
      if (t.solve(v).m === 0) zero++
      if (v.lambda === 1) one++
    }
    expect(zero / N).toBeGreaterThan(0.12)
    expect(zero / N).toBeLessThan(0.28)
    expect(one / N).toBeLessThan(0.05)
  })
})
