/**
 * Courses and people: create a course (the creator becomes its instructor), join one by code (as a student),
 * and, for instructors, change roles (people are added by invitation: ./invitations). A TA sees the course page
 * but changes no one.
 */
import { randomInt } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { type Actor, type ROLES, requireCourseRole, requireUser, roleSchema } from '../authz'
import { UserError, isUniqueViolation } from '../errors'
import { INSTRUCTOR_ONLY, STAFF_ROLES, idSchema, parseInput } from './common'
import { mayCreateCourse } from '../lti/admin'

/** Join codes: upper-case letters, digits and dashes, e.g. "REG-101"; typed case-insensitively. */
export const joinCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .min(4, 'A join code has at least 4 characters.')
  .max(24, 'A join code has at most 24 characters.')
  .regex(/^[A-Z0-9-]+$/, 'A join code uses only letters, digits and dashes.')

export const createCourseSchema = z.object({
  title: z.string().trim().min(1, 'Enter a course title.').max(120, 'A title has at most 120 characters.'),
  joinCode: z.preprocess((v) => (v === '' ? undefined : v), joinCodeSchema.optional()),
})

// Without 0/O and 1/I, so a code read aloud or off a projector is typed right.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
export function randomJoinCode(): string {
  const pick = () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return `${Array.from({ length: 4 }, pick).join('')}-${Array.from({ length: 4 }, pick).join('')}`
}

/** Courses the actor teaches (as instructor or TA). */
export async function listTeaching(db: Db, actor: Actor) {
  const { userId } = requireUser(actor)
  const rows = await db.enrollment.findMany({
    where: { userId, role: { in: [...STAFF_ROLES] } },
    include: { course: { include: { _count: { select: { assignments: true, enrollments: { where: { role: 'STUDENT' } } } } } } },
    orderBy: { createdAt: 'asc' },
  })
  return rows.map((r) => ({
    id: r.courseId,
    title: r.course.title,
    role: roleSchema.parse(r.role),
    joinCode: r.course.joinCode,
    students: r.course._count.enrollments,
    assignments: r.course._count.assignments,
  }))
}

/** A signed-in user the site's course-creation policy allows (default: anyone) creates a course and teaches it. */
export async function createCourse(db: Db, actor: Actor, raw: unknown) {
  const { userId } = requireUser(actor)
  if (!(await mayCreateCourse(db, actor))) throw new UserError('forbidden', 'On this site, courses are created by the people a site administrator chose. Ask them to create one for you.')
  const input = parseInput(createCourseSchema, raw)
  for (let tries = 0; tries < 5; tries++) {
    const joinCode = input.joinCode ?? randomJoinCode()
    try {
      return await db.course.create({
        data: { title: input.title, joinCode, enrollments: { create: { userId, role: 'INSTRUCTOR' } } },
      })
    } catch (e) {
      if (!isUniqueViolation(e)) throw e
      if (input.joinCode) throw new UserError('conflict', 'That join code is taken by another course; choose another.', { joinCode: 'Already in use.' })
    }
  }
  throw new UserError('conflict', 'Could not find a free join code; please try again.')
}

/** The course page for staff: join code, people with roles, assignments. */
export async function courseHome(db: Db, actor: Actor, courseId: unknown) {
  const id = parseInput(idSchema, courseId, 'That course id is not valid.')
  const me = await requireCourseRole(db, actor, id, STAFF_ROLES)
  const course = await db.course.findUniqueOrThrow({
    where: { id },
    include: {
      enrollments: { include: { user: { select: { id: true, name: true, email: true } } } },
      assignments: { include: { _count: { select: { items: true } } }, orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }] },
    },
  })
  const order = { INSTRUCTOR: 0, TA: 1, STUDENT: 2 } as const
  const people = course.enrollments
    .map((e) => ({ userId: e.userId, name: e.user.name, email: e.user.email, role: roleSchema.parse(e.role), joinedAt: e.createdAt }))
    .sort((a, b) => order[a.role] - order[b.role] || a.name.localeCompare(b.name))
  return {
    id: course.id,
    title: course.title,
    joinCode: course.joinCode,
    myRole: me.role,
    people,
    assignments: course.assignments.map((a) => ({ id: a.id, title: a.title, opensAt: a.opensAt, dueAt: a.dueAt, items: a._count.items })),
  }
}

