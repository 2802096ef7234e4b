import { describe, expect, test } from 'vitest'
import { summarize1d } from '@/lib/solver'
import { runSelfTest } from '@/lib/questions/selftest'
import template, { type Variant } from '@/lib/questions/templates/lasso-1d-lambda-star'

/** Natural answers: 0 (and the zero vector) are always checked; this template has no other regime's or unclamped value to add. */
const natural = () => ({})

const regime = (p: { nMin: number; nMax: number; xMin: number; xMax: number; yMin: number; yMax: number }) => (v: Variant) => {
  const out: string[] = []
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  if (!(Sxx > 0)) out.push(`S_xx = ${Sxx}`)
  if (Sxy === 0) out.push('S_xy = 0')
  if (v.x.length < p.nMin || v.x.length > p.nMax) out.push(`n = ${v.x.length}`)
  if (!v.x.every((x) => Number.isInteger(x) && x >= p.xMin && x <= p.xMax)) out.push(`x out of range: ${v.x}`)
  if (!v.y.every((y) => Number.isInteger(y) && y >= p.yMin && y <= p.yMax)) out.push(`y out of range: ${v.y}`)
  return out
}
const defaults = { nMin: 5, nMax: 8, xMin: 0, xMax: 9, yMin: 0, yMax: 12 }

describe('lasso-1d-lambda-star self-test', () => {
  for (const convention of ['lambda', 'two-lambda'] as const) {
    test(`500 seeds, convention ${convention}`, () => {
      const report = runSelfTest(template, { naturalAnswers: natural,
        seeds: 500,
        params: { convention },
        salt: convention,
        // With the 2λ|m| penalty, answering S_xy itself is the same mistake as forgetting |·| (forgot-abs).
        uncovered: convention === 'two-lambda' ? ['signed-sxy'] : [],
        check: (v) => [...regime(defaults)(v), ...(v.convention === convention ? [] : [`convention ${v.convention}`])],
      })
      expect(report.failures).toEqual([])
      expect(report.distinctVariants).toBeGreaterThan(400)
    }, 120_000)
  }

  test('random convention, negative values and wider n', () => {
    const p = { nMin: 3, nMax: 12, xMin: -6, xMax: 6, yMin: -10, yMax: 5 }
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 200, params: { ...p, convention: 'random' }, salt: 'wide', check: regime(p) })
    expect(report.failures).toEqual([])
  }, 120_000)
})
