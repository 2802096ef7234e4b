/**
 * Answers, Perseus-style: `validateAnswer` turns raw form input into an AnswerValue or a student-facing
 * message (an invalid input is not an attempt); `scoreAnswer` compares a parsed value with an expected one.
 * Browser-safe: no Node-only imports.
 */
import { z } from 'zod'
import type { AnswerKind, AnswerValue, PartSpec, Submission, Tolerance } from '../types'
import { scoreChoice, validateChoice } from './choice'
import { MAX_LENGTH, scoreNumber, validateNumber } from './number'
import { scoreOrder, validateOrder } from './order'
import type { RawInput, Validation } from './result'
import { scoreSparsity, validateSparsity } from './sparsity'
import { DEFAULT_TOLERANCE } from './tolerance'
import { scoreVector, validateVector } from './vector'

export { type Interpretation, interpretNumber, MAX_LENGTH, outsideDomain, scoreNumber, validateNumber } from './number'
export { scoreChoice, validateChoice } from './choice'
export { scoreSparsity, validateSparsity } from './sparsity'
export { scoreVector, validateVector } from './vector'
export { scoreOrder, validateOrder } from './order'
export type { RawInput, Validation } from './result'
export { DEFAULT_TOLERANCE, precisionSentence, resolveTolerance, sigFigUnit, withinTolerance } from './tolerance'

export function validateAnswer(kind: AnswerKind, raw: RawInput): Validation<AnswerValue> {
  switch (kind.type) {
    case 'number':
      return validateNumber(raw, kind)
    case 'choice':
      return validateChoice(raw, kind)
    case 'sparsity':
      return validateSparsity(raw, kind)
    case 'vector':
      return validateVector(raw, kind)
    case 'order':
      return validateOrder(raw, kind)
  }
}

const isNumberOrNull = (x: AnswerValue): x is number | null => x === null || typeof x === 'number'
const isStrings = (x: AnswerValue): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string')
const isNumbers = (x: AnswerValue): x is number[] => Array.isArray(x) && x.every((s) => typeof s === 'number')

/** Score 0..1 of `actual` against `expected` for this kind; a value of the wrong shape scores 0. */
export function scoreAnswer(kind: AnswerKind, actual: AnswerValue, expected: AnswerValue, tol: Tolerance = DEFAULT_TOLERANCE): number {
  switch (kind.type) {
    case 'number':
      return isNumberOrNull(actual) && isNumberOrNull(expected) ? scoreNumber(actual, expected, tol) : 0
    case 'choice': {
      const ok = (x: AnswerValue) => typeof x === 'string' || isStrings(x)
      return ok(actual) && ok(expected) ? scoreChoice(actual as string | string[], expected as string | string[]) : 0
    }
    case 'sparsity':
      return isStrings(actual) && isStrings(expected) ? scoreSparsity(actual, expected, kind.labels) : 0
    case 'vector':
      return isNumbers(actual) && isNumbers(expected) ? scoreVector(actual, expected, tol) : 0
    case 'order':
      return isStrings(actual) && isStrings(expected) ? scoreOrder(actual, expected) : 0
  }
}

/** True when `actual` gets full marks against `expected`. */
export function answersMatch(kind: AnswerKind, actual: AnswerValue, expected: AnswerValue, tol?: Tolerance): boolean {
  return scoreAnswer(kind, actual, expected, tol) === 1
}

/**
 * The shape accepted at the server boundary: part id → text, or list of texts. The per-string cap is far above
 * any answer (MAX_LENGTH): an over-long answer reaches the part's validator, which says in a sentence how long
 * an answer may be, instead of failing the whole form.
 */
const RAW_TEXT_CAP = 20_000
export const rawSubmissionSchema = z.record(z.string().max(64), z.union([z.string().max(RAW_TEXT_CAP), z.array(z.string().max(RAW_TEXT_CAP)).max(100)]))
export type RawSubmission = z.infer<typeof rawSubmissionSchema>

export type ParsedSubmission = { ok: true; submission: Submission } | { ok: false; errors: Record<string, string> }

/**
 * Validates a whole raw submission against the parts. Every part must be answered (a sparsity part left
 * empty means "no coefficient is zero"); keys that are not part ids are ignored. On failure, `errors` has one
 * student-facing message per offending part id ("_form" when the shape itself is wrong).
 */
export function parseSubmission(parts: PartSpec[], raw: unknown): ParsedSubmission {
  const shape = rawSubmissionSchema.safeParse(raw)
  if (!shape.success) {
    return { ok: false, errors: { _form: `The answers could not be read: each answer may have at most ${MAX_LENGTH} characters, and a question at most 100 answer fields.` } }
  }
  // Only the question's parts: anything else would be stored (and exported) verbatim.
  const unknown = Object.keys(shape.data).filter((k) => !parts.some((p) => p.id === k))
  if (unknown.length > 0) return { ok: false, errors: { _form: 'The answers name parts this question does not have. Reload the page and try again.' } }
  const submission: Submission = {}
  const errors: Record<string, string> = {}
  for (const part of parts) {
    const input = Object.hasOwn(shape.data, part.id) ? shape.data[part.id] : undefined
    const r = validateAnswer(part.answer, input)
    if (r.ok) submission[part.id] = r.value
    else errors[part.id] = r.message
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, submission }
}
