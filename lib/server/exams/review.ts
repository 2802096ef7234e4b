/**
 * Review options of an exam, a matrix like Moodle's: for each moment (right after submitting, after the exam
 * closes, after release), what the student may see of their graded work. Pure: no I/O.
 */
import { z } from 'zod'

export const REVIEW_FLAGS = ['score', 'correctness', 'diagnosis', 'correctAnswer', 'derivation'] as const
export type ReviewFlag = (typeof REVIEW_FLAGS)[number]
export const REVIEW_MOMENTS = ['afterSubmit', 'afterClose', 'afterRelease'] as const
export type ReviewMoment = (typeof REVIEW_MOMENTS)[number]

export const FLAG_LABELS: Record<ReviewFlag, string> = {
  score: 'Score',
  correctness: 'Which parts are right',
  diagnosis: 'Named mistakes and feedback',
  correctAnswer: 'Correct answers',
  derivation: 'Worked derivation',
}
export const MOMENT_LABELS: Record<ReviewMoment, string> = {
  afterSubmit: 'Right after submitting',
  afterClose: 'After the exam closes',
  afterRelease: 'After release',
}

const flagsSchema = z.object({
  score: z.boolean().default(false),
  correctness: z.boolean().default(false),
  diagnosis: z.boolean().default(false),
  correctAnswer: z.boolean().default(false),
  derivation: z.boolean().default(false),
})
export type ReviewFlags = z.infer<typeof flagsSchema>

const ALL: ReviewFlags = { score: true, correctness: true, diagnosis: true, correctAnswer: true, derivation: true }
const NONE: ReviewFlags = { score: false, correctness: false, diagnosis: false, correctAnswer: false, derivation: false }

/** Grades hidden until release, everything shown after release: the default for a new exam. */
export const DEFAULT_REVIEW: ReviewOptions = { afterSubmit: NONE, afterClose: NONE, afterRelease: ALL }

export const reviewOptionsSchema = z.object({
  afterSubmit: flagsSchema.default(NONE),
  afterClose: flagsSchema.default(NONE),
  afterRelease: flagsSchema.default(ALL),
})
export type ReviewOptions = z.infer<typeof reviewOptionsSchema>

/** The stored JSON, read leniently: anything unreadable falls back to the default (grades hidden). */
export function parseReview(json: string | null | undefined): ReviewOptions {
  try {
    const r = reviewOptionsSchema.safeParse(JSON.parse(json ?? '{}'))
    return r.success ? r.data : DEFAULT_REVIEW
  } catch {
    return DEFAULT_REVIEW
  }
}

/**
 * The first moment whose column shows the student their score, in the order the moments come; 'afterRelease'
 * also when no column shows it (the score is final at release). LMS grade passback waits for this moment.
 */
export function scoreShownFrom(review: ReviewOptions): ReviewMoment {
  if (review.afterSubmit.score) return 'afterSubmit'
  if (review.afterClose.score) return 'afterClose'
  return 'afterRelease'
}

export const ALL_FLAGS = ALL
export const NO_FLAGS = NONE
