/**
 * The mastery rule: per student and skill, a level from the student's graded answers and practice.
 * Pure: evidence in, levels out (no I/O, no clock: `now` is handed in).
 *
 * Why an explicit rule and not Bayesian knowledge tracing: BKT needs its four probabilities (prior, learn,
 * guess, slip) fitted per skill from response logs, and LassoLab has no logs yet; made-up parameters would
 * give levels nobody can check. A rule a student can replay by hand is honest until such data exist
 * (a fitted model can then replace `masteryOf` behind the same types).
 *
 * The rule, as the student's page states it (RULE_TEXT):
 * - Every part you answer counts for the skills it exercises (lib/questions/skills.ts). A right answer adds one
 *   to your run of right answers on each of those skills; a wrong answer restarts the run at 0.
 * - A wrong answer that matches a named mistake counts against the one skill that mistake is about (the other
 *   skills of the part are left alone). The mistake then stays "open" until you answer right twice on a question
 *   where that mistake would have given a different answer.
 * - Levels: not started (no answer yet) · practising (last answer wrong, or a mistake still open) · familiar
 *   (a run of 1–2) · proficient (a run of 3 or more, no open mistake) · mastered (proficient, and still right
 *   when you came back at least a day later).
 * - Reviews are spaced: a proficient skill is due for review 1 day after it became proficient; each right
 *   review doubles the gap (2, 4, 8, … up to 32 days).
 */
import { mistakeSkill, partSkills, SKILL_IDS, type SkillId } from '@/lib/questions/skills'

export const LEVELS = ['not-started', 'practising', 'familiar', 'proficient', 'mastered'] as const
export type Level = (typeof LEVELS)[number]
export const LEVEL_LABELS: Record<Level, string> = {
  'not-started': 'Not started',
  practising: 'Practising',
  familiar: 'Familiar',
  proficient: 'Proficient',
  mastered: 'Mastered',
}
export const levelRank = (l: Level) => LEVELS.indexOf(l)

const DAY = 24 * 60 * 60 * 1000

/** The rule's numbers, in one place (the student's page and the tests read them from here). */
export const RULE = {
  /** Right answers in a row for "proficient". */
  proficientRun: 3,
  /** Right answers on telling variants that close an open mistake. */
  clearAfter: 2,
  /** Days from becoming proficient to the first review. */
  firstReviewDays: 1,
  /** The longest gap between reviews, in days. */
  maxReviewDays: 32,
} as const

export const RULE_TEXT = [
  'Every part you answer counts for the skills it exercises. A right answer adds one to your run of right answers on those skills; a wrong answer restarts the run.',
  `A wrong answer that matches a named mistake counts against the skill that mistake is about. The mistake stays open until you answer right ${RULE.clearAfter} times on questions where it would have given a different answer.`,
  `Practising: your last answer was wrong or a mistake is still open. Familiar: a run of 1 or 2. Proficient: a run of ${RULE.proficientRun} or more with no open mistake. Mastered: proficient, and still right when you came back at least a day later.`,
  `Reviews are spaced: a proficient skill comes back for review after ${RULE.firstReviewDays} day, and each right review doubles the gap (up to ${RULE.maxReviewDays} days).`,
]

/** One answered part: from a graded attempt or from practice. */
export interface Evidence {
  /** When it was answered, ms since the epoch. */
  at: number
  templateId: string
  partId: string
  correct: boolean
  /** The named mistake the wrong answer matched, or null. */
  diagnosis: string | null
  /** For a right answer: the named mistakes of this part the variant told apart (see lib/questions/discriminate). */
  reveals: readonly string[]
  source: 'assignment' | 'practice'
  /** The attempt id for assignment evidence (for links to examples). */
  attemptId?: string | null
}

export interface MistakeState {
  templateId: string
  misconceptionId: string
  skill: SkillId
  /** How many times it was diagnosed. */
  times: number
  open: boolean
  /** Right answers on telling variants since it was last diagnosed. */
  cleared: number
  lastAt: number
  /** The latest graded attempt where it was diagnosed, if any. */
  exampleAttemptId: string | null
}

export interface SkillState {
  skill: SkillId
  level: Level
  answers: number
  right: number
  /** Right answers in a row on this skill. */
  run: number
  lastAt: number | null
  /** Spaced reviews passed since the skill became proficient. */
  reviews: number
  /** When a proficient or mastered skill is next due for review (ms), else null. */
  reviewDueAt: number | null
  open: MistakeState[]
}

