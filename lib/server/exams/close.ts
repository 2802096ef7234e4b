/**
 * The moment an exam closes for every student (its due date, or the latest accommodation or extension close,
 * whichever is last), handed out as an event once, like a release (release.ts): `onExamClosed(listener)` runs
 * exactly once per exam, inside the transaction that claims the close (a conditional update of closeNotifiedAt),
 * so a listener that writes rows with `tx` (the LMS score outbox) commits together with the claim.
 *
 * The sweep hands closes out (after it has submitted the sittings past their deadline). A close is not handed
 * out while any sitting of the exam is still ACTIVE: the claim rolls back and the next sweep tries again, so every
 * attempt of the exam is committed before the listeners read them. An exam without a due date never closes.
 * A close handed out stays handed out, even if an extension granted later lets a student sit the exam again.
 */
import type { Db } from '@/lib/db'
import { type Tx, eventPoint } from './events'
import { classClosesAt } from './visibility'

export interface ExamClosedEvent {
  assignmentId: string
  courseId: string
  closedAt: Date
  tx: Tx
}
export type ExamClosedListener = (e: ExamClosedEvent) => Promise<void>

const point = eventPoint<ExamClosedEvent>('__lassolabExamClosed')
const listeners = point.listeners

/** Registers a listener for closed exams (code, not state: every instance registers the same ones at load). */
export function onExamClosed(listener: ExamClosedListener): () => void {
  return point.on(listener)
}

class StillSitting extends Error {}

/** Hands out the close event of one exam if nobody has yet and no sitting is active; true when this call did. */
async function notifyClose(db: Db, assignmentId: string, courseId: string, closedAt: Date, now: Date): Promise<boolean> {
  try {
    return await db.$transaction(async (tx) => {
      const claim = await tx.examSettings.updateMany({ where: { assignmentId, closeNotifiedAt: null }, data: { closeNotifiedAt: now } })
      if (claim.count === 0) return false
      // Read after the claim: a sitting being submitted right now is still ACTIVE to us until its write commits.
      if ((await tx.examSession.count({ where: { assignmentId, status: 'ACTIVE' } })) > 0) throw new StillSitting()
      for (const l of listeners) await l({ assignmentId, courseId, closedAt, tx })
      return true
    })
  } catch (e) {
    if (e instanceof StillSitting) return false
    throw e
  }
}

/** Hands out the close event of every exam that has closed for everyone by `now` (the sweep calls this). */
export async function notifyDueCloses(db: Db, now: Date = new Date()): Promise<number> {
  const due = await db.examSettings.findMany({
    where: { closeNotifiedAt: null, assignment: { dueAt: { lte: now } } },
    select: { assignmentId: true, assignment: { select: { courseId: true, dueAt: true } } },
    orderBy: { assignment: { dueAt: 'asc' } },
    take: 100,
  })
  let n = 0
  for (const e of due) {
    const closes = await classClosesAt(db, e.assignmentId, e.assignment.dueAt)
    if (!closes || closes > now) continue
    if (await notifyClose(db, e.assignmentId, e.assignment.courseId, closes, now)) n++
  }
  return n
}
