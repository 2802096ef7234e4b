/**
 * The course-wide gradebook for staff: students × assignments, each cell the points earned (best penalized
 * attempt per question, as on the student dashboard), with late and override marks, and totals.
 */
import type { Db } from '@/lib/db'
import { type Actor, requireCourseRole } from '../authz'
import { creditKey, creditsFor } from '../credits'
import { STAFF_ROLES, courseStudents, idSchema, parseInput } from './common'

export async function courseGradebook(db: Db, actor: Actor, courseId: unknown) {
  const id = parseInput(idSchema, courseId, 'That course id is not valid.')
  const enrollment = await requireCourseRole(db, actor, id, STAFF_ROLES)
  const course = await db.course.findUniqueOrThrow({
    where: { id },
    include: { assignments: { include: { items: true }, orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }] } },
  })
  const students = await courseStudents(db, id)
  const itemIds = course.assignments.flatMap((a) => a.items.map((i) => i.id))
  const attempts = await db.attempt.findMany({
    where: { itemId: { in: itemIds } },
    select: { itemId: true, userId: true, score: true, late: true, gradeChanges: { where: { kind: 'OVERRIDE' }, select: { id: true } } },
    orderBy: [{ score: 'desc' }, { number: 'asc' }],
  })
  // The counted attempt per (student, question): the first seen, since they come best first.
  const counted = new Map<string, { score: number; late: boolean; overridden: boolean }>()
  for (const t of attempts) {
    const k = creditKey(t.userId, t.itemId)
    if (!counted.has(k)) counted.set(k, { score: t.score, late: t.late, overridden: t.gradeChanges.length > 0 })
  }
  // Credit given by hand counts when above every attempt, and marks the cell as overridden.
  for (const [k, credit] of await creditsFor(db, itemIds)) {
    const c = counted.get(k)
    if (!c || credit > c.score) counted.set(k, { score: credit, late: false, overridden: true })
  }
  const assignments = course.assignments.map((a) => ({ id: a.id, title: a.title, dueAt: a.dueAt, points: a.items.reduce((s, i) => s + i.points, 0) }))
  const totalPoints = assignments.reduce((s, a) => s + a.points, 0)
  const rows = students.map((s) => {
    const cells = course.assignments.map((a) => {
      let points = 0
      let attempted = false
      let late = false
      let overridden = false
      for (const i of a.items) {
        const c = counted.get(`${s.id}\u001f${i.id}`)
        if (!c) continue
        attempted = true
        points += c.score * i.points
        late ||= c.late
        overridden ||= c.overridden
      }
      return { assignmentId: a.id, points: attempted ? points : null, late, overridden }
    })
    const total = cells.reduce((sum, c) => sum + (c.points ?? 0), 0)
    return { userId: s.id, name: s.name, email: s.email, cells, total, fraction: totalPoints > 0 ? total / totalPoints : 0 }
  })
  return { course: { id: course.id, title: course.title }, myRole: enrollment.role, assignments, totalPoints, rows }
}
