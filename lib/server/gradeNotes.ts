/**
 * What a student is told about grades changed by hand on one question: each override of their attempts and any
 * credit given for the question, always with the new score, and with the reason only when the person who changed
 * it chose to share it. Only the student's own grades; regrades (recomputations) are not listed here.
 */
import type { Db } from '@/lib/db'
import { type Actor, requireCourseRole, requireUser } from './authz'
import { UserError } from './errors'
import { idSchema, parseInput } from './instructor/common'

export interface GradeNote {
  /** The attempt whose score was changed; null for credit given without an attempt. */
  attemptNumber: number | null
  from: number | null
  to: number
  /** Null when the reason was kept private. */
  reason: string | null
  at: Date
}

export async function gradeNotes(db: Db, actor: Actor, itemId: unknown): Promise<GradeNote[]> {
  const { userId } = requireUser(actor)
  const id = parseInput(idSchema, itemId, 'That question id is not valid.')
  const item = await db.assignmentItem.findUnique({ where: { id }, select: { id: true, assignment: { select: { courseId: true } } } })
  if (!item) throw new UserError('not-found', 'That question was not found.')
  await requireCourseRole(db, actor, item.assignment.courseId, ['STUDENT'])
  const [changes, credit] = await Promise.all([
    db.gradeChange.findMany({
      where: { kind: 'OVERRIDE', attempt: { itemId: id, userId } },
      include: { attempt: { select: { number: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    db.itemCredit.findUnique({ where: { itemId_userId: { itemId: id, userId } } }),
  ])
  const notes: GradeNote[] = changes.map((c) => ({ attemptNumber: c.attempt.number, from: c.fromScore, to: c.toScore, reason: c.shareReason ? c.reason : null, at: c.createdAt }))
  if (credit) notes.push({ attemptNumber: null, from: null, to: credit.score, reason: credit.shareReason ? credit.reason : null, at: credit.updatedAt })
  return notes
}
