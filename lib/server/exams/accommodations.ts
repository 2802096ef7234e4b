/**
 * Per-student accommodations on an exam: more time (a multiplier and/or extra minutes) and a different window.
 * A change also moves the deadline of a sitting in progress.
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import type { Actor } from '../authz'
import { UserError } from '../errors'
import { INSTRUCTOR_ONLY, STAFF_ROLES, courseStudents, idSchema, loadAssignment, optionalDate, parseInput } from '../instructor/common'
import { sessionDeadline } from './timing'

export const accommodationSchema = z
  .object({
    assignmentId: idSchema,
    userId: idSchema,
    timeMultiplier: z.coerce.number({ message: 'The multiplier must be a number.' }).min(1, 'The multiplier is at least 1.').max(5, 'The multiplier is at most 5.').default(1),
    extraMinutes: z.coerce.number({ message: 'Extra minutes must be a number.' }).min(0, 'Extra minutes are at least 0.').max(24 * 60, 'At most 24 hours extra.').default(0),
    opensAt: optionalDate.default(null),
    closesAt: optionalDate.default(null),
  })
  .refine((a) => !a.opensAt || !a.closesAt || a.closesAt > a.opensAt, { path: ['closesAt'], message: 'The window must close after it opens.' })

async function requireExam(db: Db, assignmentId: string) {
  const exam = await db.examSettings.findUnique({ where: { assignmentId } })
  if (!exam) throw new UserError('invalid', 'Accommodations are for exams; use an extension for homework.')
  return exam
}

export async function listAccommodations(db: Db, actor: Actor, assignmentId: unknown) {
  const { assignment: a, enrollment } = await loadAssignment(db, actor, assignmentId, STAFF_ROLES)
  const exam = await requireExam(db, a.id)
  const [students, rows] = await Promise.all([courseStudents(db, a.courseId), db.examAccommodation.findMany({ where: { assignmentId: a.id } })])
  const byId = new Map(students.map((s) => [s.id, s]))
  return {
    assignment: { id: a.id, title: a.title, opensAt: a.opensAt, dueAt: a.dueAt },
    timeLimitSeconds: exam.timeLimitSeconds,
    myRole: enrollment.role,
    students,
    accommodations: rows.map((r) => ({ ...r, name: byId.get(r.userId)?.name ?? '(no longer enrolled)', email: byId.get(r.userId)?.email ?? '' })),
  }
}

export async function grantAccommodation(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(accommodationSchema, raw)
  const { assignment: a, enrollment } = await loadAssignment(db, actor, input.assignmentId, INSTRUCTOR_ONLY)
  const exam = await requireExam(db, a.id)
  const student = await db.enrollment.findUnique({ where: { userId_courseId: { userId: input.userId, courseId: a.courseId } } })
  if (student?.role !== 'STUDENT') throw new UserError('invalid', 'Accommodations are for students of this course.', { userId: 'Choose a student of this course.' })
  const data = {
    timeMultiplier: input.timeMultiplier,
    extraSeconds: Math.round(input.extraMinutes * 60),
    opensAt: input.opensAt,
    closesAt: input.closesAt,
    grantedById: enrollment.userId,
  }
  const acc = await db.examAccommodation.upsert({
    where: { assignmentId_userId: { assignmentId: a.id, userId: input.userId } },
    update: data,
    create: { assignmentId: a.id, userId: input.userId, ...data },
  })
  // A sitting in progress gets the new deadline.
  const session = await db.examSession.findUnique({ where: { assignmentId_userId: { assignmentId: a.id, userId: input.userId } } })
  if (session?.status === 'ACTIVE') {
    const ext = await db.extension.findUnique({ where: { assignmentId_userId: { assignmentId: a.id, userId: input.userId } } })
    const deadlineAt = sessionDeadline({ timeLimitSeconds: exam.timeLimitSeconds, opensAt: a.opensAt, dueAt: a.dueAt }, session.startedAt, acc, ext?.dueAt)
    await db.examSession.updateMany({ where: { id: session.id, status: 'ACTIVE' }, data: { deadlineAt } })
  }
  return acc
}

export async function revokeAccommodation(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(z.object({ assignmentId: idSchema, userId: idSchema }), raw)
  const { assignment: a } = await loadAssignment(db, actor, input.assignmentId, INSTRUCTOR_ONLY)
  const { count } = await db.examAccommodation.deleteMany({ where: { assignmentId: a.id, userId: input.userId } })
  if (count === 0) throw new UserError('not-found', 'That student has no accommodation on this exam.')
  return { revoked: true }
}
