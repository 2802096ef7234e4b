import { describe, expect, test } from 'vitest'
import { runSelfTest } from '@/lib/questions/selftest'
import template, { type Variant } from '@/lib/questions/templates/elastic-net-1d'
import { summarize1d } from '@/lib/solver'

/** Natural answers (0 is always one): the unclamped slope (Sxy − sign(Sxy)·λ₁/2)/(Sxx + λ₂), the other regime's value. */
const natural = (v: Variant) => {
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  return { m: [(Sxy - Math.sign(Sxy) * (v.lambda1 / 2)) / (Sxx + v.lambda2)] }
}

/** The regime, checked from the sums by hand (not through the solver). */
const regime = (v: Variant): string[] => {
  const out: string[] = []
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  if (!(Sxx > 0) || Sxy === 0) out.push(`S_xx = ${Sxx}, S_xy = ${Sxy}`)
  if (!(v.lambda2 >= 1)) out.push(`λ₂ = ${v.lambda2}`)
  const m = template.solve(v).m as number
  if (v.regime === 'zeroed' && !(v.lambda1 > 2 * Math.abs(Sxy) && m === 0)) out.push(`zeroed: λ₁ = ${v.lambda1}, S_xy = ${Sxy}, m = ${m}`)
  if (v.regime === 'shrunk' && !(v.lambda1 > 0 && v.lambda1 < 2 * Math.abs(Sxy) && m !== 0 && Math.sign(m) === Math.sign(Sxy))) out.push(`shrunk: m = ${m}`)
  if (v.regime === 'ridge' && !(v.lambda1 === 0 && Math.abs(m - Sxy / (Sxx + v.lambda2)) <= 1e-12 * Math.abs(m))) out.push(`ridge: m = ${m}`)
  if (Math.abs((template.solve(v).lambda1Star as number) - 2 * Math.abs(Sxy)) > 1e-12 * Math.abs(Sxy)) out.push('λ₁* is not 2|S_xy|')
  return out
}

describe('elastic-net-1d', () => {
  test('self-test over 500 seeds, every regime', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check: regime })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(400)
  }, 120_000)

  for (const r of ['zeroed', 'shrunk', 'ridge'] as const) {
    test(`regime ${r} is guaranteed with wide data`, () => {
      const p = { regime: r, nMin: 4, nMax: 9, xMin: -6, xMax: 6, yMin: -9, yMax: 9, lambda2Min: 2, lambda2Max: 60 }
      const report = runSelfTest(template, { naturalAnswers: natural, seeds: 150, params: p, salt: r, check: regime, renderSeeds: 5, uncovered: ['not-clipped', 'full-threshold', 'forgot-lasso', 'forgot-ridge', 'half-ridge', r === 'zeroed' ? 'slope-sign' : 'small-not-zero'] })
      expect(report.failures).toEqual([])
    }, 120_000)
  }

  test('a worked example: x = 1..5, y = 2,4,5,4,5 (S_xx = 10, S_xy = 6)', () => {
    const v: Variant = { x: [1, 2, 3, 4, 5], y: [2, 4, 5, 4, 5], regime: 'shrunk', lambda1: 4, lambda2: 10 }
    const a = template.solve(v)
    expect(a.m).toBeCloseTo(0.2, 14) // (6 − 2)/(10 + 10)
    expect(a.lambda1Star).toBe(12)
    expect(template.grade(v, { m: 0.2, lambda1Star: 12 }).score).toBe(1)
    expect(template.grade(v, { m: 0.4, lambda1Star: 12 }).parts.m.diagnosis).toBe('forgot-ridge') // (6 − 2)/10
    expect(template.grade(v, { m: 0.3, lambda1Star: 12 }).parts.m.diagnosis).toBe('forgot-lasso') // 6/20
    expect(template.grade(v, { m: 0.1, lambda1Star: 12 }).parts.m.diagnosis).toBe('full-threshold') // (6 − 4)/20
    expect(template.grade(v, { m: 4 / 15, lambda1Star: 12 }).parts.m.diagnosis).toBe('half-ridge') // 4/(10 + 5)
    expect(template.grade(v, { m: 0.2, lambda1Star: 6 }).parts.lambda1Star.diagnosis).toBe('star-missing-2')
    expect(template.grade(v, { m: 0.2, lambda1Star: 24 }).parts.lambda1Star.diagnosis).toBe('star-moved-by-ridge') // 12·20/10
  })

  test('the zeroed regime: the unclipped formula is named', () => {
    const v: Variant = { x: [1, 2, 3, 4, 5], y: [2, 4, 5, 4, 5], regime: 'zeroed', lambda1: 14, lambda2: 5 }
    expect(template.solve(v).m).toBe(0)
    expect(template.grade(v, { m: -1 / 15, lambda1Star: 12 }).parts.m.diagnosis).toBe('not-clipped') // (6 − 7)/15
  })
})
