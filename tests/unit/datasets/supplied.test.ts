/**
 * An instructor's data in a question: the seeded subsample, variants made from it, and every template that
 * takes a dataset passing its self-test on the shipped stack loss data.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseDatasetCsv } from '@/lib/datasets/csv'
import { SUPPLIED_KEY, type SuppliedData, sampleRows } from '@/lib/questions/data'
import { getTemplate, listTemplates } from '@/lib/questions/registry'
import { runSelfTest, testSeed } from '@/lib/questions/selftest'
import { makeVariant } from '@/lib/questions/variant'
import { createRng } from '@/lib/random'
import { ridge } from '@/lib/solver'

const parsed = parseDatasetCsv(readFileSync('datasets/stackloss.csv'))
if (!parsed.ok) throw new Error(parsed.message)
const rows = parsed.table.rows
const stack = (features: number, sampleSize: number | null): SuppliedData => ({ X: rows.map((r) => r.slice(0, features)), y: rows.map((r) => r[3]), sampleSize })

describe('the shipped stack loss data', () => {
  it('give the least-squares fit published for them (Brownlee 1965; R: lm(stack.loss ~ ., stackloss))', () => {
    const fit = ridge(
      rows.map((r) => r.slice(0, 3)),
      rows.map((r) => r[3]),
      0,
    )
    expect(fit.intercept).toBeCloseTo(-39.9197, 3)
    expect(fit.coef[0]).toBeCloseTo(0.7156, 4)
    expect(fit.coef[1]).toBeCloseTo(1.2953, 4)
    expect(fit.coef[2]).toBeCloseTo(-0.1521, 4)
  })
})

describe('sampleRows', () => {
  const data = stack(2, 8)
  it('draws the same rows for the same seed, distinct rows of the dataset in file order', () => {
    // With all three features the 21 rows are distinct, so each drawn row names its position in the file.
    const data3 = stack(3, 8)
    const a = sampleRows(createRng(testSeed(1, 'rows')), data3)
    expect(sampleRows(createRng(testSeed(1, 'rows')), data3)).toEqual(a)
    expect(a.y).toHaveLength(8)
    const index = a.X.map((row, i) => rows.findIndex((r) => r[0] === row[0] && r[1] === row[1] && r[2] === row[2] && r[3] === a.y[i]))
    expect(index.every((k) => k >= 0)).toBe(true)
    for (let i = 1; i < index.length; i++) expect(index[i]).toBeGreaterThan(index[i - 1])
  })

  it('varies with the seed and reaches every row', () => {
    const draws = Array.from({ length: 60 }, (_, i) => sampleRows(createRng(testSeed(i, 'vary')), data))
    expect(new Set(draws.map((d) => JSON.stringify(d))).size).toBeGreaterThan(50)
    const seen = new Set(draws.flatMap((d) => d.X.map((row, i) => `${row.join()}|${d.y[i]}`)))
    expect(seen.size).toBe(new Set(rows.map((r) => `${r[0]},${r[1]}|${r[3]}`)).size)
  })

  it('takes every row, in order, without a sample size or when it is not smaller than the dataset', () => {
    for (const sampleSize of [null, 21, 30]) {
      expect(sampleRows(createRng(testSeed(2)), stack(1, sampleSize))).toEqual({ X: rows.map((r) => [r[0]]), y: rows.map((r) => r[3]) })
    }
  })
})

describe('variants made from supplied data', () => {
  it('are deterministic from the seed and use only rows of the dataset', () => {
    const t = getTemplate('ols-1d')!
    const params = { [SUPPLIED_KEY]: stack(1, 6) }
    const v = makeVariant(t, params, testSeed(5)) as { x: number[]; y: number[] }
    expect(makeVariant(t, params, testSeed(5))).toEqual(v)
    expect(v.x).toHaveLength(6)
    const pairs = new Set(rows.map((r) => `${r[0]}|${r[3]}`))
    for (let i = 0; i < v.x.length; i++) expect(pairs.has(`${v.x[i]}|${v.y[i]}`)).toBe(true)
    expect(makeVariant(t, params, testSeed(6))).not.toEqual(v)
  })

  it('are refused by a template that makes its own data', () => {
    const t = listTemplates().find((x) => !x.dataSlot)!
    expect(() => makeVariant(t, { [SUPPLIED_KEY]: stack(1, 6) }, testSeed(1))).toThrow(/does not take an instructor's dataset/)
  })

  const takers = listTemplates().filter((t) => t.dataSlot)
  it('are taken by the one-feature and multi-feature templates', () => {
    expect(takers.map((t) => t.id).sort()).toEqual(
      [
        'coordinate-descent-step',
        'elastic-net-1d',
        'lasso-1d-lambda-star',
        'lasso-1d-slope',
        'lasso-2d-sparsity',
        'lasso-path-breakpoints',
        'ols-1d',
        'penalty-conventions',
        'ridge-1d-slope',
        'ridge-2d',
        'ridge-vs-lasso',
        'subgradient-at-zero',
      ].sort(),
    )
  })

  for (const t of takers) {
    for (const sampleSize of [8, null]) {
      it(`${t.id} passes its self-test on stack loss (${sampleSize === null ? 'every row' : `${sampleSize} rows`})`, () => {
        const features = t.dataSlot!.features(t.params.parse({}))
        const report = runSelfTest(t, { seeds: 40, renderSeeds: 4, salt: 'stackloss', params: { [SUPPLIED_KEY]: stack(features, sampleSize) }, naturalAnswers: () => ({}) /* 0 only: the templates' own self-tests add the rest */ })
        // With every row and nothing else drawn, all seeds give the same variant: that is the point of "every row".
        const failures = report.failures.filter((f) => !(sampleSize === null && /every seed gave the same variant/.test(f)))
        expect(failures).toEqual([])
      }, 60_000)
    }
  }
})
