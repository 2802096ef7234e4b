import { describe, expect, test } from 'vitest'
import { runSelfTest, testSeed } from '@/lib/questions/selftest'
import template, { type Variant } from '@/lib/questions/templates/subgradient-at-zero'
import { makeVariant } from '@/lib/questions/variant'
import { summarize1d } from '@/lib/solver'

/** Natural answers: 0 (and the zero vector) are always checked; this template has no other regime's or unclamped value to add. */
const natural = () => ({})

/** The regime from first principles: m = 0 is optimal iff |2 S_xy| ≤ λ. */
const regimeHolds = (want?: string) => (v: Variant) => {
  const out: string[] = []
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  if (!(Sxx > 0) || Sxy === 0) out.push(`S_xx = ${Sxx}, S_xy = ${Sxy}`)
  const actual = Math.abs(2 * Sxy) <= v.lambda ? 'zero-optimal' : 'not-optimal'
  if (actual !== v.regime) out.push(`regime ${v.regime} asked, data give ${actual}`)
  if (want && v.regime !== want) out.push(`regime ${v.regime}, wanted ${want}`)
  if (v.m0 === 0) out.push('m0 = 0')
  const key = v.options.find((o) => o.id === template.solve(v).optimal)?.key
  if (key !== (actual === 'zero-optimal' ? 'yes' : 'no')) out.push(`answer ${key} in regime ${actual}`)
  return out
}

describe('subgradient-at-zero', () => {
  test('self-test over 500 seeds', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check: regimeHolds() })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(400)
  }, 120_000)

  for (const regime of ['zero-optimal', 'not-optimal'] as const) {
    test(`regime ${regime} (200 seeds)`, () => {
      const report = runSelfTest(template, { naturalAnswers: natural, seeds: 200, params: { regime }, salt: regime, renderSeeds: 10, check: regimeHolds(regime) })
      expect(report.failures.filter((f) => !f.includes('never had a defined value'))).toEqual([])
    }, 120_000)
  }

  test('a worked example: S_xy = 6, so m = 0 is optimal from λ = 12 on', () => {
    const options = [
      { id: 'o1', key: 'no' as const },
      { id: 'o2', key: 'yes' as const },
    ]
    const base = { x: [1, 2, 3, 4, 5], y: [2, 4, 5, 4, 5], m0: -0.25, options }
    const yes: Variant = { ...base, regime: 'zero-optimal', lambda: 12 }
    const a = template.solve(yes)
    expect(a).toMatchObject({ rssSlope: -12, optimal: 'o2', l1Deriv: -12, l2Deriv: -6 })
    const no: Variant = { ...base, regime: 'not-optimal', lambda: 8 }
    expect(template.solve(no).optimal).toBe('o1')
    // |S_xy| = 6 ≤ 8 < 12 = |2 S_xy|: answering "yes" is the forgotten factor 2.
    expect(template.grade(no, { ...template.solve(no), optimal: 'o2' }).parts.optimal.diagnosis).toBe('forgot-factor-2')
    expect(template.grade(yes, { ...a, l1Deriv: 2 * 12 * -0.25 }).parts.l1Deriv.diagnosis).toBe('l1-used-l2')
  })

  test('two seeds give different datasets', () => {
    expect(JSON.stringify(makeVariant(template, {}, testSeed(1)))).not.toBe(JSON.stringify(makeVariant(template, {}, testSeed(2))))
  })
})
