/**
 * Student use cases: dashboard, assignment, question page, submission, result.
 * Each one checks the actor's role in the course before it reads anything else.
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { parseSubmission } from '@/lib/questions/answers'
import type { Grade, GradeOptions, Step, Submission } from '@/lib/questions/types'
import { publicView } from '@/lib/questions/variant'
import { type Actor, requireCourseRole, requireUser, roleSchema } from './authz'
import { UserError, fieldErrorsOf, isUniqueViolation } from './errors'
import { assertCanOpen, assertCanSubmit } from './exams/guard'
import { visibilityFor, visibilityForAssignments } from './exams/visibility'
import { currentVariantIndex, derivationVisible, penalizedScore, submitWindow } from './policy'
import { getOrCreateVariant, materialize, templateOrThrow } from './variants'

const idSchema = z.string().min(1).max(64)

/** An id from a URL: anything malformed is simply not found (never a 500). */
function parseId(raw: string, what: string): string {
  const r = idSchema.safeParse(raw)
  if (!r.success) throw new UserError('not-found', `That ${what} was not found.`)
  return r.data
}

async function loadItem(db: Db, itemId: string) {
  const item = await db.assignmentItem.findUnique({ where: { id: itemId }, include: { assignment: true } })
  if (!item) throw new UserError('not-found', 'That question was not found.')
  return item
}

async function extensionDue(db: Db, assignmentId: string, userId: string) {
  const ext = await db.extension.findUnique({ where: { assignmentId_userId: { assignmentId, userId } } })
  return ext?.dueAt ?? null
}

export function toleranceOf(raw: string | null): GradeOptions['tolerance'] {
  if (!raw) return undefined
  return z.object({ rel: z.number().nonnegative(), abs: z.number().nonnegative() }).parse(JSON.parse(raw))
}

/** Best penalized score per item for one student (0 when unattempted). */
async function bestScores(db: Db, userId: string, itemIds: string[]) {
  const rows = await db.attempt.groupBy({ by: ['itemId'], where: { userId, itemId: { in: itemIds } }, _max: { score: true }, _count: { _all: true } })
  return new Map(rows.map((r) => [r.itemId, { best: r._max.score ?? 0, attempts: r._count._all }]))
}

export async function dashboard(db: Db, actor: Actor) {
  const { userId } = requireUser(actor)
  const enrollments = await db.enrollment.findMany({
    where: { userId },
    include: { course: { include: { assignments: { include: { items: true }, orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }] } } } },
    orderBy: { createdAt: 'asc' },
  })
  const itemIds = enrollments.flatMap((e) => e.course.assignments.flatMap((a) => a.items.map((i) => i.id)))
  const best = await bestScores(db, userId, itemIds)
  const vis = await visibilityForAssignments(
    db,
    userId,
    enrollments.flatMap((e) => e.course.assignments.map((a) => ({ id: a.id, dueAt: a.dueAt, role: roleSchema.parse(e.role) }))),
  )
  return enrollments.map((e) => ({
    courseId: e.courseId,
    title: e.course.title,
    role: roleSchema.parse(e.role),
    assignments: e.course.assignments.map((a) => {
      const total = a.items.reduce((s, i) => s + i.points, 0)
      const earned = a.items.reduce((s, i) => s + (best.get(i.id)?.best ?? 0) * i.points, 0)
      const attempted = a.items.filter((i) => best.has(i.id)).length
      const v = vis.get(a.id)
      // An exam's score stays out of the dashboard until the review options show it.
      return { id: a.id, title: a.title, opensAt: a.opensAt, dueAt: a.dueAt, items: a.items.length, attempted, earned: v?.score === false ? null : earned, total, exam: !!v?.exam }
    }),
  }))
}

export async function assignmentView(db: Db, actor: Actor, assignmentId: string) {
  requireUser(actor)
  const id = parseId(assignmentId, 'assignment')
  const a = await db.assignment.findUnique({ where: { id }, include: { course: true, items: { orderBy: { position: 'asc' } } } })
  if (!a) throw new UserError('not-found', 'That assignment was not found.')
  const enrollment = await requireCourseRole(db, actor, a.courseId, ['STUDENT', 'TA', 'INSTRUCTOR'])
  const best = await bestScores(db, enrollment.userId, a.items.map((i) => i.id))
  const vis = await visibilityFor(db, { assignmentId: a.id, dueAt: a.dueAt, userId: enrollment.userId, role: enrollment.role })
  return {
    exam: vis.exam,
    id: a.id,
    title: a.title,
    description: a.description,
    course: { id: a.course.id, title: a.course.title },
    role: enrollment.role,
    opensAt: a.opensAt,
    dueAt: a.dueAt,
    maxAttempts: a.maxAttempts,
    items: a.items.map((i) => ({
      id: i.id,
      position: i.position,
      points: i.points,
      title: templateOrThrow(i.templateId).title,
      best: vis.score ? (best.get(i.id)?.best ?? null) : null,
      attempts: best.get(i.id)?.attempts ?? 0,
    })),
  }
}

