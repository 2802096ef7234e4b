/**
 * Regrade one question: recompute every attempt from its stored seed, params snapshot and parsed answers with
 * the current template and the item's current tolerance and policies, show who changes from what to what, and
 * apply exactly that diff in one transaction, writing a GradeChange row per changed attempt.
 * Attempts with a manual override keep it: a human decision is not undone by a recomputation.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { DEFAULT_TOLERANCE } from '@/lib/questions/answers'
import type { Db } from '@/lib/db'
import type { Grade, PartGrade, Submission } from '@/lib/questions/types'
import type { Actor } from '../authz'
import { UserError } from '../errors'
import { effectiveDue, penalizedScore } from '../policy'
import { toleranceOf } from '../student'
import { materialize, templateOrThrow } from '../variants'
import { INSTRUCTOR_ONLY, changeReason, idSchema, loadItem, parseInput, shareReasonSchema } from './common'
import { enqueueScorePassback } from '../lti/outbox'

const DAY_MS = 24 * 60 * 60 * 1000
const EPS = 1e-12

export interface RegradeRow {
  attemptId: string
  userId: string
  student: string
  email: string
  number: number
  from: { rawScore: number; score: number; late: boolean; parts: Record<string, Pick<PartGrade, 'score' | 'correct' | 'diagnosis'>> }
  to: { rawScore: number; score: number; late: boolean; parts: Record<string, Pick<PartGrade, 'score' | 'correct' | 'diagnosis'>> }
  /** The full new grade, as stored on apply. */
  grade: Grade
  templateVersion: number
}

const slim = (parts: Record<string, PartGrade>) =>
  Object.fromEntries(Object.entries(parts).map(([k, g]) => [k, { score: g.score, correct: g.correct, diagnosis: g.diagnosis ?? null }]))

async function computePlan(db: Db, actor: Actor, itemId: unknown) {
  const { item } = await loadItem(db, actor, itemId, INSTRUCTOR_ONLY)
  const template = templateOrThrow(item.templateId)
  const tolerance = toleranceOf(item.tolerance)
  const a = item.assignment
  const attempts = await db.attempt.findMany({
    where: { itemId: item.id },
    include: { variant: true, user: { select: { name: true, email: true } }, gradeChanges: { where: { kind: 'OVERRIDE' }, select: { id: true } } },
    orderBy: [{ userId: 'asc' }, { number: 'asc' }],
  })
  const extensions = new Map((await db.extension.findMany({ where: { assignmentId: a.id } })).map((e) => [e.userId, e.dueAt]))
  const changed: RegradeRow[] = []
  const overridden: { attemptId: string; student: string; number: number; score: number }[] = []
  let unchanged = 0
  for (const t of attempts) {
    if (t.gradeChanges.length > 0) {
      overridden.push({ attemptId: t.id, student: t.user.name || t.user.email, number: t.number, score: t.score })
      continue
    }
    const { data } = materialize(t.variant)
    const grade = template.grade(data, JSON.parse(t.answers) as Submission, { tolerance })
    const due = effectiveDue(a, extensions.get(t.userId) ?? null)
    const daysLate = due && t.submittedAt > due ? Math.ceil((t.submittedAt.getTime() - due.getTime()) / DAY_MS) : 0
    const score = penalizedScore(a, grade.score, t.number, daysLate)
    const before = slim(JSON.parse(t.grade) as Record<string, PartGrade>)
    const after = slim(grade.parts)
    const same =
      Math.abs(score - t.score) < EPS && Math.abs(grade.score - t.rawScore) < EPS && daysLate > 0 === t.late && JSON.stringify(before) === JSON.stringify(after)
    if (same) {
      unchanged++
      continue
    }
    changed.push({
      attemptId: t.id,
      userId: t.userId,
      student: t.user.name || t.user.email,
      email: t.user.email,
      number: t.number,
      from: { rawScore: t.rawScore, score: t.score, late: t.late, parts: before },
      to: { rawScore: grade.score, score, late: daysLate > 0, parts: after },
      grade,
      templateVersion: template.version,
    })
  }
  const planHash = createHash('sha256')
    .update(JSON.stringify({ item: item.id, v: template.version, tolerance, rows: changed.map((r) => [r.attemptId, r.from.score, r.to.score, r.to.rawScore, r.to.parts, r.to.late]) }))
    .digest('hex')
  // The dataset versions the attempts' variants were made from: each variant recomputes from its own rows.
  const versionIds = [...new Set(attempts.map((t) => t.variant.datasetVersionId).filter((x): x is string => !!x))]
  const versions = await db.datasetVersion.findMany({ where: { id: { in: versionIds } }, select: { id: true, version: true, dataset: { select: { id: true, name: true } } } })
  const datasets = versions.map((v) => ({ datasetId: v.dataset.id, name: v.dataset.name, version: v.version, attempts: attempts.filter((t) => t.variant.datasetVersionId === v.id).length }))
  return { item, template, tolerance, attempts: attempts.length, changed, unchanged, overridden, planHash, datasets }
}

