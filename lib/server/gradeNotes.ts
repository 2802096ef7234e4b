/**
 * What a student is told about changes to their grades on one question: each override of their attempts, each
 * regrade (a recomputation by the instructor) that changed one, and any credit given for the question, always
 * with the old and new score, and with the reason only when the person who changed it chose to share it. Only
 * the student's own grades.
 */
import type { Db } from '@/lib/db'
import { type Actor, requireCourseRole, requireUser } from './authz'
import { UserError } from './errors'
import { idSchema, parseInput } from './instructor/common'

export interface GradeNote {
  /** 'override' and 'credit': set by hand; 'regrade': recomputed for the whole question. */
  kind: 'override' | 'regrade' | 'credit'
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
      where: { kind: { in: ['OVERRIDE', 'REGRADE'] }, attempt: { itemId: id, userId } },
      include: { attempt: { select: { number: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    db.itemCredit.findUnique({ where: { itemId_userId: { itemId: id, userId } } }),
  ])
  const notes: GradeNote[] = changes.map((c) => ({ ...changeNote(c), attemptNumber: c.attempt.number }))
  if (credit) notes.push({ kind: 'credit', attemptNumber: null, from: null, to: credit.score, reason: credit.shareReason ? credit.reason : null, at: credit.updatedAt })
  return notes
}

/** A GradeChange row as its student is told of it: the reason only when it was shared. */
export function changeNote(c: { kind: string; fromScore: number; toScore: number; reason: string; shareReason: boolean; createdAt: Date }) {
  return { kind: c.kind === 'REGRADE' ? ('regrade' as const) : ('override' as const), from: c.fromScore, to: c.toScore, reason: c.shareReason ? c.reason : null, at: c.createdAt }
}