export const changeRoleSchema = z.object({ courseId: idSchema, userId: idSchema, role: z.union([roleSchema, z.literal('REMOVE')]) })

/** Change someone's role, or remove them from the course ("REMOVE"). The last instructor cannot leave. */
export async function changeRole(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(changeRoleSchema, raw)
  await requireCourseRole(db, actor, input.courseId, INSTRUCTOR_ONLY)
  const existing = await db.enrollment.findUnique({ where: { userId_courseId: { userId: input.userId, courseId: input.courseId } } })
  if (!existing) throw new UserError('not-found', 'That person is not in this course.')
  if (input.role === 'REMOVE') {
    await db.$transaction(async (tx) => {
      await guardLastInstructor(tx, input.courseId, input.userId, null)
      await tx.enrollment.delete({ where: { id: existing.id } })
    })
    return { removed: true as const }
  }
  return setRole(db, input.courseId, input.userId, input.role)
}

async function setRole(db: Db, courseId: string, userId: string, role: (typeof ROLES)[number]) {
  return db.$transaction(async (tx) => {
    await guardLastInstructor(tx, courseId, userId, role)
    return tx.enrollment.upsert({
      where: { userId_courseId: { userId, courseId } },
      update: { role },
      create: { userId, courseId, role },
    })
  })
}

async function guardLastInstructor(db: Pick<Db, 'enrollment'>, courseId: string, userId: string, newRole: string | null) {
  if (newRole === 'INSTRUCTOR') return
  const current = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } })
  if (current?.role !== 'INSTRUCTOR') return
  const instructors = await db.enrollment.count({ where: { courseId, role: 'INSTRUCTOR' } })
  if (instructors <= 1) throw new UserError('conflict', 'A course needs at least one instructor: add another instructor first.')
}

/** A new random join code (the old one stops working). */
export async function regenerateJoinCode(db: Db, actor: Actor, courseId: unknown) {
  const id = parseInput(idSchema, courseId, 'That course id is not valid.')
  await requireCourseRole(db, actor, id, INSTRUCTOR_ONLY)
  for (let tries = 0; tries < 5; tries++) {
    try {
      return await db.course.update({ where: { id }, data: { joinCode: randomJoinCode() } })
    } catch (e) {
      if (!isUniqueViolation(e)) throw e
    }
  }
  throw new UserError('conflict', 'Could not find a free join code; please try again.')
}

export const joinCourseSchema = z.object({ code: joinCodeSchema })

/**
 * A signed-in user joins the course with that code as a student. Joining twice is harmless and keeps the
 * existing role (an instructor who types their own code stays instructor).
 */
export async function joinCourse(db: Db, actor: Actor, raw: unknown) {
  const { userId } = requireUser(actor)
  const { code } = parseInput(joinCourseSchema, raw)
  const course = await db.course.findUnique({ where: { joinCode: code } })
  if (!course) throw new UserError('not-found', 'No course has that join code. Check it with your instructor.', { code: 'Unknown join code.' })
  const where = { userId_courseId: { userId, courseId: course.id } }
  const existing = await db.enrollment.findUnique({ where })
  if (existing) return { courseId: course.id, title: course.title, role: roleSchema.parse(existing.role), alreadyEnrolled: true }
  try {
    await db.enrollment.create({ data: { userId, courseId: course.id, role: 'STUDENT' } })
  } catch (e) {
    if (!isUniqueViolation(e)) throw e
  }
  return { courseId: course.id, title: course.title, role: 'STUDENT' as const, alreadyEnrolled: false }
}