/** The diff a regrade would apply (nothing is written). */
export async function planRegrade(db: Db, actor: Actor, raw: unknown) {
  const { itemId } = parseInput(z.object({ itemId: idSchema }), raw)
  const p = await computePlan(db, actor, itemId)
  return {
    item: { id: p.item.id, position: p.item.position, points: p.item.points, assignmentId: p.item.assignmentId, assignmentTitle: p.item.assignment.title, courseId: p.item.assignment.courseId, courseTitle: p.item.assignment.course.title },
    template: { id: p.template.id, title: p.template.title, version: p.template.version },
    tolerance: p.tolerance ?? null,
    datasets: p.datasets,
    attempts: p.attempts,
    unchanged: p.unchanged,
    overridden: p.overridden,
    changes: p.changed.map(({ grade: _g, ...r }) => r),
    planHash: p.planHash,
  }
}

export const applyRegradeSchema = z.object({
  itemId: idSchema,
  planHash: z.string().regex(/^[0-9a-f]{64}$/, 'Review the regrade again before applying it.'),
  reason: changeReason,
  /** Whether the affected students see the reason (they are always told that their score was regraded). */
  shareReason: shareReasonSchema,
})

/**
 * Applies the regrade that was reviewed: recomputes, refuses if the diff is no longer the one the instructor
 * saw (someone submitted or edited meanwhile), then updates the attempts and writes the audit rows together.
 */
export async function applyRegrade(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(applyRegradeSchema, raw)
  const p = await computePlan(db, actor, input.itemId)
  if (p.planHash !== input.planHash) throw new UserError('conflict', 'The results changed since you reviewed this regrade. Review the new diff and apply again.')
  const changedById = actor!.userId
  await db.$transaction(async (tx) => {
    for (const r of p.changed) {
      // Re-check inside the transaction: a concurrent override or regrade must not be overwritten silently.
      const current = await tx.attempt.findUniqueOrThrow({ where: { id: r.attemptId } })
      if (Math.abs(current.score - r.from.score) > EPS) throw new UserError('conflict', 'A grade changed while the regrade was applied; nothing was changed. Review the diff again.')
      await tx.attempt.update({
        where: { id: r.attemptId },
        data: { rawScore: r.to.rawScore, score: r.to.score, late: r.to.late, grade: JSON.stringify(r.grade.parts), templateVersion: r.templateVersion },
      })
      await tx.attemptPart.deleteMany({ where: { attemptId: r.attemptId } })
      for (const [partId, g] of Object.entries(r.grade.parts)) {
        await tx.attemptPart.create({ data: { attemptId: r.attemptId, partId, score: g.score, correct: g.correct, diagnosis: g.diagnosis } })
      }
      await tx.gradeChange.create({
        data: { attemptId: r.attemptId, kind: 'REGRADE', fromScore: r.from.score, toScore: r.to.score, reason: input.reason, shareReason: input.shareReason, changedById },
      })
      await enqueueScorePassback(tx, p.item.assignmentId, current.userId)
    }
  })
  return { changed: p.changed.length, unchanged: p.unchanged, overridden: p.overridden.length }
}

/** One tolerance box: a number (text from a form is fine); left empty, the template default. */
const toleranceNumber = (fallback: number) =>
  z.preprocess(
    (v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? fallback : typeof v === 'string' ? Number(v.trim()) : v),
    z.number({ message: 'Enter a number, like 0.001 or 1e-6.' }).refine((x) => Number.isFinite(x), 'Enter a number, like 0.001 or 1e-6.'),
  )

const toleranceUpdateSchema = z.object({
  itemId: idSchema,
  tolerance: z
    .object({
      rel: toleranceNumber(DEFAULT_TOLERANCE.rel).pipe(z.number().min(0, 'At least 0.').max(1, 'At most 1.')),
      abs: toleranceNumber(DEFAULT_TOLERANCE.abs).pipe(z.number().min(0, 'At least 0.').max(1e6, 'Too large.')),
    })
    .nullable(),
})

/** Sets (or clears) a question's answer tolerance; it applies to new attempts, and to old ones on regrade. */
export async function setItemTolerance(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(toleranceUpdateSchema, raw)
  const { item } = await loadItem(db, actor, input.itemId, INSTRUCTOR_ONLY)
  return db.assignmentItem.update({ where: { id: item.id }, data: { tolerance: input.tolerance ? JSON.stringify(input.tolerance) : null } })
}
