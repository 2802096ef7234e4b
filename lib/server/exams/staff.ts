/** The exam as staff see it: settings, who started and submitted, and the release state. */
import type { Db } from '@/lib/db'
import type { Actor } from '../authz'
import { UserError } from '../errors'
import { STAFF_ROLES, loadAssignment } from '../instructor/common'
import { parseReview } from './review'

export async function examStatusForStaff(db: Db, actor: Actor, assignmentId: unknown, now: Date = new Date()) {
  const { assignment: a, enrollment } = await loadAssignment(db, actor, assignmentId, STAFF_ROLES)
  const exam = await db.examSettings.findUnique({ where: { assignmentId: a.id } })
  if (!exam) throw new UserError('not-found', 'This assignment is homework, not an exam.')
  const sessions = await db.examSession.groupBy({ by: ['status', 'submittedBy'], where: { assignmentId: a.id }, _count: { _all: true } })
  const count = (f: (s: (typeof sessions)[number]) => boolean) => sessions.filter(f).reduce((n, s) => n + s._count._all, 0)
  return {
    assignment: { id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.course.title, opensAt: a.opensAt, dueAt: a.dueAt },
    myRole: enrollment.role,
    timeLimitSeconds: exam.timeLimitSeconds,
    accessCode: exam.accessCode,
    oneAtATime: exam.oneAtATime,
    perQuestionCheck: exam.perQuestionCheck,
    review: parseReview(exam.review),
    sitting: count((s) => s.status === 'ACTIVE'),
    submitted: count((s) => s.status === 'SUBMITTED'),
    submittedAtDeadline: count((s) => s.status === 'SUBMITTED' && s.submittedBy === 'DEADLINE'),
    releaseAt: exam.releaseAt,
    released: !!exam.releaseAt && exam.releaseAt <= now,
  }
}
