/**
 * Text that no store accepts: a NUL character (PostgreSQL refuses it in text columns, with a 500 and a stack
 * trace if it gets that far) or invalid UTF-16 (a lone surrogate, which has no UTF-8 encoding). Refused at the
 * edge with one message, on both databases alike.
 */
import { UserError } from '../errors'

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export const BAD_TEXT_MESSAGE = 'The request contains a character that is not allowed (a NUL or an invalid Unicode character); nothing was saved.'

export function isBadText(s: string): boolean {
  return s.includes('\0') || LONE_SURROGATE.test(s)
}

/** True when any string in a JSON value (keys included) is bad text. */
export function containsBadText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return isBadText(value)
  if (depth > 64 || value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.some((v) => containsBadText(v, depth + 1))
  for (const [k, v] of Object.entries(value)) if (isBadText(k) || containsBadText(v, depth + 1)) return true
  return false
}

/** True when a form field's name or text value is bad text. */
export function formHasBadText(form: FormData): boolean {
  return [...form.entries()].some(([k, v]) => isBadText(k) || (typeof v === 'string' && isBadText(v)))
}

/** Throws a 400 when a JSON value, FormData or list of strings holds bad text. */
export function assertCleanText(value: unknown): void {
  if (value instanceof FormData ? formHasBadText(value) : containsBadText(value)) throw new UserError('invalid', BAD_TEXT_MESSAGE)
}
