import { describe, expect, test } from 'vitest'
import { runSelfTest, testSeed } from '@/lib/questions/selftest'
import template, { type Variant } from '@/lib/questions/templates/choosing-lambda'
import { makeVariant } from '@/lib/questions/variant'

/** Natural answers: 0 (and the zero vector) are always checked; this template has no other regime's or unclamped value to add. */
const natural = () => ({})

/** The regime, by hand from the table as shown: minimum, one-SE choice, and that they differ; folds balanced. */
function check(v: Variant): string[] {
  const out: string[] = []
  const a = template.solve(v)
  const min = Math.min(...v.meanError)
  const best = v.lambdas.filter((_, i) => v.meanError[i] === min).reduce((x, y) => Math.max(x, y))
  if (a.lambdaMin !== best) out.push(`λ_min ${a.lambdaMin} vs ${best}`)
  const bi = v.lambdas.indexOf(best)
  const oneSe = Math.max(...v.lambdas.filter((_, i) => v.meanError[i] <= v.meanError[bi] + v.standardError[bi]))
  if (a.lambdaOneSe !== oneSe) out.push(`λ_1SE ${a.lambdaOneSe} vs ${oneSe}`)
  if (oneSe === best) out.push('the one-SE choice equals the minimum')
  const sizes = Array.from({ length: v.k }, (_, f) => v.folds.filter((g) => g === f).length)
  if (Math.max(...sizes) - Math.min(...sizes) > 1) out.push(`unbalanced folds ${sizes}`)
  const c = a.count as number
  if (!(c >= 1 && c <= 2)) out.push(`count ${c}`)
  return out
}

describe('choosing-lambda', () => {
  test('self-test over 500 seeds', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check, renderSeeds: 20 })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBe(500)
  }, 300_000)

  test('the folds come from the seed: two seeds, two fold assignments, the same seed the same', () => {
    const a = makeVariant(template, {}, testSeed(3))
    const b = makeVariant(template, {}, testSeed(3))
    const c = makeVariant(template, { nMin: a.y.length, nMax: a.y.length }, testSeed(4))
    expect(b.folds).toEqual(a.folds)
    expect(c.folds).not.toEqual(a.folds)
  })

  test('a hand-made table: the rules and the named mistakes', () => {
    // Any valid variant gives the data; the table is replaced by a hand-made one.
    const base = makeVariant(template, {}, testSeed(7))
    const v: Variant = { ...base, lambdas: [60, 40, 25, 15, 8, 3], meanError: [30, 22, 18.5, 17.9, 18, 19], standardError: [2, 1.5, 1, 0.8, 0.9, 1] }
    const a = template.solve(v)
    expect(a.lambdaMin).toBe(15)
    expect(a.lambdaOneSe).toBe(25) // 17.9 + 0.8 = 18.7 ≥ 18.5 at λ = 25; 22 at λ = 40 is above.
    const right = { ...a }
    expect(template.grade(v, right).score).toBe(1)
    expect(template.grade(v, { ...right, lambdaOneSe: 15 }).parts.lambdaOneSe.diagnosis).toBe('min-for-one-se')
    expect(template.grade(v, { ...right, lambdaOneSe: 8 }).parts.lambdaOneSe.diagnosis).toBe('one-se-wrong-side')
    expect(template.grade(v, { ...right, lambdaMin: 3 }).parts.lambdaMin.diagnosis).toBe('smallest-lambda')
  })
})
