/**
 * A student's sitting of an exam: the rules before starting, starting (once, with the access code when there
 * is one), the exam page's state, and the student's own "Submit exam". The deadline is fixed by the server at
 * start: min(start + the student's limit, the student's close time).
 */
import { timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { publicView } from '@/lib/questions/variant'
import { type Actor, requireCourseRole, requireUser } from '../authz'
import { UserError, isUniqueViolation } from '../errors'
import { currentVariantIndex } from '../policy'
import { getOrCreateVariant, materialize, templateOrThrow } from '../variants'
import { submitExamSession } from './submit'
import { sessionDeadline, startRefusal, studentLimitSeconds, studentWindow } from './timing'
import { visibilityFor } from './visibility'

const idSchema = z.string().min(1).max(64)

async function loadExam(db: Db, actor: Actor, assignmentId: unknown) {
  const { userId } = requireUser(actor)
  const id = idSchema.safeParse(assignmentId)
  if (!id.success) throw new UserError('not-found', 'That exam was not found.')
  const a = await db.assignment.findUnique({ where: { id: id.data }, include: { exam: true, course: { select: { id: true, title: true } } } })
  if (!a?.exam) throw new UserError('not-found', 'That exam was not found.')
  const enrollment = await requireCourseRole(db, actor, a.courseId, ['STUDENT'])
  const [acc, ext, session] = await Promise.all([
    db.examAccommodation.findUnique({ where: { assignmentId_userId: { assignmentId: a.id, userId } } }),
    db.extension.findUnique({ where: { assignmentId_userId: { assignmentId: a.id, userId } } }),
    db.examSession.findUnique({ where: { assignmentId_userId: { assignmentId: a.id, userId } } }),
  ])
  const timing = { timeLimitSeconds: a.exam.timeLimitSeconds, opensAt: a.opensAt, dueAt: a.dueAt }
  return { a, exam: a.exam, userId, role: enrollment.role, acc, extDue: ext?.dueAt ?? null, session, timing }
}

function codeMatches(expected: string, given: string): boolean {
  const e = Buffer.from(expected.trim().toLowerCase())
  const g = Buffer.from(given.trim().toLowerCase())
  return e.length === g.length && timingSafeEqual(e, g)
}

export const startExamSchema = z.object({
  assignmentId: idSchema,
  accessCode: z.string().max(200).optional(),
})

/** Starts the student's sitting (idempotent: starting again returns the same session and deadline). */
export async function startExam(db: Db, actor: Actor, raw: unknown, now: Date = new Date()) {
  const parsed = startExamSchema.safeParse(raw)
  if (!parsed.success) throw new UserError('invalid', 'The request to start the exam was malformed.')
  const x = await loadExam(db, actor, parsed.data.assignmentId)
  if (x.session) return { sessionId: x.session.id, deadlineAt: x.session.deadlineAt, status: x.session.status, alreadyStarted: true }
  const refusal = startRefusal(x.timing, now, x.acc, x.extDue)
  if (refusal) throw new UserError('closed', refusal)
  if (x.exam.accessCode && !codeMatches(x.exam.accessCode, parsed.data.accessCode ?? '')) {
    throw new UserError('invalid', 'That access code is not right. Ask your instructor for the code.', { accessCode: 'That access code is not right.' })
  }
  const deadlineAt = sessionDeadline(x.timing, now, x.acc, x.extDue)
  try {
    const s = await db.examSession.create({ data: { assignmentId: x.a.id, userId: x.userId, startedAt: now, deadlineAt } })
    return { sessionId: s.id, deadlineAt: s.deadlineAt, status: s.status, alreadyStarted: false }
  } catch (e) {
    if (!isUniqueViolation(e)) throw e
    // Two clicks at once: the other one started it.
    const s = await db.examSession.findUniqueOrThrow({ where: { assignmentId_userId: { assignmentId: x.a.id, userId: x.userId } } })
    return { sessionId: s.id, deadlineAt: s.deadlineAt, status: s.status, alreadyStarted: true }
  }
}

/** The student's "Submit exam": the same recording as the deadline sweep. */
export async function finishExam(db: Db, actor: Actor, assignmentId: unknown, now: Date = new Date()) {
  const x = await loadExam(db, actor, assignmentId)
  if (!x.session) throw new UserError('closed', 'You have not started this exam.')
  const by = now > x.session.deadlineAt ? 'DEADLINE' : 'STUDENT'
  await submitExamSession(db, x.session.id, by, now > x.session.deadlineAt ? x.session.deadlineAt : now)
  const s = await db.examSession.findUniqueOrThrow({ where: { id: x.session.id } })
  return { status: s.status, submittedAt: s.submittedAt, submittedBy: s.submittedBy }
}

/**
 * Everything the exam page (and GET /api/exams/:id) shows: the rules, the sitting's state and deadline with the
 * server's clock, the questions with the saved drafts while sitting, and afterwards the results the review
 * options allow (nothing hidden ever leaves this function). A sitting past its deadline is submitted here
 * first (opportunistic sweep), so the student never sees a stale state.
 */
export async function examView(db: Db, actor: Actor, assignmentId: unknown, now: Date = new Date()) {
  let x = await loadExam(db, actor, assignmentId)
  if (x.session?.status === 'ACTIVE' && x.session.deadlineAt <= now) {
    await submitExamSession(db, x.session.id, 'DEADLINE', x.session.deadlineAt)
    x = await loadExam(db, actor, assignmentId)
  }
  const { a, exam, session, userId } = x
  const window = studentWindow(x.timing, x.acc, x.extDue)
  const items = await db.assignmentItem.findMany({ where: { assignmentId: a.id }, orderBy: { position: 'asc' } })
  const base = {
    assignment: { id: a.id, title: a.title, description: a.description, course: a.course },
    rules: {
      timeLimitSeconds: studentLimitSeconds(x.timing, x.acc),
      accessCodeRequired: !!exam.accessCode,
      oneAtATime: exam.oneAtATime,
      perQuestionCheck: exam.perQuestionCheck,
      opensAt: window.opensAt,
      closesAt: window.closesAt,
      questions: items.length,
      points: items.reduce((s, i) => s + i.points, 0),
    },
    serverNow: now,
  }
  if (!session) {
    return { ...base, state: 'not-started' as const, startRefusal: startRefusal(x.timing, now, x.acc, x.extDue), session: null, questions: [], results: null }
  }
  const sessionOut = { startedAt: session.startedAt, deadlineAt: session.deadlineAt, submittedAt: session.submittedAt, submittedBy: session.submittedBy }
  if (session.status === 'ACTIVE') {
    const drafts = await db.draft.findMany({ where: { userId, itemId: { in: items.map((i) => i.id) } } })
    const draftByItem = new Map(drafts.map((d) => [d.itemId, d]))
    const questions = []
    for (const item of items) {
      const variant = await getOrCreateVariant(db, { ...item, assignment: { courseId: a.courseId } }, userId, currentVariantIndex(a, 0))
      const { template, data } = materialize(variant)
      const view = publicView(template, data)
      const d = draftByItem.get(item.id)
      questions.push({
        id: item.id,
        position: item.position,
        points: item.points,
        title: template.title,
        variantId: variant.id,
        intro: view.intro,
        parts: view.parts,
        draft: d && d.variantId === variant.id ? (JSON.parse(d.answers) as Record<string, string | string[]>) : null,
        draftSavedAt: d?.updatedAt ?? null,
      })
    }
    return { ...base, state: 'sitting' as const, startRefusal: null, session: sessionOut, questions, results: null }
  }
  // Submitted: only what the review options allow at this moment.
  const vis = await visibilityFor(db, { assignmentId: a.id, dueAt: a.dueAt, userId, role: 'STUDENT', now })
  const attempts = await db.attempt.findMany({ where: { userId, itemId: { in: items.map((i) => i.id) } }, orderBy: { number: 'desc' } })
  const latest = new Map<string, (typeof attempts)[number]>()
  for (const t of attempts) if (!latest.has(t.itemId)) latest.set(t.itemId, t)
  const results = {
    visibility: { score: vis.score, correctness: vis.correctness, derivation: vis.derivation, released: vis.released },
    hiddenReason: vis.hiddenReason,
    total: vis.score ? items.reduce((s, i) => s + (latest.get(i.id)?.score ?? 0) * i.points, 0) : null,
    items: items.map((i) => {
      const t = latest.get(i.id)
      return { id: i.id, position: i.position, points: i.points, title: templateOrThrow(i.templateId).title, attemptId: t?.id ?? null, score: vis.score && t ? t.score : null }
    }),
  }
  return { ...base, state: 'submitted' as const, startRefusal: null, session: sessionOut, questions: [], results }
}
