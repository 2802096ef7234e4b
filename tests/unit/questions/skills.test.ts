/**
 * The skill table (lib/questions/skills.ts) covers the whole registry: every part any variant of a template can
 * ask (over many seeds) exercises at least one known skill, every named mistake reveals a known skill, and the
 * table names no template, part or mistake that does not exist.
 */
import { describe, expect, it } from 'vitest'
import { templates } from '@/lib/questions/registry'
import { SKILL_TAGS, SKILLS } from '@/lib/questions/skills'
import { makeVariant } from '@/lib/questions/variant'

const seedOf = (i: number) => (0x9e3779b9 * (i + 1)).toString(16).padStart(8, '0').slice(-8).repeat(4)

describe('skill tags', () => {
  for (const t of Object.values(templates)) {
    describe(t.id, () => {
      const partIds = new Set<string>()
      for (let i = 0; i < 40; i++) for (const p of t.parts(makeVariant(t, {}, seedOf(i)))) partIds.add(p.id)
      for (const m of t.mistakes) partIds.add(m.part)

      it('has an entry in the table', () => {
        expect(Object.hasOwn(SKILL_TAGS, t.id), `add "${t.id}" to SKILL_TAGS`).toBe(true)
      })
      it('tags every part with at least one known skill', () => {
        const tags = SKILL_TAGS[t.id]?.parts ?? {}
        for (const id of partIds) {
          expect(tags[id]?.length ?? 0, `part "${id}" has no skill`).toBeGreaterThan(0)
          for (const s of tags[id] ?? []) expect(Object.keys(SKILLS)).toContain(s)
        }
      })
      it('tags every named mistake with a known skill', () => {
        const tags = SKILL_TAGS[t.id]?.mistakes ?? {}
        for (const m of t.mistakes) {
          expect(Object.hasOwn(tags, m.id), `mistake "${m.id}" has no skill`).toBe(true)
          expect(Object.keys(SKILLS)).toContain(tags[m.id])
        }
      })
      it('names no part or mistake the template does not have', () => {
        const tags = SKILL_TAGS[t.id] ?? { parts: {}, mistakes: {} }
        expect(Object.keys(tags.parts).filter((p) => !partIds.has(p))).toEqual([])
        const ids = new Set(t.mistakes.map((m) => m.id))
        expect(Object.keys(tags.mistakes).filter((m) => !ids.has(m))).toEqual([])
      })
    })
  }
  it('names no template that is not in the registry', () => {
    expect(Object.keys(SKILL_TAGS).filter((id) => !Object.hasOwn(templates, id))).toEqual([])
  })
  it('every skill is exercised by some part', () => {
    const used = new Set(Object.values(SKILL_TAGS).flatMap((t) => Object.values(t.parts).flat()))
    expect(Object.keys(SKILLS).filter((s) => !used.has(s as keyof typeof SKILLS))).toEqual([])
  })
})
