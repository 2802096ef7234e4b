/**
 * Submitting an exam: by the student ("Submit exam") or by the sweep at the deadline, through the same function.
 *
 * Exactly once, with any number of app instances: the session row is claimed by a conditional update
 * (status ACTIVE → SUBMITTED) inside the transaction that records the attempts. Of two instances that race,
 * one updates one row and records; the other updates zero rows and records nothing. A crash rolls both back,
 * and the next sweep retries. Each attempt's idempotency key `exam:<session>:<item>` is a second guard.
 * The student's LMS score is queued in that same transaction when the review options show it right after
 * submitting (lib/server/lti/outbox, enqueueScorePassback).
 */
import type { Db } from '@/lib/db'
import type { Prisma } from '@/lib/generated/prisma/client'
import { isUniqueViolation } from '../errors'
import { enqueueScorePassback } from '../lti/outbox'
import { currentVariantIndex, penalizedScore } from '../policy'
import { getOrCreateVariant } from '../variants'
import { gradeSaved, type RawAnswers } from './grading'

export type SubmittedBy = 'STUDENT' | 'DEADLINE'

function isBusy(e: unknown): boolean {
  const text = `${(e as Error)?.message ?? ''} ${JSON.stringify((e as { meta?: unknown })?.meta ?? {})}`
  return /SQLITE_BUSY|database is locked|could not serialize|deadlock detected|P2034/i.test(text)
}

/** Grades the session's saved drafts and records one attempt per question. Returns whether THIS call submitted. */
export async function submitExamSession(db: Db, sessionId: string, by: SubmittedBy, now: Date = new Date()): Promise<{ submitted: boolean }> {
  const session = await db.examSession.findUnique({
    where: { id: sessionId },
    include: { assignment: { include: { items: { orderBy: { position: 'asc' } }, exam: true, course: { select: { id: true } } } } },
  })
  if (session?.status !== 'ACTIVE') return { submitted: false }
  const a = session.assignment
  const itemIds = a.items.map((i) => i.id)
  const [drafts, counts] = await Promise.all([
    db.draft.findMany({ where: { userId: session.userId, itemId: { in: itemIds } } }),
    db.attempt.groupBy({ by: ['itemId'], where: { userId: session.userId, itemId: { in: itemIds } }, _count: { _all: true } }),
  ])
  const draftByItem = new Map(drafts.map((d) => [d.itemId, d]))
  const used = new Map(counts.map((c) => [c.itemId, c._count._all]))

  // Grade outside the transaction (CPU only). Drafts cannot change any more: saves after the deadline are refused,
  // and a student's own submit happens before it.
  const records: (Omit<Prisma.AttemptUncheckedCreateInput, 'parts'> & { partRows: { partId: string; score: number; correct: boolean; diagnosis: string | null }[] })[] = []
  for (const item of a.items) {
    // With per-question checking, a question already submitted keeps its attempts.
    if ((used.get(item.id) ?? 0) > 0) continue
    const index = currentVariantIndex(a, 0)
    const variant = await getOrCreateVariant(db, { ...item, assignment: { courseId: a.courseId } }, session.userId, index)
    const draft = draftByItem.get(item.id)
    const raw: RawAnswers = draft && draft.variantId === variant.id ? (JSON.parse(draft.answers) as RawAnswers) : {}
    const { template, submission, grade } = gradeSaved(variant, raw, item.tolerance)
    records.push({
      variantId: variant.id,
      itemId: item.id,
      userId: session.userId,
      number: 1,
      answers: JSON.stringify(submission),
      rawAnswers: JSON.stringify(raw),
      rawScore: grade.score,
      score: penalizedScore(a, grade.score, 1, 0),
      grade: JSON.stringify(grade.parts),
      late: false,
      idempotencyKey: `exam:${session.id}:${item.id}`,
      templateVersion: template.version,
      submittedAt: now,
      partRows: Object.entries(grade.parts).map(([partId, g]) => ({ partId, score: g.score, correct: g.correct, diagnosis: g.diagnosis })),
    })
  }

  for (let tries = 0; tries < 50; tries++) {
    try {
      return await db.$transaction(async (tx) => {
        const claim = await tx.examSession.updateMany({
          where: { id: session.id, status: 'ACTIVE' },
          data: { status: 'SUBMITTED', submittedAt: now, submittedBy: by },
        })
        if (claim.count === 0) return { submitted: false }
        for (const { partRows, ...r } of records) {
          await tx.attempt.create({ data: { ...r, parts: { create: partRows } } })
        }
        // LMS grade passback in the same write, when the review options show the score now (at the real time:
        // `now` may be the deadline of a sitting submitted late). Otherwise the close or the release queues it.
        if (records.length > 0) await enqueueScorePassback(tx, a.id, session.userId, new Date())
        return { submitted: true }
        // Generous limits: on a loaded machine a racing instance waits for the row lock held by the winner.
      }, { maxWait: 30_000, timeout: 60_000 })
    } catch (e) {
      // Another instance won the race on an attempt row, or the database was busy: look again.
      if (isUniqueViolation(e) || isBusy(e)) {
        const again = await db.examSession.findUnique({ where: { id: session.id }, select: { status: true } })
        if (again?.status !== 'ACTIVE') return { submitted: false }
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20))
        continue
      }
      throw e
    }
  }
  return { submitted: false }
}

/**
 * Submits every session whose deadline has passed (and hands out due release events, see release.ts).
 * Safe to run from several instances at once; returns how many sessions THIS call submitted.
 */
export async function sweepExpiredSessions(db: Db, now: Date = new Date(), limit = 100): Promise<number> {
  const due = await db.examSession.findMany({
    where: { status: 'ACTIVE', deadlineAt: { lte: now } },
    select: { id: true },
    orderBy: { deadlineAt: 'asc' },
    take: limit,
  })
  let submitted = 0
  for (const s of due) if ((await submitExamSession(db, s.id, 'DEADLINE', now)).submitted) submitted++
  return submitted
}
