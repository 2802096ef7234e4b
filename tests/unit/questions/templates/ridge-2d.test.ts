import { describe, expect, test } from 'vitest'
import { runSelfTest } from '@/lib/questions/selftest'
import { sums } from '@/lib/questions/templates/shared/multi-feature'
import template, { params, type Variant } from '@/lib/questions/templates/ridge-2d'
import { makeVariant } from '@/lib/questions/variant'

/** Natural answers: 0 (and the zero vector) are always checked; this template has no other regime's or unclamped value to add. */
const natural = () => ({})

/** Independent check: the gradient of the ridge loss (intercept free) vanishes at the answers. */
function gradientAt(v: Variant, w: number[], b: number): number[] {
  const r = v.y.map((yi, i) => yi - v.X[i][0] * w[0] - v.X[i][1] * w[1] - b)
  const gw = [0, 1].map((j) => -2 * r.reduce((a, ri, i) => a + ri * v.X[i][j], 0) + 2 * v.lambda * w[j])
  const gb = -2 * r.reduce((a, ri) => a + ri, 0)
  return [...gw, gb]
}

const regime = (p: { nMin: number; nMax: number; xMin: number; xMax: number; lambdaMin: number; lambdaMax: number }) => (v: Variant) => {
  const out: string[] = []
  const { G } = sums(v)
  if (!(G[0][0] * G[1][1] - G[0][1] ** 2 > 0)) out.push('collinear features')
  if (v.y.length < p.nMin || v.y.length > p.nMax) out.push(`n = ${v.y.length}`)
  if (!v.X.flat().every((x) => Number.isInteger(x) && x >= p.xMin && x <= p.xMax)) out.push('x out of range')
  if (!(v.lambda >= p.lambdaMin && v.lambda <= p.lambdaMax)) out.push(`λ = ${v.lambda}`)
  const a = template.solve(v)
  const w = a.w as number[]
  if (w.some((x) => x === 0)) out.push('a ridge coefficient is exactly 0')
  const g = gradientAt(v, w, v.askIntercept ? (a.b as number) : sums(v).yMean - sums(v).xMean[0] * w[0] - sums(v).xMean[1] * w[1])
  const scale = 1 + Math.max(...v.y.map(Math.abs)) * Math.max(...v.X.flat().map(Math.abs)) * v.y.length
  if (g.some((gi) => Math.abs(gi) > 1e-9 * scale)) out.push(`gradient ${g} at the answer`)
  return out
}

describe('ridge-2d self-test', { timeout: 120_000 }, () => {
  test('500 seeds, default params', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check: regime(params.parse({})) })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(450)
  })

  test('negative values, larger λ, no intercept part', () => {
    const p = { nMin: 5, nMax: 9, xMin: -5, xMax: 5, yMin: -10, yMax: 10, lambdaMin: 5, lambdaMax: 40, askIntercept: false }
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 200, params: p, salt: 'neg', renderSeeds: 10, check: regime(p) })
    expect(report.failures.filter((f) => !f.includes('b-'))).toEqual([])
    const v = makeVariant(template, p, 'aa'.repeat(16))
    expect(template.parts(v).map((x) => x.id)).toEqual(['w'])
  })

  test('the intercept carried forward from a wrong w gets credit, flagged', () => {
    const v = makeVariant(template, {}, '0f'.repeat(16))
    const { xMean, yMean } = sums(v)
    const w = [1, -2]
    const g = template.grade(v, { w, b: yMean - xMean[0] * w[0] - xMean[1] * w[1] })
    expect(g.parts.b.score).toBe(1)
    expect(g.parts.b.carriedForward).toBe(true)
    expect(g.parts.w.score).toBeLessThan(1)
  })

  test('one right component gets half credit on w', () => {
    const v = makeVariant(template, {}, '1e'.repeat(16))
    const w = template.solve(v).w as number[]
    expect(template.grade(v, { w: [w[0], w[1] + 1], b: 0 }).parts.w.score).toBe(0.5)
  })
})
