/**
 * Grading saved answers at the end of an exam. Unlike a submission typed by the student, a draft may be
 * incomplete or hold an unreadable part: such parts are graded as unanswered (score 0), never refused,
 * because the student is gone and the exam must still be recorded.
 */
import { parseSubmission } from '@/lib/questions/answers'
import type { Submission } from '@/lib/questions/types'
import { toleranceOf } from '../student'
import { materialize } from '../variants'

export type RawAnswers = Record<string, string | string[]>

export function gradeSaved(variant: { templateId: string; params: string; seed: string; data: string | null }, raw: RawAnswers, tolerance: string | null) {
  const { template, data } = materialize(variant)
  const submission: Submission = {}
  for (const part of template.parts(data)) {
    if (!Object.hasOwn(raw, part.id)) continue
    const r = parseSubmission([part], { [part.id]: raw[part.id] })
    if (r.ok) Object.assign(submission, r.submission)
  }
  const grade = template.grade(data, submission, { tolerance: toleranceOf(tolerance) })
  return { template, submission, grade }
}
