/**
 * Drafts: the latest input on a question, saved as the student types (homework and exams). A draft is never an
 * attempt. Each save overwrites the previous one (the page sends one save at a time, the latest input);
 * an acknowledged save is committed, so it survives a crash of the server.
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { type Actor, requireCourseRole, requireUser } from '../authz'
import { UserError, isUniqueViolation } from '../errors'
import { submitWindow } from '../policy'
import { assertDraftAllowed, examGate } from './guard'

export const saveDraftSchema = z.object({
  itemId: z.string().min(1).max(64),
  variantId: z.string().min(1).max(64),
  answers: z.record(z.string().max(64), z.union([z.string().max(500), z.array(z.string().max(200)).max(50)])).refine((r) => Object.keys(r).length <= 50, 'Too many parts.'),
})

export async function saveDraft(db: Db, actor: Actor, raw: unknown, now: Date = new Date()) {
  const { userId } = requireUser(actor)
  const parsed = saveDraftSchema.safeParse(raw)
  if (!parsed.success) throw new UserError('invalid', 'The saved answers were malformed: reload the page.')
  const input = parsed.data
  const [item, variant] = await Promise.all([
    db.assignmentItem.findUnique({ where: { id: input.itemId }, include: { assignment: true } }),
    db.variant.findUnique({ where: { id: input.variantId }, select: { userId: true, itemId: true } }),
  ])
  if (!item) throw new UserError('not-found', 'That question was not found.')
  await requireCourseRole(db, actor, item.assignment.courseId, ['STUDENT'])
  if (!variant || variant.userId !== userId || variant.itemId !== item.id) throw new UserError('not-found', 'That question was not found.')
  const gate = await examGate(db, item.assignmentId, userId)
  if (gate) assertDraftAllowed(gate, now)
  else {
    const ext = await db.extension.findUnique({ where: { assignmentId_userId: { assignmentId: item.assignmentId, userId } } })
    const w = submitWindow(item.assignment, now, ext?.dueAt)
    if (!w.open) throw new UserError('closed', w.reason)
  }
  const answers = JSON.stringify(input.answers)
  const where = { userId_itemId: { userId, itemId: item.id } }
  let row: { version: number; updatedAt: Date }
  try {
    row = await db.draft.upsert({
      where,
      update: { answers, variantId: input.variantId, version: { increment: 1 } },
      create: { userId, itemId: item.id, variantId: input.variantId, answers, version: 1 },
      select: { version: true, updatedAt: true },
    })
  } catch (e) {
    // Two first saves at once: the row now exists, so update it.
    if (!isUniqueViolation(e)) throw e
    row = await db.draft.update({ where, data: { answers, variantId: input.variantId, version: { increment: 1 } }, select: { version: true, updatedAt: true } })
  }
  return { saved: true, version: row.version, savedAt: row.updatedAt }
}

/** The student's draft of one item for the given variant (null when none, or for another dataset). */
export async function draftFor(db: Db, userId: string, itemId: string, variantId: string) {
  const d = await db.draft.findUnique({ where: { userId_itemId: { userId, itemId } } })
  return d && d.variantId === variantId ? { answers: JSON.parse(d.answers) as Record<string, string | string[]>, savedAt: d.updatedAt } : null
}

/** Clears a homework draft once its answers were submitted as an attempt. */
export async function clearDraft(db: Db, userId: string, itemId: string) {
  await db.draft.deleteMany({ where: { userId, itemId } })
}
