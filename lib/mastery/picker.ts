/**
 * "Practise what I got wrong": which question to practise next. Pure: the search for a telling variant goes
 * through a `VariantFinder` (the app's makes variants with the template's default params; the simulation's
 * draws from a precomputed pool).
 *
 * In order:
 * 1. the most recent open mistake: its template, with a variant that tells that mistake apart (its value
 *    differs from the right answer and from every other named mistake of the part), so a right answer shows
 *    the student no longer makes it;
 * 2. a skill still being learnt (practising, then familiar; shortest run first): a template that exercises it;
 * 3. a proficient or mastered skill due for its spaced review (most overdue first);
 * 4. a skill not started yet, in teaching order;
 * 5. otherwise the review due soonest.
 */
import type { Rng } from '@/lib/random'
import { SKILL_IDS, SKILL_TAGS, type SkillId } from '@/lib/questions/skills'
import { type Level, type MasteryState, reviewDue, type SkillState } from './model'

export type PickReason = 'mistake' | 'learning' | 'review' | 'new'

export interface PracticePick {
  templateId: string
  seed: string
  skill: SkillId
  reason: PickReason
  /** The named mistake the variant was chosen to tell apart, or null. */
  misconceptionId: string | null
}

export interface VariantFinder {
  /**
   * A seed of `templateId` (default params) whose variant tells `misconceptionId` apart, or any seed when it is
   * null; null when the search budget runs out. `salt` makes successive picks differ.
   */
  find(templateId: string, misconceptionId: string | null, salt: string): string | null
}

/** Templates with a part that exercises the skill, among those the finder may use. */
export function templatesForSkill(skill: SkillId, templateIds: readonly string[]): string[] {
  return templateIds.filter((t) => Object.hasOwn(SKILL_TAGS, t) && Object.values(SKILL_TAGS[t].parts).some((skills) => skills.includes(skill)))
}

const LEARNING: Level[] = ['practising', 'familiar']

export function pickPractice(
  state: MasteryState,
  opts: { now: number; rng: Rng; finder: VariantFinder; templateIds: readonly string[]; salt: string },
): PracticePick | null {
  const { rng, finder, templateIds, salt } = opts
  const available = new Set(templateIds)

  // 1. Open mistakes, most recent first.
  for (const m of state.mistakes) {
    if (!m.open || !available.has(m.templateId)) continue
    const seed = finder.find(m.templateId, m.misconceptionId, salt)
    if (seed) return { templateId: m.templateId, seed, skill: m.skill, reason: 'mistake', misconceptionId: m.misconceptionId }
  }

  const skills = SKILL_IDS.map((s) => state.skills[s])
  const forSkill = (s: SkillState, reason: PickReason): PracticePick | null => {
    const candidates = templatesForSkill(s.skill, templateIds)
    for (const t of rng.shuffle(candidates)) {
      const seed = finder.find(t, null, salt)
      if (seed) return { templateId: t, seed, skill: s.skill, reason, misconceptionId: null }
    }
    return null
  }
  const first = (list: SkillState[], reason: PickReason) => {
    for (const s of list) {
      const p = forSkill(s, reason)
      if (p) return p
    }
    return null
  }

  // 2. Skills being learnt: practising before familiar, shorter runs first (ties in a random order).
  const learning = rng
    .shuffle(skills.filter((s) => LEARNING.includes(s.level)))
    .sort((a, b) => LEARNING.indexOf(a.level) - LEARNING.indexOf(b.level) || a.run - b.run)
  // 3. Reviews due, most overdue first.
  const due = skills.filter((s) => reviewDue(s, opts.now)).sort((a, b) => (a.reviewDueAt ?? 0) - (b.reviewDueAt ?? 0))
  // 4. Not started, in teaching order.
  const fresh = skills.filter((s) => s.level === 'not-started')
  // 5. The next review, even if not yet due.
  const upcoming = skills.filter((s) => s.reviewDueAt !== null).sort((a, b) => (a.reviewDueAt ?? 0) - (b.reviewDueAt ?? 0))
  return first(learning, 'learning') ?? first(due, 'review') ?? first(fresh, 'new') ?? first(upcoming, 'review')
}
