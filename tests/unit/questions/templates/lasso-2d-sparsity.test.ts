import { describe, expect, test } from 'vitest'
import { scoreSparsity } from '@/lib/questions/answers'
import { runSelfTest } from '@/lib/questions/selftest'
import template, { labelsOf, params, type Variant } from '@/lib/questions/templates/lasso-2d-sparsity'
import { makeVariant } from '@/lib/questions/variant'
import { lasso } from '@/lib/solver'

/** Natural answers: 0 (and the zero vector) are always checked; this template has no other regime's or unclamped value to add. */
const natural = () => ({})

/** Centered X̃ and ỹ, computed here independently of the template. */
function centered(v: Variant) {
  const n = v.y.length
  const p = v.X[0].length
  const xm = Array.from({ length: p }, (_, j) => v.X.reduce((a, r) => a + r[j], 0) / n)
  const ym = v.y.reduce((a, b) => a + b, 0) / n
  return { Xc: v.X.map((r) => r.map((x, j) => x - xm[j])), yc: v.y.map((y) => y - ym) }
}

let trapCount = 0
const regime = (v: Variant) => {
  const out: string[] = []
  const p = v.X[0].length
  const a = template.solve(v)
  const zeros = a.zeros as string[]
  if (zeros.length === 0 || zeros.length === p) out.push(`zero set ${zeros}`)
  const { Xc, yc } = centered(v)
  // λ_max from the definition, and the KKT conditions of the zero pattern at λ.
  const c = Array.from({ length: p }, (_, j) => Xc.reduce((acc, r, i) => acc + r[j] * yc[i], 0))
  const lamMax = Math.max(...c.map((cj) => Math.abs(2 * cj)))
  if (Math.abs((a.lambdaMax as number) - lamMax) > 1e-9 * lamMax) out.push(`λ_max ${a.lambdaMax} vs ${lamMax}`)
  const w = lasso(v.X, v.y, v.lambda).coef
  const r = yc.map((yi, i) => yi - Xc[i].reduce((acc, x, j) => acc + x * w[j], 0))
  for (let j = 0; j < p; j++) {
    const g = 2 * Xc.reduce((acc, row, i) => acc + row[j] * r[i], 0)
    if (w[j] === 0 && !(Math.abs(g) <= v.lambda * (1 - 1e-3))) out.push(`w${j} = 0 but |g| = ${Math.abs(g)} is not below λ = ${v.lambda}`)
    if (w[j] !== 0 && Math.abs(g - v.lambda * Math.sign(w[j])) > 1e-6 * v.lambda) out.push(`w${j} ≠ 0 but g = ${g}`)
  }
  for (const f of [1 / 1.15, 1.15]) {
    const z = lasso(v.X, v.y, v.lambda * f).coef.flatMap((x, j) => (x === 0 ? [labelsOf(p)[j]] : []))
    if (z.join() !== zeros.join()) out.push(`pattern changes at ${f}·λ`)
  }
  const marginal = labelsOf(p).filter((_, j) => Math.abs(2 * c[j]) <= v.lambda)
  if (marginal.join() !== zeros.join()) trapCount++
  return out
}

describe('lasso-2d-sparsity self-test', { timeout: 300_000 }, () => {
  test('500 seeds, three features (default)', () => {
    trapCount = 0
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check: regime })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(450)
    // The marginal test is wrong in most variants, so its diagnosis is exercised.
    expect(trapCount).toBeGreaterThan(200)
  })

  test('500 seeds, two features', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, params: { p: 2 }, salt: 'p2', renderSeeds: 20, check: regime })
    // With two features a wrong marginal test gives the empty set, which is diagnosed as ridge-none.
    expect(report.failures.filter((f) => !f.includes('marginal-test never'))).toEqual([])
  })

  test('negative values, no trap preference', () => {
    const p = { xMin: -5, xMax: 5, yMin: -10, yMax: 10, preferMarginalTrap: false }
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 150, params: p, salt: 'neg', renderSeeds: 5, check: regime })
    expect(report.failures).toEqual([])
  })

  test('partial credit per coefficient on the zero set', () => {
    expect(scoreSparsity(['w₁'], ['w₁', 'w₂'], ['w₁', 'w₂', 'w₃'])).toBeCloseTo(2 / 3)
    expect(scoreSparsity(['w₃'], ['w₁'], ['w₁', 'w₂', 'w₃'])).toBeCloseTo(1 / 3)
    expect(scoreSparsity(['w₁'], ['w₁'], ['w₁', 'w₂', 'w₃'])).toBe(1)
    expect(scoreSparsity(['w₁'], ['w₂'])).toBe(0)
    const v = makeVariant(template, {}, '5a'.repeat(16))
    const right = template.solve(v)
    const zeros = right.zeros as string[]
    const oneOff = zeros.length > 1 ? zeros.slice(1) : [...zeros, labelsOf(3).find((l) => !zeros.includes(l))!]
    const g = template.grade(v, { ...right, zeros: oneOff })
    expect(g.parts.zeros.score).toBeCloseTo(2 / 3)
    expect(g.score).toBeCloseTo((2 * (2 / 3) + 1) / 3)
  })

  test('params reject bad ranges', () => {
    expect(params.parse({}).p).toBe(3)
    expect(() => params.parse({ p: 4 })).toThrow()
  })
})
