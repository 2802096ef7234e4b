/**
 * Student use cases: dashboard, assignment, question page, submission, result.
 * Each one checks the actor's role in the course before it reads anything else.
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { parseSubmission } from '@/lib/questions/answers'
import type { Grade, GradeOptions, Step, Submission } from '@/lib/questions/types'
import { publicView } from '@/lib/questions/variant'
import { choiceLabels } from './answerText'
import { type Actor, requireCourseRole, requireUser, roleSchema } from './authz'
import { UserError, fieldErrorsOf, isUniqueViolation } from './errors'
import { currentVariantIndex, derivationVisible, effectiveDue, penalizedScore, submitWindow } from './policy'
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

/** Where a student stands on one question: attempts left, and whether (and why) it takes no more answers. */
export interface ItemStatus {
  attemptsUsed: number
  attemptsLeft: number
  /** null while the question still takes answers. */
  closed: null | 'solved' | 'no-attempts-left' | 'deadline-passed' | 'not-open-yet'
}

function itemStatus(a: Parameters<typeof submitWindow>[0], now: Date, ext: Date | null, attempts: number, solved: boolean): ItemStatus {
  const attemptsLeft = Math.max(0, a.maxAttempts - attempts)
  const window = submitWindow(a, now, ext)
  const closed: ItemStatus['closed'] = solved
    ? 'solved'
    : attemptsLeft === 0
      ? 'no-attempts-left'
      : window.open
        ? null
        : a.opensAt && now < a.opensAt
          ? 'not-open-yet'
          : 'deadline-passed'
  return { attemptsUsed: attempts, attemptsLeft: closed ? 0 : attemptsLeft, closed }
}

/** Why a whole assignment takes no more answers (null while any question still does). */
function assignmentClosed(statuses: ItemStatus[]): ItemStatus['closed'] | 'finished' {
  if (statuses.length === 0 || statuses.some((s) => !s.closed)) return null
  return statuses.every((s) => s.closed === statuses[0].closed) ? statuses[0].closed : 'finished'
}

/** Best penalized score, attempt count and whether it was solved, per item, for one student. */
async function progress(db: Db, userId: string, itemIds: string[]) {
  const [best, solved] = await Promise.all([
    bestScores(db, userId, itemIds),
    db.attempt.groupBy({ by: ['itemId'], where: { userId, itemId: { in: itemIds }, rawScore: { gte: 1 } } }),
  ])
  return { best, solved: new Set(solved.map((r) => r.itemId)) }
}

export async function dashboard(db: Db, actor: Actor, now: Date = new Date()) {
  const { userId } = requireUser(actor)
  const enrollments = await db.enrollment.findMany({
    where: { userId },
    include: { course: { include: { assignments: { include: { items: true }, orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }] } } } },
    orderBy: { createdAt: 'asc' },
  })
  const itemIds = enrollments.flatMap((e) => e.course.assignments.flatMap((a) => a.items.map((i) => i.id)))
  const assignmentIds = enrollments.flatMap((e) => e.course.assignments.map((a) => a.id))
  const [{ best, solved }, extensions] = await Promise.all([
    progress(db, userId, itemIds),
    db.extension.findMany({ where: { userId, assignmentId: { in: assignmentIds } } }),
  ])
  const extBy = new Map(extensions.map((x) => [x.assignmentId, x.dueAt]))
  return enrollments.map((e) => ({
    courseId: e.courseId,
    title: e.course.title,
    role: roleSchema.parse(e.role),
    assignments: e.course.assignments.map((a) => {
      const total = a.items.reduce((s, i) => s + i.points, 0)
      const earned = a.items.reduce((s, i) => s + (best.get(i.id)?.best ?? 0) * i.points, 0)
      const attempted = a.items.filter((i) => best.has(i.id)).length
      const ext = extBy.get(a.id) ?? null
      const statuses = a.items.map((i) => itemStatus(a, now, ext, best.get(i.id)?.attempts ?? 0, solved.has(i.id)))
      return {
        id: a.id,
        title: a.title,
        opensAt: a.opensAt,
        /** This student's due date: their extension when they have one. */
        dueAt: effectiveDue(a, ext),
        extended: ext !== null,
        items: a.items.length,
        attempted,
        earned,
        total,
        /** Questions that still take answers, and the attempts left on them. */
        openItems: statuses.filter((s) => !s.closed).length,
        attemptsLeft: statuses.reduce((s, x) => s + x.attemptsLeft, 0),
        /** Why nothing can be submitted any more, when every question is closed for the same reason. */
        closed: assignmentClosed(statuses),
      }
    }),
  }))
}

