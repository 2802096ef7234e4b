/**
 * What a viewer may see of graded work: decided HERE and nowhere else. Every student page, route handler and
 * export asks `visibilityFor` (or `visibilityForAssignments` for lists) and shows only what it allows.
 *
 * Homework: everything as before (the derivation still follows the assignment's derivation policy).
 * Exam: the review matrix (review.ts) at the student's current moment:
 *   released (releaseAt ≤ now)        → afterRelease
 *   the exam has closed for everyone  → afterClose
 *   the student has submitted          → afterSubmit
 *   still sitting                      → nothing (or afterSubmit for per-question checks, when allowed)
 * Staff (TA, instructor) see everything, released or not.
 */
import type { Db } from '@/lib/db'
import type { Role } from '../authz'
import { ALL_FLAGS, NO_FLAGS, parseReview, type ReviewFlags, type ReviewMoment, scoreShownFrom } from './review'

export interface Visibility extends ReviewFlags {
  exam: boolean
  moment: ReviewMoment | 'sitting' | 'homework' | 'staff'
  released: boolean
  /** A sentence for the student when the score is hidden. */
  hiddenReason: string | null
}

export interface VisibilityInput {
  role: Role
  now: Date
  exam: { review: string; releaseAt: Date | null; perQuestionCheck: boolean } | null
  sessionStatus: string | null
  /** The instant the exam has closed for every student (latest close among dates, accommodations, extensions). */
  classClosesAt: Date | null
}

export function visibilityOf(i: VisibilityInput): Visibility {
  if (!i.exam) return { ...ALL_FLAGS, exam: false, moment: i.role === 'STUDENT' ? 'homework' : 'staff', released: true, hiddenReason: null }
  const released = !!i.exam.releaseAt && i.exam.releaseAt <= i.now
  if (i.role !== 'STUDENT') return { ...ALL_FLAGS, exam: true, moment: 'staff', released, hiddenReason: null }
  const review = parseReview(i.exam.review)
  let moment: Visibility['moment']
  let flags: ReviewFlags
  if (released) [moment, flags] = ['afterRelease', review.afterRelease]
  else if (i.classClosesAt && i.now >= i.classClosesAt) [moment, flags] = ['afterClose', review.afterClose]
  else if (i.sessionStatus === 'SUBMITTED') [moment, flags] = ['afterSubmit', review.afterSubmit]
  else [moment, flags] = ['sitting', i.exam.perQuestionCheck ? review.afterSubmit : NO_FLAGS]
  return {
    ...flags,
    exam: true,
    moment,
    released,
    hiddenReason: flags.score ? null : 'Your instructor has not released the results of this exam yet.',
  }
}

/** What decides whether an exam's scores may leave LassoLab (LMS grade passback). */
export interface ScoreReleaseInput {
  review: string
  releaseAt: Date | null
  /** When the exam-closed event was handed out (close.ts), or null. */
  closeNotifiedAt: Date | null
}

/**
 * Whether a student's exam score may be sent to the LMS now: once the review options show it to the student,
 * and not before. From the first moment whose column shows the score (review.ts, scoreShownFrom):
 *   right after submitting → yes (every graded attempt of an exam is submitted work, or a per-question check,
 *                            which shows the "right after submitting" column while sitting)
 *   after the exam closes  → once the exam has closed for everyone and that close was handed out (close.ts),
 *                            which queues the scores graded before it
 *   after release only     → at release (release.ts queues them); also when no column shows the score at all
 * A released exam always posts.
 */
export function scoreMayLeave(exam: ScoreReleaseInput, now: Date): boolean {
  if (exam.releaseAt && exam.releaseAt <= now) return true
  const from = scoreShownFrom(parseReview(exam.review))
  if (from === 'afterSubmit') return true
  if (from === 'afterClose') return exam.closeNotifiedAt !== null
  return false
}

/** The latest instant any student can still be sitting the exam (null: no close date, never closed). */
export async function classClosesAt(db: Db, assignmentId: string, dueAt: Date | null): Promise<Date | null> {
  if (!dueAt) return null
  const [acc, ext] = await Promise.all([
    db.examAccommodation.aggregate({ where: { assignmentId }, _max: { closesAt: true } }),
    db.extension.aggregate({ where: { assignmentId }, _max: { dueAt: true } }),
  ])
  return [dueAt, acc._max.closesAt, ext._max.dueAt].reduce<Date>((m, d) => (d && d > m ? d : m), dueAt)
}