export interface MasteryState {
  skills: Record<SkillId, SkillState>
  /** Every named mistake ever diagnosed, most recent first. */
  mistakes: MistakeState[]
}

interface Acc {
  answers: number
  right: number
  run: number
  lastAt: number | null
  proficientAt: number | null
  reviews: number
  reviewDueAt: number | null
}

const mistakeKey = (templateId: string, id: string) => `${templateId}\u001f${id}`

/** Replays the evidence in time order and returns every skill's state and every diagnosed mistake. */
export function masteryOf(evidence: readonly Evidence[]): MasteryState {
  const acc = new Map<SkillId, Acc>(SKILL_IDS.map((s) => [s, { answers: 0, right: 0, run: 0, lastAt: null, proficientAt: null, reviews: 0, reviewDueAt: null }]))
  const mistakes = new Map<string, MistakeState>()
  const openOn = (skill: SkillId) => [...mistakes.values()].some((m) => m.open && m.skill === skill)

  const wrong = (skill: SkillId, at: number) => {
    const a = acc.get(skill)!
    a.answers++
    a.run = 0
    a.lastAt = at
    a.proficientAt = null
    a.reviews = 0
    a.reviewDueAt = null
  }
  const right = (skill: SkillId, at: number) => {
    const a = acc.get(skill)!
    a.answers++
    a.right++
    a.run++
    a.lastAt = at
    if (a.proficientAt === null) {
      if (a.run >= RULE.proficientRun && !openOn(skill)) {
        a.proficientAt = at
        a.reviewDueAt = at + RULE.firstReviewDays * DAY
      }
    } else if (a.reviewDueAt !== null && at >= a.reviewDueAt) {
      a.reviews++
      a.reviewDueAt = at + Math.min(RULE.firstReviewDays * 2 ** a.reviews, RULE.maxReviewDays) * DAY
    }
  }

  const sorted = [...evidence].sort((x, y) => x.at - y.at)
  for (const e of sorted) {
    const skills = partSkills(e.templateId, e.partId)
    if (e.correct) {
      // A right answer on a variant that would have shown a mistake counts toward closing it.
      for (const id of e.reveals) {
        const m = mistakes.get(mistakeKey(e.templateId, id))
        if (m?.open && ++m.cleared >= RULE.clearAfter) m.open = false
      }
      for (const s of skills) right(s, e.at)
      continue
    }
    const skill = e.diagnosis ? mistakeSkill(e.templateId, e.diagnosis) : null
    if (e.diagnosis && skill) {
      const key = mistakeKey(e.templateId, e.diagnosis)
      const m = mistakes.get(key) ?? { templateId: e.templateId, misconceptionId: e.diagnosis, skill, times: 0, open: true, cleared: 0, lastAt: e.at, exampleAttemptId: null }
      m.times++
      m.open = true
      m.cleared = 0
      m.lastAt = e.at
      if (e.source === 'assignment' && e.attemptId) m.exampleAttemptId = e.attemptId
      mistakes.set(key, m)
      wrong(skill, e.at)
    } else {
      for (const s of skills) wrong(s, e.at)
    }
  }

  const all = [...mistakes.values()].sort((x, y) => y.lastAt - x.lastAt)
  const skills = Object.fromEntries(
    SKILL_IDS.map((s): [SkillId, SkillState] => {
      const a = acc.get(s)!
      const open = all.filter((m) => m.open && m.skill === s)
      return [s, { skill: s, level: levelOf(a, open.length), answers: a.answers, right: a.right, run: a.run, lastAt: a.lastAt, reviews: a.reviews, reviewDueAt: a.reviewDueAt, open }]
    }),
  ) as Record<SkillId, SkillState>
  return { skills, mistakes: all }
}

function levelOf(a: Acc, open: number): Level {
  if (a.answers === 0) return 'not-started'
  if (a.run === 0 || open > 0) return 'practising'
  if (a.run < RULE.proficientRun) return 'familiar'
  return a.reviews >= 1 ? 'mastered' : 'proficient'
}

/** Whether a proficient or mastered skill is due for a spaced review at `now`. */
export function reviewDue(s: SkillState, now: number): boolean {
  return (s.level === 'proficient' || s.level === 'mastered') && s.reviewDueAt !== null && now >= s.reviewDueAt
}