export async function assignmentView(db: Db, actor: Actor, assignmentId: string) {
  requireUser(actor)
  const id = parseId(assignmentId, 'assignment')
  const a = await db.assignment.findUnique({ where: { id }, include: { course: true, items: { orderBy: { position: 'asc' } } } })
  if (!a) throw new UserError('not-found', 'That assignment was not found.')
  const enrollment = await requireCourseRole(db, actor, a.courseId, ['STUDENT', 'TA', 'INSTRUCTOR'])
  const itemIds = a.items.map((i) => i.id)
  const [{ best, solved }, ext] = await Promise.all([progress(db, enrollment.userId, itemIds), extensionDue(db, a.id, enrollment.userId)])
  const now = new Date()
  return {
    id: a.id,
    title: a.title,
    description: a.description,
    course: { id: a.course.id, title: a.course.title },
    role: enrollment.role,
    opensAt: a.opensAt,
    /** This viewer's due date: their extension when they have one. */
    dueAt: effectiveDue(a, ext),
    extended: ext !== null,
    maxAttempts: a.maxAttempts,
    items: a.items.map((i) => ({
      id: i.id,
      position: i.position,
      points: i.points,
      title: templateOrThrow(i.templateId).title,
      best: best.get(i.id)?.best ?? null,
      attempts: best.get(i.id)?.attempts ?? 0,
      status: itemStatus(a, now, ext, best.get(i.id)?.attempts ?? 0, solved.has(i.id)),
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
  const course = await db.course.findUniqueOrThrow({ where: { id: item.assignment.courseId }, select: { id: true, title: true } })
  const attempts = await db.attempt.findMany({ where: { itemId: item.id, userId }, orderBy: { number: 'asc' } })
  const index = currentVariantIndex(item.assignment, attempts.length)
  const variant = await getOrCreateVariant(db, item, userId, index)
  const { template, data } = materialize(variant)
  const view = publicView(template, data)
  const ext = await extensionDue(db, item.assignmentId, userId)
  const window = submitWindow(item.assignment, new Date(), ext)
  const solved = attempts.some((a) => a.rawScore >= 1)
  return {
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
    course,
    status: itemStatus(item.assignment, new Date(), ext, attempts.length, solved),
    history: attempts.map((a) => ({ id: a.id, number: a.number, score: a.score, rawScore: a.rawScore, late: a.late, submittedAt: a.submittedAt })),
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
  const showDerivation =
    staff || derivationVisible(attempt.item.assignment, { now: new Date(), solved: all.some((a) => a.rawScore >= 1), attemptsUsed: all.length, extensionDue: ext })
  const parts = z.record(z.string(), partGradeSchema).parse(JSON.parse(attempt.grade))
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
    score: attempt.score,
    rawScore: attempt.rawScore,
    late: attempt.late,
    submittedAt: attempt.submittedAt,
    maxAttempts: attempt.item.assignment.maxAttempts,
    attemptsUsed: all.length,
    intro: view.intro,
    parts: view.parts.map((p) => ({
      id: p.id,
      prompt: p.prompt,
      label: p.label,
      given: JSON.parse(attempt.rawAnswers)[p.id] ?? null,
      /** For choice parts: the labels (math text) of the chosen options, since the raw input holds opaque ids. */
      givenLabels: choiceLabels(p.answer, JSON.parse(attempt.rawAnswers)[p.id]),
      grade: parts[p.id] ?? null,
      mistake: parts[p.id]?.diagnosis ? (labels.get(parts[p.id].diagnosis!) ?? parts[p.id].diagnosis) : null,
    })),
    derivation,
    /** Whether the policy lets this viewer see the derivation now (it may still be left out on request). */
    derivationAvailable: showDerivation,
    derivationHiddenReason: showDerivation
      ? null
      : attempt.item.assignment.derivationPolicy === 'AFTER_DUE'
        ? 'The worked solution is shown after the due date.'
        : 'The worked solution is shown once you answer correctly or have used every attempt.',
  }
}
