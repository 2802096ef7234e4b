/**
 * The practice picker (lib/mastery/picker.ts with the app's finder, lib/mastery/finder.ts):
 * - every named mistake of every template can be told apart by some default-params variant (checked here on the
 *   test's own seeds, by grading): so there is no mistake the picker may give up on;
 * - for every template, over 500 picks (each a different student salt, the targets in turn), the picker targets
 *   the open mistake every time (it never gives up), and the chosen variant tells it apart: grading that
 *   mistake's value on the chosen variant diagnoses exactly that mistake (so it is not the right answer and no
 *   earlier mistake of the part gives it), and no other named mistake of the part gives the same value (grading
 *   theirs never diagnoses the target);
 * - the order of what it picks: open mistakes, then skills being learnt, then reviews due, then new skills.
 */
import { describe, expect, it } from 'vitest'
import { templateFinder } from '@/lib/mastery/finder'
import { type Evidence, masteryOf } from '@/lib/mastery/model'
import { pickPractice, templatesForSkill } from '@/lib/mastery/picker'
import { createRng } from '@/lib/random'
import { templates } from '@/lib/questions/registry'
import type { AnyTemplate } from '@/lib/questions/types'
import { makeVariant } from '@/lib/questions/variant'

const PICKS = 500
const ids = Object.keys(templates)
const hex = (i: number) => (i * 2654435761 + 12345).toString(16).padStart(8, '0').slice(-8)

/** Whether variant `v` tells mistake `id` apart, judged by the grader: its value is diagnosed as exactly that mistake and no other mistake's value is. */
function tells(t: AnyTemplate, v: unknown, id: string): boolean {
  const m = t.mistakes.find((x) => x.id === id)!
  const value = m.value(v)
  if (value === undefined) return false
  const g = t.grade(v, { [m.part]: value }).parts[m.part]
  if (g.correct || g.diagnosis !== id) return false
  return t.mistakes.every((o) => {
    if (o.id === id || o.part !== m.part) return true
    const ov = o.value(v)
    return ov === undefined || t.grade(v, { [m.part]: ov }).parts[m.part].diagnosis !== id
  })
}

/** The named mistakes some variant among the test's first `n` seeds tells apart. */
function tellable(t: AnyTemplate, n = 400): string[] {
  const left = new Set(t.mistakes.map((m) => m.id))
  for (let i = 0; i < n && left.size > 0; i++) {
    const v = makeVariant(t, {}, `${hex(i)}aa55${hex(i + 7)}`)
    for (const id of [...left]) if (tells(t, v, id)) left.delete(id)
  }
  return t.mistakes.filter((m) => !left.has(m.id)).map((m) => m.id)
}

function openMistake(templateId: string, misconceptionId: string): Evidence {
  const m = templates[templateId].mistakes.find((x) => x.id === misconceptionId)!
  return { at: 1, templateId, partId: m.part, correct: false, diagnosis: misconceptionId, reveals: [], source: 'assignment', attemptId: null }
}

describe.each(ids)('picker on %s', (templateId) => {
  const t = templates[templateId]
  const all = t.mistakes.map((m) => m.id)

  it('every named mistake is told apart by some variant', () => {
    // If a new mistake can never be told apart (it always equals the right answer or another mistake), it cannot
    // be targeted: give it a different value, or merge it with the mistake it always equals.
    expect(tellable(t)).toEqual(all)
  })

  it(`the picker targets the open mistake with a variant that tells it apart (${PICKS} picks)`, { timeout: 120_000 }, () => {
    expect(all.length).toBeGreaterThan(0)
    for (let i = 0; i < PICKS; i++) {
      const target = all[i % all.length]
      const pick = pickPractice(masteryOf([openMistake(templateId, target)]), { now: 2, rng: createRng(hex(i)), finder: templateFinder, templateIds: ids, salt: `student-${i}` })
      // Never gives up: every mistake is tellable (above), so the bound is every pick.
      expect(pick, `${target}, pick ${i}`).toMatchObject({ reason: 'mistake', templateId, misconceptionId: target })
      const v = makeVariant(t, {}, pick!.seed)
      const m = t.mistakes.find((x) => x.id === target)!
      const value = m.value(v)
      expect(value, `${target} seed ${pick!.seed}: the mistake gives no value`).not.toBeUndefined()
      const g = t.grade(v, { [m.part]: value! }).parts[m.part]
      expect(g.correct, `${target} seed ${pick!.seed}: the mistake gives the right answer`).toBe(false)
      expect(g.diagnosis, `${target} seed ${pick!.seed}`).toBe(target)
      for (const o of t.mistakes) {
        if (o.id === target || o.part !== m.part) continue
        const ov = o.value(v)
        if (ov === undefined) continue
        expect(t.grade(v, { [m.part]: ov }).parts[m.part].diagnosis, `${o.id} gives ${target}'s value`).not.toBe(target)
      }
    }
  })
})

describe('picker priorities', () => {
  const opts = (i = 0) => ({ now: Date.UTC(2026, 1, 1), rng: createRng(hex(i)), finder: templateFinder, templateIds: ids, salt: `p${i}` })
  const part = (templateId: string, partId: string, correct: boolean, at: number): Evidence => ({ at, templateId, partId, correct, diagnosis: null, reveals: [], source: 'practice' })

  it('an open mistake comes first, the most recent one', () => {
    const ev = [openMistake('ols-1d', 'slope-inverted'), { ...openMistake('lasso-1d-lambda-star', 'other-convention'), at: 5 }]
    expect(pickPractice(masteryOf(ev), opts())).toMatchObject({ reason: 'mistake', templateId: 'lasso-1d-lambda-star', misconceptionId: 'other-convention', skill: 'conventions' })
  })

  it('without open mistakes, a practising skill before a familiar one, with a template that exercises it', () => {
    const ev = [part('ridge-1d-slope', 'lambdaF', true, 1), part('ols-1d', 'm', false, 2)]
    const p = pickPractice(masteryOf(ev), opts())!
    expect(p).toMatchObject({ reason: 'learning', skill: 'ols-fit', misconceptionId: null })
    expect(templatesForSkill('ols-fit', ids)).toContain(p.templateId)
  })

  it('all started skills proficient: a review that is due, else a skill not started', () => {
    const now = Date.UTC(2026, 1, 1)
    const three = [1, 2, 3].map((k) => part('ridge-1d-slope', 'lambdaF', true, now - 3 * 86_400_000 + k))
    expect(pickPractice(masteryOf(three), opts())).toMatchObject({ reason: 'review', skill: 'ridge-shrinkage' })
    const fresh = [1, 2, 3].map((k) => part('ridge-1d-slope', 'lambdaF', true, now - 1000 + k))
    expect(pickPractice(masteryOf(fresh), opts())).toMatchObject({ reason: 'new', skill: 'centering' })
  })

  it('nothing at all yet: starts with the first skill in teaching order', () => {
    expect(pickPractice(masteryOf([]), opts())).toMatchObject({ reason: 'new', skill: 'centering' })
  })
})
