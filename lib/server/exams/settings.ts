/**
 * The exam part of an assignment, as the builder edits it: kind, time limit, access code, navigation,
 * per-question checking and the review matrix. An assignment with settings is an exam; without, homework.
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { enqueueAssignmentScores } from '../lti/outbox'
import { DEFAULT_REVIEW, parseReview, reviewOptionsSchema } from './review'
import { scoreMayLeave } from './visibility'

/** The shortest limit allowed: one minute (a one-question check). Fractions of a minute above it are allowed (7.5). */
export const MIN_LIMIT_MINUTES = 1
export const MAX_LIMIT_MINUTES = 24 * 60

export const examInputSchema = z.object({
  /** Minutes, fractions allowed (7.5 = 7 minutes 30 seconds). */
  timeLimitMinutes: z.coerce
    .number({ message: 'The time limit must be a number of minutes.' })
    .min(MIN_LIMIT_MINUTES, 'The time limit is at least 1 minute.')
    .max(MAX_LIMIT_MINUTES, 'The time limit is at most 24 hours.'),
  accessCode: z
    .string()
    .trim()
    .max(64, 'An access code has at most 64 characters.')
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .default(null),
  oneAtATime: z.boolean().default(false),
  perQuestionCheck: z.boolean().default(false),
  review: reviewOptionsSchema.default(DEFAULT_REVIEW),
})
export type ExamInput = z.infer<typeof examInputSchema>

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * Makes the assignment an exam with these settings, or homework when `exam` is null. When the change shows
 * students scores that were hidden from them (review options, or the exam made homework), those scores are
 * queued for the LMS in the same write (lib/server/lti/outbox), as they would have been under the new options.
 */
export async function saveExamSettings(db: Db | Tx, assignmentId: string, exam: ExamInput | null, now: Date = new Date()): Promise<void> {
  const before = await db.examSettings.findUnique({ where: { assignmentId }, select: { review: true, releaseAt: true, closeNotifiedAt: true } })
  const heldBack = !!before && !scoreMayLeave(before, now)
  if (!exam) {
    await db.examSettings.deleteMany({ where: { assignmentId } })
    if (heldBack) await enqueueAssignmentScores(db, assignmentId, now)
    return
  }
  const data = {
    timeLimitSeconds: Math.round(exam.timeLimitMinutes * 60),
    accessCode: exam.accessCode,
    oneAtATime: exam.oneAtATime,
    perQuestionCheck: exam.perQuestionCheck,
    review: JSON.stringify(exam.review),
  }
  await db.examSettings.upsert({ where: { assignmentId }, update: data, create: { assignmentId, ...data } })
  if (heldBack && before && scoreMayLeave({ ...before, review: data.review }, now)) await enqueueAssignmentScores(db, assignmentId, now)
}

/** The settings as the builder shows them, or null for homework. */
export async function examSettingsForEdit(db: Db, assignmentId: string): Promise<ExamInput | null> {
  const e = await db.examSettings.findUnique({ where: { assignmentId } })
  if (!e) return null
  return {
    timeLimitMinutes: e.timeLimitSeconds / 60,
    accessCode: e.accessCode,
    oneAtATime: e.oneAtATime,
    perQuestionCheck: e.perQuestionCheck,
    review: parseReview(e.review),
  }
}
