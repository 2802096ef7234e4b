import { describe, expect, test } from 'vitest'
import { getTemplate, listTemplates, templates } from '@/lib/questions/registry'
import { precisionSentence, resolveTolerance } from '@/lib/questions/answers'
import type { PartSpec } from '@/lib/questions/types'
import { makeVariant, publicView } from '@/lib/questions/variant'

describe('registry', () => {
  test('templates by id', () => {
    const t = getTemplate('lasso-1d-lambda-star')
    expect(t?.id).toBe('lasso-1d-lambda-star')
    expect(templates['lasso-1d-lambda-star']).toBe(t)
    expect(getTemplate('nope')).toBeUndefined()
    expect(getTemplate('constructor')).toBeUndefined()
    expect(listTemplates().map((x) => x.id)).toContain('lasso-1d-lambda-star')
  })

  test('every template: defaults parse, ids unique, version a positive integer', () => {
    const ids = listTemplates().map((t) => t.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const t of listTemplates()) {
      expect(() => t.params.parse({})).not.toThrow()
      expect(Number.isInteger(t.version) && t.version > 0).toBe(true)
    }
  })
})

describe('makeVariant and publicView', () => {
  const t = getTemplate('lasso-1d-lambda-star')!
  test('deterministic from the seed, different across seeds', () => {
    const a = makeVariant(t, {}, 'a'.repeat(64))
    expect(makeVariant(t, {}, 'a'.repeat(64))).toEqual(a)
    const others = ['b', 'c', 'd', 'e'].map((c) => JSON.stringify(makeVariant(t, {}, c.repeat(64))))
    expect(others.some((o) => o !== JSON.stringify(a))).toBe(true)
  })
  test('bad params and bad seeds throw', () => {
    expect(() => makeVariant(t, { nMin: 'five' }, 'ab')).toThrow()
    expect(() => makeVariant(t, {}, 'not hex')).toThrow()
  })
  test('the public view has the intro and the parts only', () => {
    const v = makeVariant(t, {}, '1234')
    const view = publicView(t, v)
    expect(Object.keys(view).sort()).toEqual(['intro', 'parts'])
    expect(view.intro.table?.rows.length).toBe((v as { x: number[] }).x.length)
  })
})

describe('issue 9: every numeric prompt says what is accepted', () => {
  test('each number and vector part of every template ends with the precision sentence of the tolerance that grades it', { timeout: 60_000 }, () => {
    for (const t of listTemplates()) {
      for (let i = 0; i < 5; i++) {
        const v = makeVariant(t, {}, `${i}`.repeat(32))
        const own = t.parts(v) as PartSpec[]
        const view = publicView(t, v)
        for (const p of view.parts) {
          if (p.answer.type !== 'number' && p.answer.type !== 'vector') continue
          // A count says "Give a whole number." instead (answers.test.ts, "a count is asked for as a whole number").
          if (p.answer.type === 'number' && p.answer.integer) {
            expect(p.prompt).toMatch(/ Give a whole number\.$/)
            continue
          }
          const tol = resolveTolerance(own.find((q) => q.id === p.id)?.tolerance)
          expect(p.prompt.endsWith(` ${precisionSentence(tol)}`), `${t.id} part ${p.id}: ${p.prompt}`).toBe(true)
          if (tol.sigFigs === 4) expect(p.prompt).toMatch(/exact value.*or a decimal with at least 4 significant figures\.$/)
          expect(p.prompt, `${t.id} part ${p.id}: said twice`).not.toMatch(/12\/7 are accepted/)
        }
      }
    }
  })
  test('an item tolerance override is what the prompt states', () => {
    const t = getTemplate('lasso-1d-slope')!
    const view = publicView(t, makeVariant(t, {}, '7'.repeat(32)), { rel: 0.01, abs: 1e-6 })
    expect(view.parts[0].prompt).toMatch(/within 1 % of it/)
  })
})