/**
 * The question page: the student's current variant (created on first visit), its public view (statement,
 * dataset, parts: never the answers), attempts used and left, and the attempt history.
 */
export async function openItem(db: Db, actor: Actor, itemId: string) {
  requireUser(actor)
  const item = await loadItem(db, parseId(itemId, 'question'))
  const { userId } = await requireCourseRole(db, actor, item.assignment.courseId, ['STUDENT'])
  const gate = await assertCanOpen(db, item.assignmentId, userId)
  const attempts = await db.attempt.findMany({ where: { itemId: item.id, userId }, orderBy: { number: 'asc' } })
  const vis = gate ? await visibilityFor(db, { assignmentId: item.assignmentId, dueAt: item.assignment.dueAt, userId, role: 'STUDENT' }) : null
  const index = currentVariantIndex(item.assignment, attempts.length)
  const variant = await getOrCreateVariant(db, item, userId, index)
  const { template, data } = materialize(variant)
  const view = publicView(template, data)
  const ext = await extensionDue(db, item.assignmentId, userId)
  const window = submitWindow(item.assignment, new Date(), ext)
  const showScore = vis?.score ?? true
  const solved = (vis?.correctness ?? true) && attempts.some((a) => a.rawScore >= 1)
  return {
    exam: !!gate,
    item: { id: item.id, points: item.points, position: item.position },
    assignment: { id: item.assignment.id, title: item.assignment.title, dueAt: ext ?? item.assignment.dueAt, maxAttempts: item.assignment.maxAttempts, variantPolicy: item.assignment.variantPolicy },
    template: { id: template.id, title: template.title },
    variantId: variant.id,
    intro: view.intro,
    parts: view.parts,
    attemptsUsed: attempts.length,
    attemptsLeft: Math.max(0, item.assignment.maxAttempts - attempts.length),
    solved,
    window,
    history: attempts.map((a) => ({ id: a.id, number: a.number, score: showScore ? a.score : null, rawScore: showScore ? a.rawScore : null, late: a.late, submittedAt: a.submittedAt })),
  }
}

export const submitAttemptSchema = z.object({
  itemId: idSchema,
  variantId: idSchema,
  idempotencyKey: z.string().min(8, 'Missing submission key: reload the page.').max(100),
  answers: z.record(z.string().max(64), z.union([z.string().max(500), z.array(z.string().max(200)).max(50)])),
})
export type SubmitAttemptInput = z.infer<typeof submitAttemptSchema>

const partGradeSchema = z.object({
  score: z.number(),
  correct: z.boolean(),
  feedback: z.string(),
  diagnosis: z.string().nullable(),
  carriedForward: z.boolean().optional(),
})

/** What a submission's response carries: the score and per-part feedback (never the derivation). */
export interface AttemptSummary {
  number: number
  score: number
  rawScore: number
  late: boolean
  parts: Record<string, { score: number; correct: boolean; feedback: string; diagnosis: string | null; carriedForward?: boolean }>
}

function summaryOf(a: { number: number; score: number; rawScore: number; late: boolean; grade: string }): AttemptSummary {
  return { number: a.number, score: a.score, rawScore: a.rawScore, late: a.late, parts: z.record(z.string(), partGradeSchema).parse(JSON.parse(a.grade)) }
}

export type SubmitResult =
  | { ok: true; attemptId: string; duplicate: boolean; summary: AttemptSummary }
  | { ok: false; message: string; fieldErrors?: Record<string, string> }

/**
 * Grades a submission and records it as one attempt, inside one transaction.
 * - Malformed input (bad shape, unparseable answers) is refused before anything is stored: it costs no attempt.
 * - The same idempotency key twice records one attempt (a double-submitted form).
 * - The attempt cap holds under concurrency: attempt numbers are unique per (item, student), so of two
 *   concurrent submissions that both saw n attempts only one can store number n+1; the other recounts.
 */
