/**
 * Errors a user can cause, with a sentence for that user. Route handlers and server actions turn them into
 * a 4xx response or a form message; anything else is a bug and is logged, never shown as a stack trace.
 */
export type UserErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'invalid'
  | 'conflict'
  | 'closed'
  | 'too-large'
  | 'unsupported-media-type'
  | 'rate-limited'

const STATUS: Record<UserErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  invalid: 400,
  conflict: 409,
  closed: 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
}

export class UserError extends Error {
  readonly code: UserErrorCode
  /** Per-field messages for forms, when the input was invalid. */
  readonly fieldErrors?: Record<string, string>
  constructor(code: UserErrorCode, message: string, fieldErrors?: Record<string, string>) {
    super(message)
    this.name = 'UserError'
    this.code = code
    this.fieldErrors = fieldErrors
  }
  get status(): number {
    return STATUS[this.code]
  }
}

/** Too many tries: a 429 whose Retry-After says when the next try is accepted. */
export class RateLimitedError extends UserError {
  readonly retryAfterSeconds: number
  constructor(message: string, retryAfterSeconds: number) {
    super('rate-limited', message)
    this.name = 'RateLimitedError'
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds))
  }
}

export const isUserError = (e: unknown): e is UserError => e instanceof UserError

/** Prisma's unique-constraint violation, on either provider. */
export function isUniqueViolation(e: unknown, field?: string): boolean {
  const err = e as { code?: string; meta?: { target?: unknown; modelName?: string; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } }
  if (err?.code !== "P2002") return false
  if (!field) return true
  const text = JSON.stringify(err.meta ?? {})
  return text.includes(field)
}

/** Flattens a zod error into { field: first message } for forms. */
export function fieldErrorsOf(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const i of issues) {
    const k = i.path.map(String).join('.') || '_'
    out[k] ??= i.message
  }
  return out
}
