/**
 * The default `grade` every template can delegate to (DESIGN.md, "Grading"). For each part, in order:
 * 1. right: the submitted value matches `solve(v)` under the tolerance → full credit;
 * 2. carried forward: it matches `template.carryForward(v, s)`, the value the derivation gives from the
 *    student's own earlier answers → full credit, flagged `carriedForward`. The credit stays, but a mistake
 *    is not hidden by it: when the value is also a named mistake of this part (an uncentered S_xy/S_xx built
 *    from uncentered sums), that is the diagnosis (counted in the class report), and the feedback names the
 *    mistakes of the earlier parts it was built on;
 * 3. a named mistake: it matches the value of a misconception of that part → no credit (or the partial
 *    credit of a vector), diagnosis = the misconception id, feedback names the mistake;
 * 4. otherwise generic feedback.
 * Feedback never contains the correct value: the page shows the derivation separately.
 */
import { resolveTolerance, scoreAnswer } from './answers'
import type { AnswerValue, Grade, GradeOptions, PartGrade, PartSpec, QuestionTemplate, Submission, Tolerance } from './types'

export const FEEDBACK = {
  correct: 'Correct.',
  missing: 'No answer was given for this part.',
  carriedForward: 'Consistent with your earlier answer: full credit for this part, which builds on it.',
  carriedForwardFrom: 'Consistent with your earlier answers, so full credit for this part; but those answers had a mistake, carried into this one:',
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
  const named = diagnose(template, v, part, submitted, tol)
  if (carried !== undefined && scoreAnswer(part.answer, submitted, carried, tol) === 1) {
    // A natural answer (0, the other regime's) that follows from the student's own earlier value is not that
    // mistake: the earlier parts' mistakes are named instead (nameEarlierMistakes).
    const own = named?.natural ? undefined : named
    return {
      score: 1,
      correct: true,
      feedback: own ? `${FEEDBACK.carriedForwardFrom} ${misconceptionFeedback(own)}` : FEEDBACK.carriedForward,
      diagnosis: own?.id ?? null,
      carriedForward: true,
    }
  }
  if (named) return { score, correct: false, feedback: misconceptionFeedback(named), diagnosis: named.id }
  return { score, correct: false, feedback: score > 0 ? FEEDBACK.partial : FEEDBACK.generic, diagnosis: null }
}

/**
 * The first misconception of this part whose value the answer matches (list order decides between
 * coinciding values), or whose optional `matches` predicate accepts it (a range of answers, e.g. a small
 * non-zero number where the answer is exactly 0).
 */
export function diagnose<P, V>(template: QuestionTemplate<P, V>, v: V, part: PartSpec, submitted: AnswerValue, tol: Tolerance) {
  for (const m of template.mistakes) {
    if (m.part !== part.id) continue
    const value = m.value(v)
    if (value !== undefined && scoreAnswer(part.answer, submitted, value, tol) === 1) return m
    if (m.matches?.(v, submitted)) return m
  }
  return undefined
}

/**
 * After every part is graded: a part credited by carry-forward that is not itself a named mistake says which
 * named mistakes of the earlier parts its value was built on (their own parts carry the diagnosis and the count).
 */
function nameEarlierMistakes<P, V>(template: QuestionTemplate<P, V>, parts: PartSpec[], grades: Record<string, PartGrade>): void {
  const earlier: string[] = []
  for (const part of parts) {
    const g = grades[part.id]
    if (g.carriedForward && !g.diagnosis && earlier.length > 0) {
      const labels = [...new Set(earlier)].map((id) => template.mistakes.find((m) => m.id === id)).filter((m) => m !== undefined)
      if (labels.length > 0) g.feedback = `${FEEDBACK.carriedForwardFrom} ${labels.map((m) => `${m.label.replace(/\.$/, '')}.`).join(' ')}`
    }
    if (g.diagnosis && !g.correct) earlier.push(g.diagnosis)
  }
}

/**
 * The worked solution's comment on a part credited by carry-forward from the student's own `from` (math text):
 * when the value it follows from was a named mistake (or the value is one itself), the grade's feedback names it.
 */
export function carriedForwardComment(yours: string, from: string, g: PartGrade): string {
  return g.feedback === FEEDBACK.carriedForward ? `${yours} follows correctly from your ${from}.` : `${yours} follows from your ${from}. ${g.feedback}`
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
  nameEarlierMistakes(template, parts, grades)
  return { score: total > 0 ? earned / total : 0, parts: grades }
}
