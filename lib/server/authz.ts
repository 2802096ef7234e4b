/**
 * Who is asking, and what their role in a course allows. Every use case in lib/server calls one of these
 * before it reads or writes anything.
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { UserError } from './errors'

export const ROLES = ['STUDENT', 'TA', 'INSTRUCTOR'] as const
export type Role = (typeof ROLES)[number]
export const roleSchema = z.enum(ROLES)
export const STAFF: Role[] = ['TA', 'INSTRUCTOR']

/**
 * The signed-in user making a request, or null for an anonymous visitor. `sessionVersion` is the version
 * carried by the session token when it has not been checked against the user's yet: a use case that reads
 * the user's row anyway (the submission path) checks it there, so the request needs no extra query.
 */
export type Actor = { userId: string; sessionVersion?: number } | null

export function requireUser(actor: Actor): { userId: string } {
  if (!actor?.userId) throw new UserError('unauthenticated', 'Please sign in to continue.')
  return actor
}

/**
 * The actor's enrollment in the course, if their role is one of `allowed`.
 * Not enrolled → not-found (a course one cannot see does not exist for them); wrong role → forbidden.
 */
export async function requireCourseRole(db: Db, actor: Actor, courseId: string, allowed: readonly Role[]) {
  const { userId } = requireUser(actor)
  const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } })
  if (!enrollment) throw notEnrolled()
  return { ...enrollment, role: assertRole(enrollment.role, allowed) }
}

const notEnrolled = () => new UserError('not-found', 'That course was not found, or you are not enrolled in it.')

/**
 * The rule of requireCourseRole for a role already read (null: not enrolled): not enrolled → not-found,
 * a role not in `allowed` → forbidden.
 */
export function assertRole(stored: string | null, allowed: readonly Role[]): Role {
  if (stored === null) throw notEnrolled()
  const role = roleSchema.parse(stored)
  if (!allowed.includes(role)) {
    throw new UserError('forbidden', `Only ${roleWords(allowed)} of this course can open this.`)
  }
  return role
}

const ROLE_WORDS: Record<Role, string> = { STUDENT: 'students', TA: 'teaching assistants', INSTRUCTOR: 'instructors' }
const roleWords = (roles: readonly Role[]) => roles.map((r) => ROLE_WORDS[r]).join(' and ')

/** The actor's role in a course, or null when not enrolled. */
export async function courseRole(db: Db, actor: Actor, courseId: string): Promise<Role | null> {
  if (!actor?.userId) return null
  const e = await db.enrollment.findUnique({ where: { userId_courseId: { userId: actor.userId, courseId } } })
  return e ? roleSchema.parse(e.role) : null
}

/** Whether the user is a TA or instructor in any course (the site header links to the teaching pages then). */
export async function teachesAnyCourse(db: Db, actor: Actor): Promise<boolean> {
  if (!actor?.userId) return false
  return (await db.enrollment.count({ where: { userId: actor.userId, role: { in: STAFF } } })) > 0
}
