import { describe, expect, test } from 'vitest'
import { runSelfTest, testSeed } from '@/lib/questions/selftest'
import template, { type Variant } from '@/lib/questions/templates/lasso-1d-slope'
import { makeVariant } from '@/lib/questions/variant'
import { summarize1d } from '@/lib/solver'

/** Natural answers (0 is always one): the unclamped soft threshold (Sxy − sign(Sxy)·t)/Sxx, the other regime's value. */
const natural = (v: Variant) => {
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  const t = v.convention === 'lambda' ? v.lambda / 2 : v.lambda
  return { m: [(Sxy - Math.sign(Sxy) * t) / Sxx] }
}

/** The regime from first principles: m = 0 exactly when |S_xy| ≤ t, t = λ/2 or λ; else the sign of S_xy. */
const regimeHolds = (want?: string, convention?: string) => (v: Variant) => {
  const out: string[] = []
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  if (!(Sxx > 0) || Sxy === 0) out.push(`S_xx = ${Sxx}, S_xy = ${Sxy}`)
  if (!Number.isInteger(v.lambda) || v.lambda < 1) out.push(`λ = ${v.lambda}`)
  const t = v.convention === 'lambda' ? v.lambda / 2 : v.lambda
  const actual = Math.abs(Sxy) <= t ? 'zero' : Sxy > 0 ? 'positive' : 'negative'
  if (actual !== v.regime) out.push(`regime ${v.regime} asked, data give ${actual}`)
  if (want && v.regime !== want) out.push(`regime ${v.regime}, wanted ${want}`)
  if (convention && v.convention !== convention) out.push(`convention ${v.convention}`)
  const m = template.solve(v).m as number
  if ((actual === 'zero') !== (m === 0) || (actual === 'positive') !== m > 0) out.push(`slope ${m} in regime ${actual}`)
  return out
}

describe('lasso-1d-slope', () => {
  test('self-test over 500 seeds, random regime and convention', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check: regimeHolds() })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(400)
  }, 120_000)

  for (const regime of ['positive', 'negative', 'zero'] as const) {
    for (const convention of ['lambda', 'two-lambda'] as const) {
      test(`regime ${regime}, convention ${convention} (150 seeds)`, () => {
        const report = runSelfTest(template, { naturalAnswers: natural,
          seeds: 150,
          params: { regime, convention },
          salt: regime + convention,
          renderSeeds: 10,
          check: regimeHolds(regime, convention),
        })
        // Some mistakes exist only in some regimes (no clamp to forget when m ≠ 0): coverage is checked by the random run.
        expect(report.failures.filter((f) => !f.includes('never had a defined value'))).toEqual([])
      }, 120_000)
    }
  }

  test('a worked example in each convention', () => {
    // x = 1..5, y = 2,4,5,4,5: S_xx = 10, S_xy = 6.
    const base = { x: [1, 2, 3, 4, 5], y: [2, 4, 5, 4, 5], regime: 'positive' as const }
    expect(template.solve({ ...base, convention: 'lambda', lambda: 4 }).m).toBeCloseTo(0.4, 12) // (6 − 2)/10
    expect(template.solve({ ...base, convention: 'two-lambda', lambda: 4 }).m).toBeCloseTo(0.2, 12) // (6 − 4)/10
    const zero: Variant = { ...base, regime: 'zero', convention: 'two-lambda', lambda: 8 }
    expect(template.solve(zero).m).toBe(0)
    // Unclamped (6 − 8)/10 = −0.2 is the forgotten clamp; (6 + 8)/10 the sign error.
    expect(template.grade(zero, { m: -0.2 }).parts.m.diagnosis).toBe('no-clamp')
    expect(template.grade(zero, { m: 1.4 }).parts.m.diagnosis).toBe('threshold-sign')
    expect(template.grade(zero, { m: 1e-9 }).score).toBe(1)
  })

  test('two seeds give different datasets', () => {
    expect(JSON.stringify(makeVariant(template, {}, testSeed(1)))).not.toBe(JSON.stringify(makeVariant(template, {}, testSeed(2))))
  })
})