/** Visibility of one assignment's graded work for `userId` viewing as `role`. */
export async function visibilityFor(db: Db, o: { assignmentId: string; dueAt: Date | null; userId: string; role: Role; now?: Date }): Promise<Visibility> {
  const now = o.now ?? new Date()
  const exam = await db.examSettings.findUnique({ where: { assignmentId: o.assignmentId }, select: { review: true, releaseAt: true, perQuestionCheck: true } })
  if (!exam) return visibilityOf({ role: o.role, now, exam: null, sessionStatus: null, classClosesAt: null })
  const [session, closes] = await Promise.all([
    db.examSession.findUnique({ where: { assignmentId_userId: { assignmentId: o.assignmentId, userId: o.userId } }, select: { status: true } }),
    classClosesAt(db, o.assignmentId, o.dueAt),
  ])
  return visibilityOf({ role: o.role, now, exam, sessionStatus: session?.status ?? null, classClosesAt: closes })
}

/** Visibility for many assignments at once (the dashboard): one query per table, not per assignment. */
export async function visibilityForAssignments(
  db: Db,
  userId: string,
  assignments: { id: string; dueAt: Date | null; role: Role }[],
  now: Date = new Date(),
): Promise<Map<string, Visibility>> {
  const ids = assignments.map((a) => a.id)
  const exams = ids.length ? await db.examSettings.findMany({ where: { assignmentId: { in: ids } } }) : []
  const byId = new Map(exams.map((e) => [e.assignmentId, e]))
  const examIds = exams.map((e) => e.assignmentId)
  const [sessions, accs, exts] = examIds.length
    ? await Promise.all([
        db.examSession.findMany({ where: { userId, assignmentId: { in: examIds } }, select: { assignmentId: true, status: true } }),
        db.examAccommodation.groupBy({ by: ['assignmentId'], where: { assignmentId: { in: examIds } }, _max: { closesAt: true } }),
        db.extension.groupBy({ by: ['assignmentId'], where: { assignmentId: { in: examIds } }, _max: { dueAt: true } }),
      ])
    : [[], [], []]
  const status = new Map(sessions.map((s) => [s.assignmentId, s.status]))
  const accClose = new Map(accs.map((a) => [a.assignmentId, a._max.closesAt]))
  const extClose = new Map(exts.map((a) => [a.assignmentId, a._max.dueAt]))
  const out = new Map<string, Visibility>()
  for (const a of assignments) {
    const exam = byId.get(a.id) ?? null
    const closes = a.dueAt ? [accClose.get(a.id), extClose.get(a.id)].reduce<Date>((m, d) => (d && d > m ? d : m), a.dueAt) : null
    out.set(a.id, visibilityOf({ role: a.role, now, exam, sessionStatus: status.get(a.id) ?? null, classClosesAt: closes }))
  }
  return out
}

/** Visibility of a student's own graded work on one item (null for homework: everything shows). */
export async function studentVisibilityForItem(db: Db, itemId: string, userId: string): Promise<Visibility | null> {
  const item = await db.assignmentItem.findUnique({ where: { id: itemId }, select: { assignment: { select: { id: true, dueAt: true, exam: { select: { id: true } } } } } })
  if (!item?.assignment.exam) return null
  return visibilityFor(db, { assignmentId: item.assignment.id, dueAt: item.assignment.dueAt, userId, role: 'STUDENT' })
}

/** A submission's summary with only what the review options show now. */
export function maskSummary<S extends { score: number; rawScore: number; parts: Record<string, { score: number; correct: boolean; feedback: string; diagnosis: string | null }> }>(
  s: S,
  vis: Visibility | null,
) {
  if (!vis) return s
  return {
    ...s,
    score: vis.score ? s.score : null,
    rawScore: vis.score ? s.rawScore : null,
    parts: Object.fromEntries(
      Object.entries(s.parts).map(([k, p]) => [
        k,
        { score: vis.correctness ? p.score : null, correct: vis.correctness ? p.correct : null, feedback: vis.diagnosis ? p.feedback : '', diagnosis: vis.diagnosis ? p.diagnosis : null },
      ]),
    ),
  }
}
