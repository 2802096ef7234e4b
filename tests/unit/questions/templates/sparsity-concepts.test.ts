import { describe, expect, test } from 'vitest'
import { runSelfTest, testRng } from '@/lib/questions/selftest'
import template, { exampleSolutions, params, type Variant } from '@/lib/questions/templates/sparsity-concepts'
import { makeVariant } from '@/lib/questions/variant'

/** Natural answers: 0 (and the zero vector) are always checked; this template has no other regime's or unclamped value to add. */
const natural = () => ({})

/** The regime: one right option among `k`, opaque distinct ids, and an example where the lasso zeroes one coefficient and ridge none. */
const regime = (k: number) => (v: Variant) => {
  const out: string[] = []
  if (v.options.length !== k) out.push(`${v.options.length} options`)
  if (v.options.filter((o) => o.key === 'correct').length !== 1) out.push('not exactly one right option')
  if (new Set(v.options.map((o) => o.id)).size !== v.options.length) out.push('duplicate option ids')
  if (new Set(v.options.map((o) => o.key)).size !== v.options.length) out.push('duplicate statements')
  for (const o of v.options) if (!/^o[0-9a-z]{5}$/.test(o.id)) out.push(`option id ${o.id} is not opaque`)
  const { lasso, ridge } = exampleSolutions(v.example)
  if (lasso.filter((w) => w === 0).length !== 1) out.push(`lasso example has zeros ${lasso}`)
  if (ridge.some((w) => w === 0)) out.push(`ridge example has a zero ${ridge}`)
  return out
}

describe('sparsity-concepts self-test', { timeout: 120_000 }, () => {
  test('500 seeds, default params', () => {
    const report = runSelfTest(template, { naturalAnswers: natural, seeds: 500, check: regime(4) })
    expect(report.failures).toEqual([])
    expect(report.distinctVariants).toBeGreaterThan(450)
  })

  test('each question alone, 3 and 5 options', () => {
    for (const stem of ['geometry', 'gradient', 'subgradient', 'ridge'] as const) {
      for (const options of [3, 5]) {
        const report = runSelfTest(template, { naturalAnswers: natural, seeds: 120, params: { stems: [stem], options }, salt: `${stem}${options}`, renderSeeds: 5, check: (v) => [...regime(options)(v), ...(v.stem === stem ? [] : [`stem ${v.stem}`])] })
        // Some distractors are never offered for a given question: only the misconceptions offered must be covered.
        expect(report.failures.filter((f) => !f.includes('never had a defined value'))).toEqual([])
      }
    }
  })

  test('the right option is not always in the same place, and ids do not reveal it', () => {
    const positions = new Set<number>()
    const ids = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const v = template.generate(testRng(i, 'pos'), params.parse({}))
      positions.add(v.options.findIndex((o) => o.key === 'correct'))
      ids.add(v.options.find((o) => o.key === 'correct')!.id)
    }
    expect(positions.size).toBe(4)
    expect(ids.size).toBeGreaterThan(190)
  })

  test('the public view carries no statement keys', () => {
    const v = makeVariant(template, {}, 'ab12cd34ab12cd34ab12cd34ab12cd34')
    const parts = JSON.stringify(template.parts(v))
    expect(parts).not.toContain('correct')
    expect(parts).not.toContain('rounding')
  })

  test('a wrong choice is graded 0 with its diagnosis; the right one 1', () => {
    const v = makeVariant(template, {}, '0123456789abcdef0123456789abcdef')
    const right = v.options.find((o) => o.key === 'correct')!
    const wrong = v.options.find((o) => o.key !== 'correct')!
    expect(template.grade(v, { why: right.id }).score).toBe(1)
    const g = template.grade(v, { why: wrong.id })
    expect(g.score).toBe(0)
    expect(g.parts.why.diagnosis).toBe(wrong.key)
  })

  test('bad params are rejected', () => {
    expect(() => params.parse({ options: 7 })).toThrow()
    expect(() => params.parse({ stems: [] })).toThrow()
  })
})