export async function submitAttempt(db: Db, actor: Actor, raw: unknown, now: () => Date = () => new Date()): Promise<SubmitResult> {
  const { userId } = requireUser(actor)
  const parsed = submitAttemptSchema.safeParse(raw)
  if (!parsed.success) return { ok: false, message: 'The submission was malformed: reload the page and try again.', fieldErrors: fieldErrorsOf(parsed.error.issues) }
  const input = parsed.data
  const item = await loadItem(db, input.itemId)
  await requireCourseRole(db, actor, item.assignment.courseId, ['STUDENT'])
  await assertCanSubmit(db, item.assignmentId, userId, now())

  // Independent reads, issued together (they overlap on PostgreSQL).
  const [previous, variant, ext] = await Promise.all([
    db.attempt.findUnique({ where: { idempotencyKey: input.idempotencyKey } }),
    db.variant.findUnique({ where: { id: input.variantId } }),
    extensionDue(db, item.assignmentId, userId),
  ])
  if (previous) {
    if (previous.userId !== userId || previous.itemId !== item.id) throw new UserError('conflict', 'That submission key was already used.')
    return { ok: true, attemptId: previous.id, duplicate: true, summary: summaryOf(previous) }
  }

  if (!variant || variant.userId !== userId || variant.itemId !== item.id) throw new UserError('not-found', 'That question was not found.')

  const { template, data } = materialize(variant)
  const parsedAnswers = parseSubmission(template.parts(data), input.answers)
  if (!parsedAnswers.ok) return { ok: false, message: 'Some answers could not be read; nothing was submitted.', fieldErrors: parsedAnswers.errors }
  const submission: Submission = parsedAnswers.submission
  const grade: Grade = template.grade(data, submission, { tolerance: toleranceOf(item.tolerance) })

  for (let tries = 0; tries < 50; tries++) {
    try {
      const attempt = await db.$transaction(async (tx) => {
        const used = await tx.attempt.count({ where: { itemId: item.id, userId } })
        if (used >= item.assignment.maxAttempts) throw new UserError('closed', `No attempts left: the maximum is ${item.assignment.maxAttempts}.`)
        if (currentVariantIndex(item.assignment, used) !== variant.index) {
          throw new UserError('conflict', 'This question now has a new dataset. Reload the page to see it; nothing was submitted.')
        }
        const window = submitWindow(item.assignment, now(), ext)
        if (!window.open) throw new UserError('closed', window.reason)
        const number = used + 1
        const score = penalizedScore(item.assignment, grade.score, number, window.daysLate)
        return tx.attempt.create({
          data: {
            variantId: variant.id,
            itemId: item.id,
            userId,
            number,
            answers: JSON.stringify(submission),
            rawAnswers: JSON.stringify(input.answers),
            rawScore: grade.score,
            score,
            grade: JSON.stringify(grade.parts),
            late: window.late,
            idempotencyKey: input.idempotencyKey,
            templateVersion: template.version,
            parts: {
              create: Object.entries(grade.parts).map(([partId, g]) => ({ partId, score: g.score, correct: g.correct, diagnosis: g.diagnosis })),
            },
          },
        })
      })
      return { ok: true, attemptId: attempt.id, duplicate: false, summary: summaryOf(attempt) }
    } catch (e) {
      if (isUniqueViolation(e, 'idempotencyKey')) {
        const dup = await db.attempt.findUnique({ where: { idempotencyKey: input.idempotencyKey } })
        if (dup) return { ok: true, attemptId: dup.id, duplicate: true, summary: summaryOf(dup) }
      }
      if (isUniqueViolation(e) || isBusy(e)) {
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20))
        continue
      }
      throw e
    }
  }
  throw new UserError('conflict', 'The server is busy; please submit again.')
}

/** SQLite "database is locked" or PostgreSQL serialization failures: safe to retry. */
function isBusy(e: unknown): boolean {
  const text = `${(e as Error)?.message ?? ''} ${JSON.stringify((e as { meta?: unknown })?.meta ?? {})}`
  return /SQLITE_BUSY|database is locked|could not serialize|deadlock detected|P2034/i.test(text) || (e as { code?: string })?.code === 'P2034'
}

/** A part's grade with only what the review options show: correctness (score, right or not), feedback (diagnosis). */
function maskPartGrade(g: z.infer<typeof partGradeSchema> | undefined, vis: { correctness: boolean; diagnosis: boolean }) {
  if (!g || (!vis.correctness && !vis.diagnosis)) return null
  if (vis.correctness && vis.diagnosis) return g
  if (vis.correctness) return { score: g.score, correct: g.correct, carriedForward: g.carriedForward, feedback: '', diagnosis: null }
  return { score: null, correct: null, feedback: g.feedback, diagnosis: g.diagnosis }
}

