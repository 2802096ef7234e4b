/**
 * The default `grade` every template can delegate to (DESIGN.md, "Grading"). For each part, in order:
 * 1. right: the submitted value matches `solve(v)` under the tolerance → full credit;
 * 2. carried forward: it matches `template.carryForward(v, s)`, the value the derivation gives from the
 *    student's own earlier answers → full credit, flagged `carriedForward`;
 * 3. a named mistake: it matches the value of a misconception of that part → no credit (or the partial
 *    credit of a vector), diagnosis = the misconception id, feedback names the mistake;
 * 4. otherwise generic feedback.
 * Feedback never contains the correct value: the page shows the derivation separately.
 */
import { resolveTolerance, scoreAnswer } from './answers'
import type { AnswerValue, Grade, GradeOptions, PartGrade, PartSpec, QuestionTemplate, Submission } from './types'

export const FEEDBACK = {
  correct: 'Correct.',
  missing: 'No answer was given for this part.',
  carriedForward: 'Consistent with your earlier answer: full credit for this part, which builds on it.',
  generic: 'Not correct. Compare your work with the derivation, step by step.',
  partial: 'Partly correct: some components are right.',
} as const

/** The feedback for a diagnosed misconception: its label and what the student did (math text). */
export function misconceptionFeedback(m: { label: string; description: string }): string {
  return `${m.label}. ${m.description}`
}

export function gradePart<P, V>(
  template: QuestionTemplate<P, V>,
  v: V,
  part: PartSpec,
  submitted: AnswerValue | undefined,
  expected: AnswerValue,
  carried: AnswerValue | undefined,
  opts: GradeOptions = {},
): PartGrade {
  if (submitted === undefined) return { score: 0, correct: false, feedback: FEEDBACK.missing, diagnosis: null }
  const tol = resolveTolerance(part.tolerance, opts.tolerance)
  const score = scoreAnswer(part.answer, submitted, expected, tol)
  if (score === 1) return { score: 1, correct: true, feedback: FEEDBACK.correct, diagnosis: null }
  if (carried !== undefined && scoreAnswer(part.answer, submitted, carried, tol) === 1) {
    return { score: 1, correct: true, feedback: FEEDBACK.carriedForward, diagnosis: null, carriedForward: true }
  }
  for (const m of template.mistakes) {
    if (m.part !== part.id) continue
    const value = m.value(v)
    if (value === undefined) continue
    if (scoreAnswer(part.answer, submitted, value, tol) === 1) {
      return { score, correct: false, feedback: misconceptionFeedback(m), diagnosis: m.id }
    }
  }
  return { score, correct: false, feedback: score > 0 ? FEEDBACK.partial : FEEDBACK.generic, diagnosis: null }
}

/** Per-part grades and the score weighted by part points (0..1). */
export function gradeWithMisconceptions<P, V>(
  template: QuestionTemplate<P, V>,
  v: V,
  s: Submission,
  opts: GradeOptions = {},
): Grade {
  const parts = template.parts(v)
  const expected = template.solve(v)
  const carried = template.carryForward?.(v, s) ?? {}
  const grades: Record<string, PartGrade> = {}
  let earned = 0
  let total = 0
  for (const part of parts) {
    if (!Object.hasOwn(expected, part.id)) throw new Error(`Template ${template.id}: solve() gives no answer for part "${part.id}"`)
    const submitted = Object.hasOwn(s, part.id) ? s[part.id] : undefined
    const g = gradePart(template, v, part, submitted, expected[part.id], carried[part.id], opts)
    grades[part.id] = g
    earned += part.points * g.score
    total += part.points
  }
  return { score: total > 0 ? earned / total : 0, parts: grades }
}
