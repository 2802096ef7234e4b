/**
 * The checks the submission path, the question page and the draft route make for exams, kept apart so that
 * lib/server/student.ts needs one call each. All times are the server's.
 */
import type { Db } from '@/lib/db'
import { UserError } from '../errors'

export interface ExamGate {
  perQuestionCheck: boolean
  session: { id: string; status: string; deadlineAt: Date } | null
}

/** The exam facts for one student, or null when the assignment is homework. */
export async function examGate(db: Db, assignmentId: string, userId: string): Promise<ExamGate | null> {
  const exam = await db.examSettings.findUnique({ where: { assignmentId }, select: { perQuestionCheck: true } })
  if (!exam) return null
  const session = await db.examSession.findUnique({
    where: { assignmentId_userId: { assignmentId, userId } },
    select: { id: true, status: true, deadlineAt: true },
  })
  return { perQuestionCheck: exam.perQuestionCheck, session }
}

function requireSitting(gate: ExamGate, now: Date): void {
  if (!gate.session) throw new UserError('closed', 'Start the exam from its page first.')
  if (gate.session.status !== 'ACTIVE' || now > gate.session.deadlineAt) {
    throw new UserError('closed', 'Time is up for this exam: your saved answers were submitted.')
  }
}

/** Before a per-question submission: exams are submitted as a whole unless per-question checking is allowed. */
export async function assertCanSubmit(db: Db, assignmentId: string, userId: string, now: Date): Promise<void> {
  checkSubmitGate(await examGate(db, assignmentId, userId), now)
}

/** The same check on exam facts already read (the submission path reads them in its one statement). */
export function checkSubmitGate(gate: ExamGate | null, now: Date): void {
  if (!gate) return
  if (!gate.perQuestionCheck) {
    throw new UserError('closed', 'This exam is submitted as a whole: use “Submit exam” on the exam page (it is submitted for you at the deadline).')
  }
  requireSitting(gate, now)
}

/** Before showing an exam question to a student: only once they have started (the clock runs from there). */
export async function assertCanOpen(db: Db, assignmentId: string, userId: string): Promise<ExamGate | null> {
  const gate = await examGate(db, assignmentId, userId)
  if (gate && !gate.session) throw new UserError('closed', 'Start the exam from its page first.')
  return gate
}

/** Before saving a draft of an exam question: the student is sitting it and their deadline has not passed. */
export function assertDraftAllowed(gate: ExamGate | null, now: Date): void {
  if (gate) requireSitting(gate, now)
}
