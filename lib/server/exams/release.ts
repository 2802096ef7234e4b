/**
 * Releasing an exam's results, at once or on a date, and the event point for whoever must act on a release
 * (LTI grade passback, notifications).
 *
 * `onExamReleased(listener)` registers a listener. It runs exactly once per release, inside the transaction that
 * claims the release (a conditional update of releaseNotifiedAt), so a listener that writes rows with `tx`
 * (an outbox) commits together with the claim, and a crash leaves the release to be handed out again.
 * A release on a date is handed out by the sweep once the date has passed.
 */
import type { Db } from '@/lib/db'
import { type Tx, eventPoint } from './events'
import type { Actor } from '../authz'
import { UserError } from '../errors'
import { INSTRUCTOR_ONLY, loadAssignment, optionalDate, parseInput } from '../instructor/common'
import { z } from 'zod'

export interface ExamReleasedEvent {
  assignmentId: string
  courseId: string
  releasedAt: Date
  tx: Tx
}
export type ExamReleasedListener = (e: ExamReleasedEvent) => Promise<void>

const point = eventPoint<ExamReleasedEvent>('__lassolabExamReleased')
const listeners = point.listeners

/** Registers a listener for released exams (code, not state: every instance registers the same ones at load). */
export function onExamReleased(listener: ExamReleasedListener): () => void {
  return point.on(listener)
}

/** Whether the exam's results are released at `now` (homework: always). */
export async function isReleased(db: Db, assignmentId: string, now: Date = new Date()): Promise<boolean> {
  const exam = await db.examSettings.findUnique({ where: { assignmentId }, select: { releaseAt: true } })
  return !exam || (!!exam.releaseAt && exam.releaseAt <= now)
}

/** Hands out the release event of one exam if it is due and nobody has yet; true when this call did. */
async function notifyRelease(db: Db, assignmentId: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const claim = await tx.examSettings.updateMany({
      where: { assignmentId, releaseAt: { lte: now }, releaseNotifiedAt: null },
      data: { releaseNotifiedAt: now },
    })
    if (claim.count === 0) return false
    const row = await tx.examSettings.findUniqueOrThrow({ where: { assignmentId }, include: { assignment: { select: { courseId: true } } } })
    for (const l of listeners) await l({ assignmentId, courseId: row.assignment.courseId, releasedAt: row.releaseAt ?? now, tx })
    return true
  })
}

/** Hands out every due release event (the sweep calls this). */
export async function notifyDueReleases(db: Db, now: Date = new Date()): Promise<number> {
  const due = await db.examSettings.findMany({ where: { releaseAt: { lte: now }, releaseNotifiedAt: null }, select: { assignmentId: true }, take: 100 })
  let n = 0
  for (const e of due) if (await notifyRelease(db, e.assignmentId, now)) n++
  return n
}

export const releaseSchema = z.object({
  assignmentId: z.string().min(1).max(64),
  /** Empty: release now. A date: release then. */
  at: optionalDate.default(null),
})

/** Releases an exam's results now or schedules it (instructors only). Releasing again moves the date. */
export async function releaseExam(db: Db, actor: Actor, raw: unknown, now: Date = new Date()) {
  const input = parseInput(releaseSchema, raw)
  const { assignment, enrollment } = await loadAssignment(db, actor, input.assignmentId, INSTRUCTOR_ONLY)
  const exam = await db.examSettings.findUnique({ where: { assignmentId: assignment.id } })
  if (!exam) throw new UserError('invalid', 'Only exams have a release; homework results are always shown.')
  if (exam.releaseNotifiedAt) throw new UserError('conflict', 'The results of this exam are already released.')
  const at = input.at && input.at > now ? input.at : now
  await db.examSettings.update({ where: { assignmentId: assignment.id }, data: { releaseAt: at, releasedById: enrollment.userId } })
  if (at <= now) await notifyRelease(db, assignment.id, now)
  return { releaseAt: at, released: at <= now }
}

/** Takes back a release that has not happened yet (a scheduled date). */
export async function cancelRelease(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(z.object({ assignmentId: z.string().min(1).max(64) }), raw)
  const { assignment } = await loadAssignment(db, actor, input.assignmentId, INSTRUCTOR_ONLY)
  const { count } = await db.examSettings.updateMany({ where: { assignmentId: assignment.id, releaseNotifiedAt: null }, data: { releaseAt: null } })
  if (count === 0) throw new UserError('conflict', 'Released results cannot be hidden again.')
  return { cancelled: true }
}
