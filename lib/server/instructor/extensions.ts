/**
 * Extensions: a later due date for one student on one assignment. It moves their due date (no late penalty
 * until then) and their cutoff for late work at least to that date (lib/server/policy). Instructors grant and
 * revoke; TAs may see them.
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import type { Actor } from '../authz'
import { UserError } from '../errors'
import { INSTRUCTOR_ONLY, STAFF_ROLES, courseStudents, idSchema, loadAssignment, optionalDate, parseInput } from './common'

export async function listExtensions(db: Db, actor: Actor, assignmentId: unknown) {
  const { assignment: a, enrollment } = await loadAssignment(db, actor, assignmentId, STAFF_ROLES)
  const students = await courseStudents(db, a.courseId)
  const rows = await db.extension.findMany({ where: { assignmentId: a.id }, orderBy: { dueAt: 'asc' } })
  const byId = new Map(students.map((s) => [s.id, s]))
  return {
    assignment: { id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.course.title, dueAt: a.dueAt, lateCutoffAt: a.lateCutoffAt },
    myRole: enrollment.role,
    students,
    extensions: rows.map((e) => ({ id: e.id, userId: e.userId, name: byId.get(e.userId)?.name ?? '(no longer enrolled)', email: byId.get(e.userId)?.email ?? '', dueAt: e.dueAt, grantedAt: e.createdAt })),
  }
}

export const grantExtensionSchema = z.object({
  assignmentId: idSchema,
  userId: idSchema,
  dueAt: optionalDate.refine((d) => d !== null, 'Enter the new due date.'),
})

/** Grants (or changes) a student's extension. */
export async function grantExtension(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(grantExtensionSchema, raw)
  const { assignment: a, enrollment } = await loadAssignment(db, actor, input.assignmentId, INSTRUCTOR_ONLY)
  const dueAt = input.dueAt as Date
  const student = await db.enrollment.findUnique({ where: { userId_courseId: { userId: input.userId, courseId: a.courseId } } })
  if (student?.role !== 'STUDENT') throw new UserError('invalid', 'Extensions are for students of this course.', { userId: 'Choose a student of this course.' })
  if (a.dueAt && dueAt <= a.dueAt) throw new UserError('invalid', 'An extension must be later than the assignment due date.', { dueAt: `Later than ${a.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.` })
  return db.extension.upsert({
    where: { assignmentId_userId: { assignmentId: a.id, userId: input.userId } },
    update: { dueAt, grantedById: enrollment.userId },
    create: { assignmentId: a.id, userId: input.userId, dueAt, grantedById: enrollment.userId },
  })
}

export async function revokeExtension(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(z.object({ assignmentId: idSchema, userId: idSchema }), raw)
  const { assignment: a } = await loadAssignment(db, actor, input.assignmentId, INSTRUCTOR_ONLY)
  const { count } = await db.extension.deleteMany({ where: { assignmentId: a.id, userId: input.userId } })
  if (count === 0) throw new UserError('not-found', 'That student has no extension on this assignment.')
  return { revoked: true }
}