function formatAnswer(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => formatAnswer(x)).join(', ')
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)))
  return v === null ? 'undefined' : String(v)
}

function choiceLabels(options: { id: string; label: string }[], raw: unknown): string[] {
  const ids = Array.isArray(raw) ? raw : typeof raw === 'string' && raw ? [raw] : []
  return ids.map((id) => options.find((o) => o.id === id)?.label ?? String(id))
}


/**
 * One attempt's result: score, per-part feedback with the named mistake, and, when the policy allows, the
 * worked derivation with this variant's numbers. Visible to the student who made it and to course staff.
 */
export async function attemptView(db: Db, actor: Actor, attemptId: string, opts: { derivation?: boolean } = {}) {
  const { userId } = requireUser(actor)
  const attempt = await db.attempt.findUnique({
    where: { id: parseId(attemptId, 'attempt') },
    include: { variant: true, item: { include: { assignment: true } } },
  })
  if (!attempt) throw new UserError('not-found', 'That attempt was not found.')
  const courseId = attempt.item.assignment.courseId
  const enrollment = await requireCourseRole(db, actor, courseId, ['STUDENT', 'TA', 'INSTRUCTOR'])
  if (enrollment.role === 'STUDENT' && attempt.userId !== userId) throw new UserError('not-found', 'That attempt was not found.')

  const { template, data } = materialize(attempt.variant)
  const [all, ext] = await Promise.all([
    db.attempt.findMany({ where: { itemId: attempt.itemId, userId: attempt.userId }, select: { rawScore: true } }),
    extensionDue(db, attempt.item.assignmentId, attempt.userId),
  ])
  const staff = enrollment.role !== 'STUDENT'
  // What the viewer may see of this graded work is decided in lib/server/exams/visibility, for every route.
  const vis = await visibilityFor(db, { assignmentId: attempt.item.assignmentId, dueAt: attempt.item.assignment.dueAt, userId: attempt.userId, role: enrollment.role })
  const byPolicy = vis.exam || staff || derivationVisible(attempt.item.assignment, { now: new Date(), solved: all.some((a) => a.rawScore >= 1), attemptsUsed: all.length, extensionDue: ext })
  const showDerivation = vis.derivation && byPolicy
  const parts = z.record(z.string(), partGradeSchema).parse(JSON.parse(attempt.grade))
  const solution = vis.exam && vis.correctAnswer ? (template.solve(data) as Record<string, unknown>) : null
  const submission = JSON.parse(attempt.answers) as Submission
  const labels = new Map(template.mistakes.map((m) => [m.id, m.label]))
  const view = publicView(template, data)
  const derivation: Step[] | null = showDerivation && opts.derivation !== false ? template.derive(data, submission) : null
  return {
    id: attempt.id,
    number: attempt.number,
    itemId: attempt.itemId,
    assignmentId: attempt.item.assignmentId,
    template: { id: template.id, title: template.title },
    exam: vis.exam,
    score: vis.score ? attempt.score : null,
    rawScore: vis.score ? attempt.rawScore : null,
    scoreHiddenReason: vis.hiddenReason,
    late: attempt.late,
    submittedAt: attempt.submittedAt,
    maxAttempts: vis.exam ? 1 : attempt.item.assignment.maxAttempts,
    attemptsUsed: all.length,
    intro: view.intro,
    parts: view.parts.map((p) => ({
      id: p.id,
      prompt: p.prompt,
      label: p.label,
      given: JSON.parse(attempt.rawAnswers)[p.id] ?? null,
      /** For choice parts: the labels (math text) of the chosen options, since the raw input holds opaque ids. */
      givenLabels: p.answer.type === 'choice' ? choiceLabels(p.answer.options, JSON.parse(attempt.rawAnswers)[p.id]) : null,
      grade: maskPartGrade(parts[p.id], vis),
      mistake: vis.diagnosis && parts[p.id]?.diagnosis ? (labels.get(parts[p.id].diagnosis!) ?? parts[p.id].diagnosis) : null,
      correctAnswer: solution && solution[p.id] !== undefined ? formatAnswer(solution[p.id]) : null,
    })),
    derivation,
    /** Whether the policy lets this viewer see the derivation now (it may still be left out on request). */
    derivationAvailable: showDerivation,
    derivationHiddenReason: showDerivation
      ? null
      : vis.exam
        ? 'The worked solution is shown when your instructor releases the results.'
        : attempt.item.assignment.derivationPolicy === 'AFTER_DUE'
        ? 'The worked solution is shown after the due date.'
        : 'The worked solution is shown once you answer correctly or have used every attempt.',
  }
}
