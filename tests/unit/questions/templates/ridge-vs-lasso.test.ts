import { describe, expect, test } from 'vitest'
import { runSelfTest, testSeed } from '@/lib/questions/selftest'
import template, { type Variant } from '@/lib/questions/templates/ridge-vs-lasso'
import { makeVariant } from '@/lib/questions/variant'
import { summarize1d } from '@/lib/solver'

/** Natural answers (0 is always one): for the lasso slope, the unclamped (Sxy − sign(Sxy)·t)/Sxx, the other regime's value. */
const natural = (v: Variant) => {
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  const t = v.convention === 'lambda' ? v.lambda / 2 : v.lambda
  return { lasso: [(Sxy - Math.sign(Sxy) * t) / Sxx] }
}

/** From first principles: the lasso slope is 0 exactly when |S_xy| ≤ t (t = λ/2 or λ); the ridge slope never is. */
const regimeHolds = (want?: string) => (v: Variant) => {
  const out: string[] = []
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  if (!(Sxx > 0) || Sxy === 0) out.push(`S_xx = ${Sxx}, S_xy = ${Sxy}`)
  const t = v.convention === 'lambda' ? v.lambda / 2 : v.lambda
  const actual = Math.abs(Sxy) <= t ? 'lasso-zero' : 'both-nonzero'
  if (actual !== v.regime) out.push(`regime ${v.regime} asked, data give ${actual}`)
  if (want && v.regime !== want) out.push(`regime ${v.regime}, wanted ${want}`)
  const a = template.solve(v)
  if (a.ridge === 0) out.push('ridge slope is 0')
  const key = v.options.find((o) => o.id === a.zero)?.key
  if (key !== (actual === 'lasso-zero' ? 'lasso' : 'neither')) out.push(`choice ${key} in regime ${actual}`)
  if (new Set(v.options.map((o) => o.id)).size !== 4 || new Set(v.options.map((o) => o.key)).size !== 4) out.push('options are not 4 distinct')
  return out
}

describe('ridge-vs-lasso', () => {
  test('self-test over 500 seeds, random regime and convention', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check: regimeHolds() })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(400)
  }, 120_000)

  for (const regime of ['lasso-zero', 'both-nonzero'] as const) {
    test(`regime ${regime} (200 seeds)`, () => {
      const report = runSelfTest(template, { naturalAnswers: natural, seeds: 200, params: { regime }, salt: regime, renderSeeds: 10, check: regimeHolds(regime) })
      // Some choice mistakes exist only in one regime; coverage is checked by the random run.
      expect(report.failures.filter((f) => !f.includes('never had a defined value'))).toEqual([])
    }, 120_000)
  }

  test('the option order varies between variants', () => {
    const orders = new Set(Array.from({ length: 30 }, (_, i) => makeVariant(template, {}, testSeed(i)).options.map((o) => o.key).join()))
    expect(orders.size).toBeGreaterThan(5)
  })

  test('two seeds give different datasets', () => {
    expect(JSON.stringify(makeVariant(template, {}, testSeed(1)))).not.toBe(JSON.stringify(makeVariant(template, {}, testSeed(2))))
  })
})
