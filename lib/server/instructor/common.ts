/**
 * Shared by the instructor use cases: id and date parsing at the boundary, and loading a course's assignment,
 * item or attempt together with the actor's role in that course (authorization first, always).
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { type Actor, type Role, requireCourseRole } from '../authz'
import { isBadText } from '../edge/text'
import { UserError, fieldErrorsOf } from '../errors'

export const STAFF_ROLES: readonly Role[] = ['TA', 'INSTRUCTOR']
export const INSTRUCTOR_ONLY: readonly Role[] = ['INSTRUCTOR']

export const idSchema = z
  .string()
  .trim()
  .min(1, 'Missing id.')
  .max(64, 'That id is too long.')
  .refine((s) => !isBadText(s), 'That id is not valid.')

/** Parses `raw` with `schema`, or throws an "invalid" UserError with one message per field. */
export function parseInput<T>(schema: z.ZodType<T>, raw: unknown, message = 'Please correct the marked fields.'): T {
  const r = schema.safeParse(raw)
  if (!r.success) throw new UserError('invalid', message, fieldErrorsOf(r.error.issues))
  return r.data
}

/**
 * A date from a form or JSON: a Date, an ISO string, or `YYYY-MM-DDTHH:mm` from a datetime-local input, read
 * as UTC (the app shows every date in UTC). Empty → null.
 */
export const optionalDate = z.preprocess(
  (v) => {
    if (v === '' || v === null || v === undefined) return null
    if (v instanceof Date) return v
    if (typeof v === 'string') {
      const s = v.trim()
      const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(s) ? `${s}Z` : s
      return new Date(local)
    }
    return v
  },
  z.date({ message: 'Enter a date and time.' }).refine((d) => !Number.isNaN(d.getTime()), 'Enter a valid date and time.').nullable(),
)

/** Why a grade was changed by hand or by a regrade: kept in the audit log. */
export const changeReason = z.string().trim().min(3, 'Give a reason (it is kept in the audit log).').max(1000, 'The reason has at most 1000 characters.')
/** "Show the reason to the student", a checkbox: "on"/"true" from a form, a boolean from JSON; absent means no. */
export const shareReasonSchema = z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()).default(false)

/** The assignment (with its course id) and the actor's enrollment, if their role is allowed. */
export async function loadAssignment(db: Db, actor: Actor, assignmentId: unknown, roles: readonly Role[]) {
  const id = parseInput(idSchema, assignmentId, 'That assignment id is not valid.')
  // Authorization needs the course: read only the course id before checking the role.
  const ref = await db.assignment.findUnique({ where: { id }, select: { courseId: true } })
  if (!ref) {
    // Same answer for "does not exist" and "not yours", after the sign-in check.
    await requireSignedIn(actor)
    throw new UserError('not-found', 'That assignment was not found.')
  }
  const enrollment = await requireCourseRole(db, actor, ref.courseId, roles)
  const assignment = await db.assignment.findUniqueOrThrow({
    where: { id },
    include: { course: true, items: { orderBy: { position: 'asc' } } },
  })
  return { assignment, enrollment }
}

export async function loadItem(db: Db, actor: Actor, itemId: unknown, roles: readonly Role[]) {
  const id = parseInput(idSchema, itemId, 'That question id is not valid.')
  const ref = await db.assignmentItem.findUnique({ where: { id }, select: { assignment: { select: { courseId: true } } } })
  if (!ref) {
    await requireSignedIn(actor)
    throw new UserError('not-found', 'That question was not found.')
  }
  const enrollment = await requireCourseRole(db, actor, ref.assignment.courseId, roles)
  const item = await db.assignmentItem.findUniqueOrThrow({ where: { id }, include: { assignment: { include: { course: true } } } })
  return { item, enrollment }
}

export async function loadAttempt(db: Db, actor: Actor, attemptId: unknown, roles: readonly Role[]) {
  const id = parseInput(idSchema, attemptId, 'That attempt id is not valid.')
  const ref = await db.attempt.findUnique({ where: { id }, select: { item: { select: { assignment: { select: { courseId: true } } } } } })
  if (!ref) {
    await requireSignedIn(actor)
    throw new UserError('not-found', 'That attempt was not found.')
  }
  const enrollment = await requireCourseRole(db, actor, ref.item.assignment.courseId, roles)
  const attempt = await db.attempt.findUniqueOrThrow({
    where: { id },
    include: { item: { include: { assignment: true } }, variant: true, user: { select: { id: true, name: true, email: true } } },
  })
  return { attempt, enrollment }
}

async function requireSignedIn(actor: Actor) {
  if (!actor?.userId) throw new UserError('unauthenticated', 'Please sign in to continue.')
}

/** The students of a course, by name. */
export async function courseStudents(db: Db, courseId: string) {
  const rows = await db.enrollment.findMany({
    where: { courseId, role: 'STUDENT' },
    include: { user: { select: { id: true, name: true, email: true } } },
  })
  return rows.map((r) => r.user).sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email))
}
