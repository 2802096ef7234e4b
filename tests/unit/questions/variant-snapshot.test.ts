/**
 * Every template's generated data survives the JSON snapshot a variant keeps (lib/server/variants.ts
 * variantSnapshot): the data read back is identical, so the page, the grade and the derivation are the same as from
 * the generator, and a later version of a generator cannot change a variant already handed out.
 */
import { describe, expect, it } from 'vitest'
import { listTemplates } from '@/lib/questions/registry'
import { makeVariant, publicView } from '@/lib/questions/variant'
import { variantSnapshot } from '@/lib/server/variants'

const seeds = Array.from({ length: 60 }, (_, i) => (i * 2654435761 + 12345).toString(16).padStart(8, '0').repeat(4))

describe('variant snapshots', () => {
  for (const template of listTemplates()) {
    it(`${template.id}: the data read back from the snapshot equals the generated data, and grades alike`, () => {
      for (const seed of seeds) {
        const data = makeVariant(template, {}, seed)
        const text = variantSnapshot(data)
        expect(text, `seed ${seed}`).not.toBeNull()
        const back = JSON.parse(text as string)
        // What students and graders get from it: the page, the answers, the grade of the right answers, the worked
        // derivation.
        expect(JSON.stringify(publicView(template, back))).toBe(JSON.stringify(publicView(template, data)))
        const answers = template.solve(data) as never
        expect(JSON.stringify(template.solve(back))).toBe(JSON.stringify(answers))
        expect(template.grade(back, answers, {})).toEqual(template.grade(data, answers, {}))
        expect(JSON.stringify(template.derive(back))).toBe(JSON.stringify(template.derive(data)))
      }
    })
  }

  it('refuses what JSON would change (no snapshot rather than a wrong one)', () => {
    expect(variantSnapshot({ x: [1, Number.NaN] })).toBeNull()
    expect(variantSnapshot({ when: new Date(0) })).toBeNull()
    expect(variantSnapshot({ gone: undefined, x: 1 })).toBeNull()
    expect(variantSnapshot({ y: [-0, 1] })).toBe('{"y":[0,1]}')
    expect(variantSnapshot({ x: [1, 2.5], label: 'a' })).toBe('{"x":[1,2.5],"label":"a"}')
  })
})
