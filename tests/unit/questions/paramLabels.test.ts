/**
 * The builder names every template parameter in words (issue 9): a label that is not the code name, a one-line
 * help, words for every option, and a proper control (choices for enums, checkboxes for sets, a number list).
 */
import { describe, expect, it } from 'vitest'
import { paramWords } from '@/lib/questions/paramLabels'
import { listTemplates } from '@/lib/questions/registry'
import { paramFields } from '@/lib/server/instructor/assignments'

describe('template parameters in the builder', () => {
  for (const t of listTemplates()) {
    it(`${t.id}: every parameter has a label, a one-line help and a proper control`, () => {
      const fields = paramFields(t)
      expect(fields.length).toBeGreaterThan(0)
      for (const f of fields) {
        expect(paramWords(t.id, f.name), `${t.id}.${f.name} has words`).toBeDefined()
        expect(f.label, `${t.id}.${f.name}`).not.toBe(f.name)
        expect(f.label).not.toMatch(/[a-z][A-Z]/)
        expect(f.help.length).toBeGreaterThan(10)
        expect(f.help).not.toMatch(/\n/)
        expect(f.kind, `${t.id}.${f.name} is not raw JSON`).not.toBe('json')
        if (f.kind === 'enum' || f.kind === 'set') {
          for (const o of f.options) expect(paramWords(t.id, f.name)?.options?.[String(o.value)], `${t.id}.${f.name} option ${o.value}`).toBeDefined()
        }
      }
    })
  }

  it('offers lists of choices for sets and a number list for lists of numbers', () => {
    const field = (id: string, name: string) => paramFields(listTemplates().find((t) => t.id === id)!).find((f) => f.name === name)!
    const stems = field('sparsity-concepts', 'stems')
    expect(stems.kind).toBe('set')
    expect(stems.kind === 'set' && stems.options.map((o) => o.value)).toEqual(['geometry', 'gradient', 'subgradient', 'ridge'])
    const factors = field('lasso-standardization', 'factors')
    expect(factors.kind === 'set' && factors.options.map((o) => o.value)).toEqual([10, 100, 1000])
    const fractions = field('ridge-1d-slope', 'fractions')
    expect(fractions).toMatchObject({ kind: 'numbers', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true })
    expect(field('lasso-1d-slope', 'convention')).toMatchObject({ kind: 'enum', label: 'Penalty convention' })
    expect(field('ridge-2d', 'askIntercept')).toMatchObject({ kind: 'boolean' })
  })
})
