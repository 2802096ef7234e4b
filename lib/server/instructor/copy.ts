/**
 * Copying an assignment into a course: its questions (template, parameters, points, tolerance), dates, policies
 * and exam settings; never students' datasets, attempts or extensions. The copier reads the source as staff of
 * its course and must be an instructor of the target course (the role that creates assignments there).
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { type Actor, requireCourseRole, requireUser } from '../authz'
import { examSettingsForEdit, saveExamSettings } from '../exams/settings'
import { policyData } from './assignments'
import { INSTRUCTOR_ONLY, STAFF_ROLES, idSchema, loadAssignment, parseInput } from './common'

export const copyAssignmentSchema = z.object({
  assignmentId: idSchema,
  courseId: idSchema,
  /** Empty: the source's title, with " (copy)" when copied into the same course. */
  title: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(200, 'A title has at most 200 characters.').optional()),
})

/** The courses the actor may copy this assignment into: those they teach as instructor. */
export async function copyTargets(db: Db, actor: Actor, assignmentId: unknown) {
  const { assignment } = await loadAssignment(db, actor, assignmentId, STAFF_ROLES)
  const { userId } = requireUser(actor)
  const rows = await db.enrollment.findMany({ where: { userId, role: { in: [...INSTRUCTOR_ONLY] } }, include: { course: { select: { id: true, title: true } } }, orderBy: { createdAt: 'asc' } })
  return rows.map((r) => ({ id: r.course.id, title: r.course.title, current: r.course.id === assignment.courseId }))
}

export async function copyAssignment(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(copyAssignmentSchema, raw)
  const { assignment: a } = await loadAssignment(db, actor, input.assignmentId, STAFF_ROLES)
  await requireCourseRole(db, actor, input.courseId, INSTRUCTOR_ONLY)
  const exam = await examSettingsForEdit(db, a.id)
  const title = input.title ?? (input.courseId === a.courseId ? `${a.title} (copy)`.slice(0, 200) : a.title)
  return db.$transaction(async (tx) => {
    const created = await tx.assignment.create({
      data: {
        courseId: input.courseId,
        ...policyData({ ...a, title }),
        items: { create: a.items.map((i) => ({ templateId: i.templateId, params: i.params, points: i.points, position: i.position, tolerance: i.tolerance })) },
      },
    })
    await saveExamSettings(tx, created.id, exam)
    return { id: created.id, courseId: created.courseId, title: created.title }
  })
}
