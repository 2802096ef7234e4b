/**
 * Class results for staff (instructors and TAs): the gradebook, one student's attempts, per-question
 * statistics and the misconception report, plus manual grade overrides (recorded in GradeChange).
 * The score that counts for a question is the student's best penalized attempt, as on the student dashboard.
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import type { PartGrade } from '@/lib/questions/types'
import { makeVariant, publicView } from '@/lib/questions/variant'
import { answerText } from '../answerText'
import type { Actor } from '../authz'
import { UserError } from '../errors'
import { materialize, templateOrThrow } from '../variants'
import { previewSeed } from './assignments'
import { countedScore, creditKey, creditsFor } from '../credits'
import { STAFF_ROLES, changeReason, courseStudents, idSchema, loadAssignment, loadAttempt, loadItem, parseInput, shareReasonSchema } from './common'
import { enqueueScorePassback } from '../lti/outbox'

const SOLVED = 1 - 1e-9

function itemHeaders(items: { id: string; position: number; points: number; templateId: string }[]) {
  return items.map((i) => ({ id: i.id, position: i.position, points: i.points, templateId: i.templateId, title: templateOrThrow(i.templateId).title }))
}

/** Students × questions: best score, attempts, late flag; totals in points. */
export async function gradebook(db: Db, actor: Actor, assignmentId: unknown) {
  const { assignment: a, enrollment } = await loadAssignment(db, actor, assignmentId, STAFF_ROLES)
  const students = await courseStudents(db, a.courseId)
  const items = itemHeaders(a.items)
  const attempts = await db.attempt.findMany({
    where: { itemId: { in: items.map((i) => i.id) } },
    select: { id: true, itemId: true, userId: true, score: true, late: true, number: true, gradeChanges: { where: { kind: 'OVERRIDE' }, select: { id: true } } },
    orderBy: [{ score: 'desc' }, { number: 'asc' }],
  })
  const credits = await creditsFor(db, items.map((i) => i.id))
  const extensions = await db.extension.findMany({ where: { assignmentId: a.id } })
  const extBy = new Map(extensions.map((e) => [e.userId, e.dueAt]))
  const key = (u: string, i: string) => `${u}\u001f${i}`
  const best = new Map<string, { attemptId: string; score: number; late: boolean; attempts: number; overridden: boolean }>()
  for (const t of attempts) {
    const k = key(t.userId, t.itemId)
    const cur = best.get(k)
    // Ordered by score desc: the first seen is the counted (best) attempt.
    if (cur) cur.attempts += 1
    else best.set(k, { attemptId: t.id, score: t.score, late: t.late, attempts: 1, overridden: t.gradeChanges.length > 0 })
  }
  const totalPoints = items.reduce((s, i) => s + i.points, 0)
  const rows = students.map((s) => {
    const cells = items.map((i) => {
      const b = best.get(key(s.id, i.id))
      const credit = credits.get(creditKey(s.id, i.id))
      const score = countedScore(b?.score, credit)
      // "credited": the counted score is credit given by hand, above every attempt (or with none).
      const credited = credit !== undefined && credit > (b?.score ?? -1)
      return {
        itemId: i.id,
        score,
        points: (score ?? 0) * i.points,
        attempts: b?.attempts ?? 0,
        late: !credited && (b?.late ?? false),
        overridden: credited || (b?.overridden ?? false),
        credited,
        attemptId: b?.attemptId ?? null,
      }
    })
    const total = cells.reduce((sum, c) => sum + c.points, 0)
    return { userId: s.id, name: s.name, email: s.email, cells, total, fraction: totalPoints > 0 ? total / totalPoints : 0, late: cells.some((c) => c.late), extensionDue: extBy.get(s.id) ?? null }
  })
  return {
    assignment: { id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.course.title, dueAt: a.dueAt, maxAttempts: a.maxAttempts },
    myRole: enrollment.role,
    items,
    totalPoints,
    rows,
  }
}

const partGradeSchema = z.object({ score: z.number(), correct: z.boolean(), feedback: z.string(), diagnosis: z.string().nullable(), carriedForward: z.boolean().optional() })
const partsSchema = z.record(z.string(), partGradeSchema)

const drilldownSchema = z.object({ assignmentId: idSchema, userId: idSchema })

/** Every attempt of one student in the assignment, with its variant, answers, feedback and grade changes. */
export async function studentDrilldown(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(drilldownSchema, raw)
  const { assignment: a, enrollment } = await loadAssignment(db, actor, input.assignmentId, STAFF_ROLES)
  const student = await db.enrollment.findUnique({ where: { userId_courseId: { userId: input.userId, courseId: a.courseId } }, include: { user: true } })
  if (student?.role !== 'STUDENT') throw new UserError('not-found', 'That student is not in this course.')
  const attempts = await db.attempt.findMany({
    where: { userId: input.userId, itemId: { in: a.items.map((i) => i.id) } },
    include: { variant: true, gradeChanges: { include: { changedBy: { select: { name: true, email: true } } }, orderBy: { createdAt: 'asc' } } },
    orderBy: [{ itemId: 'asc' }, { number: 'asc' }],
  })
  const extension = await db.extension.findUnique({ where: { assignmentId_userId: { assignmentId: a.id, userId: input.userId } } })
  const credits = await db.itemCredit.findMany({ where: { userId: input.userId, itemId: { in: a.items.map((i) => i.id) } }, include: { givenBy: { select: { name: true, email: true } } } })
  const items = a.items.map((item) => {
    const credit = credits.find((c) => c.itemId === item.id)
    const template = templateOrThrow(item.templateId)
    const labels = new Map(template.mistakes.map((m) => [m.id, m.label]))
    const mine = attempts.filter((t) => t.itemId === item.id)
    return {
      id: item.id,
      position: item.position,
      points: item.points,
      title: template.title,
      best: countedScore(mine.length ? Math.max(...mine.map((t) => t.score)) : null, credit?.score),
      /** Credit given by hand (the question had no attempt then). */
      credit: credit ? { score: credit.score, reason: credit.reason, shareReason: credit.shareReason, by: credit.givenBy.name || credit.givenBy.email, at: credit.updatedAt } : null,
      attempts: mine.map((t) => {
        const { data } = materialize(t.variant)
        const view = publicView(template, data)
        const answers = template.solve(data)
        const parts = partsSchema.parse(JSON.parse(t.grade)) as Record<string, PartGrade>
        const given = JSON.parse(t.rawAnswers) as Record<string, unknown>
        return {
          id: t.id,
          number: t.number,
          submittedAt: t.submittedAt,
          late: t.late,
          rawScore: t.rawScore,
          score: t.score,
          templateVersion: t.templateVersion,
          variant: { id: t.variant.id, index: t.variant.index, seed: t.variant.seed },
          parts: view.parts.map((p) => ({
            id: p.id,
            prompt: p.prompt,
            label: p.label,
            given: given[p.id] ?? null,
            correctAnswer: answers[p.id] ?? null,
            /** Both as a person reads them (a choice's option text, not its id): math text. */
            givenText: answerText(p.answer, given[p.id]),
            correctText: answerText(p.answer, answers[p.id]),
            isChoice: p.answer.type === 'choice',
            grade: parts[p.id] ?? null,
            mistake: parts[p.id]?.diagnosis ? (labels.get(parts[p.id].diagnosis!) ?? parts[p.id].diagnosis) : null,
          })),
          changes: t.gradeChanges.map((c) => ({ id: c.id, kind: c.kind, from: c.fromScore, to: c.toScore, reason: c.reason, shareReason: c.shareReason, by: c.changedBy.name || c.changedBy.email, at: c.createdAt })),
        }
      }),
    }
  })
  return {
    assignment: { id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.course.title, dueAt: a.dueAt },
    myRole: enrollment.role,
    student: { id: student.userId, name: student.user.name, email: student.user.email },
    extensionDue: extension?.dueAt ?? null,
    items,
  }
}

/** Per question: mean best score, share solved, attempts to solve, share right on the first attempt. */
export async function itemStats(db: Db, actor: Actor, assignmentId: unknown) {
  const { assignment: a } = await loadAssignment(db, actor, assignmentId, STAFF_ROLES)
  const students = await courseStudents(db, a.courseId)
  const studentIds = new Set(students.map((s) => s.id))
  const attempts = await db.attempt.findMany({
    where: { itemId: { in: a.items.map((i) => i.id) } },
    select: { itemId: true, userId: true, number: true, rawScore: true, score: true },
    orderBy: { number: 'asc' },
  })
  const items = itemHeaders(a.items).map((item) => {
    const byStudent = new Map<string, { best: number; firstRight: boolean; solvedAt: number | null; attempts: number }>()
    for (const t of attempts) {
      if (t.itemId !== item.id || !studentIds.has(t.userId)) continue
      const s = byStudent.get(t.userId) ?? { best: 0, firstRight: false, solvedAt: null, attempts: 0 }
      s.best = Math.max(s.best, t.score)
      s.attempts += 1
      if (t.number === 1 && t.rawScore >= SOLVED) s.firstRight = true
      if (s.solvedAt === null && t.rawScore >= SOLVED) s.solvedAt = t.number
      byStudent.set(t.userId, s)
    }
    const list = [...byStudent.values()]
    const attempted = list.length
    const solvers = list.filter((s) => s.solvedAt !== null)
    const mean = (xs: number[]) => (xs.length ? xs.reduce((p, q) => p + q, 0) / xs.length : null)
    return {
      ...item,
      students: students.length,
      attempted,
      totalAttempts: list.reduce((p, s) => p + s.attempts, 0),
      meanScore: mean(list.map((s) => s.best)),
      solvedShare: attempted ? solvers.length / attempted : null,
      meanAttemptsToSolve: mean(solvers.map((s) => s.solvedAt as number)),
      firstTryShare: attempted ? list.filter((s) => s.firstRight).length / attempted : null,
    }
  })
  return { assignment: { id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.course.title }, students: students.length, items }
}

/**
 * For each question, how many students made each named mistake (in any attempt), with example attempts;
 * also wrong answers that matched no named mistake. Mistakes the template knows but nobody made count 0.
 */
export async function misconceptionReport(db: Db, actor: Actor, assignmentId: unknown) {
  const { assignment: a } = await loadAssignment(db, actor, assignmentId, STAFF_ROLES)
  const students = await courseStudents(db, a.courseId)
  const names = new Map(students.map((s) => [s.id, s.name || s.email]))
  const parts = await db.attemptPart.findMany({
    // Wrong parts, and parts credited by carry-forward whose value is itself a named mistake (issue 9).
    where: { OR: [{ correct: false }, { diagnosis: { not: null } }], attempt: { itemId: { in: a.items.map((i) => i.id) } } },
    select: { partId: true, diagnosis: true, attempt: { select: { id: true, itemId: true, userId: true, number: true } } },
    orderBy: { attempt: { submittedAt: 'asc' } },
  })
  const attemptedBy = await db.attempt.groupBy({ by: ['itemId', 'userId'], where: { itemId: { in: a.items.map((i) => i.id) } } })
  const items = itemHeaders(a.items).map((item) => {
    const template = templateOrThrow(item.templateId)
    const rows = new Map<string, { id: string | null; label: string; description: string; part: string | null; students: Set<string>; attempts: number; examples: { attemptId: string; student: string; number: number }[] }>()
    for (const m of template.mistakes) rows.set(m.id, { id: m.id, label: m.label, description: m.description, part: m.part, students: new Set(), attempts: 0, examples: [] })
    const other = { id: null, label: 'Wrong, no named mistake', description: 'A wrong answer that matched none of the named mistakes.', part: null, students: new Set<string>(), attempts: 0, examples: [] as { attemptId: string; student: string; number: number }[] }
    for (const p of parts) {
      if (p.attempt.itemId !== item.id || !names.has(p.attempt.userId)) continue
      let row = p.diagnosis ? rows.get(p.diagnosis) : other
      if (!row && p.diagnosis) {
        // A diagnosis of an older template version that the current one no longer names.
        row = { id: p.diagnosis, label: p.diagnosis, description: '', part: p.partId, students: new Set(), attempts: 0, examples: [] }
        rows.set(p.diagnosis, row)
      }
      if (!row) continue
      row.attempts += 1
      if (!row.students.has(p.attempt.userId) && row.examples.length < 5) {
        row.examples.push({ attemptId: p.attempt.id, student: names.get(p.attempt.userId) ?? '', number: p.attempt.number })
      }
      row.students.add(p.attempt.userId)
    }
    const attempted = attemptedBy.filter((r) => r.itemId === item.id && names.has(r.userId)).length
    const out = [...rows.values(), other]
      .map((r) => ({ id: r.id, label: r.label, description: r.description, part: r.part, students: r.students.size, attempts: r.attempts, examples: r.examples }))
      .sort((x, y) => y.students - x.students || y.attempts - x.attempts)
    // Parts named when a template's mistakes span several parts (two parts can share a mistake's label).
    const partIds = template.parts(makeVariant(template, JSON.parse(a.items.find((i) => i.id === item.id)!.params), previewSeed(item.id, 1))).map((p) => p.id)
    return {
      ...item,
      attempted,
      multiPart: partIds.length > 1,
      mistakes: out.map((m) => ({ ...m, partNumber: m.part && partIds.includes(m.part) ? partIds.indexOf(m.part) + 1 : null })),
    }
  })
  return { assignment: { id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.course.title }, students: students.length, items }
}

const overrideScore = z.coerce.number({ message: 'The score must be a number.' }).min(0, 'The score is at least 0%.').max(1, 'The score is at most 100%.')

export const overrideSchema = z.object({ attemptId: idSchema, score: overrideScore, reason: changeReason, shareReason: shareReasonSchema })

/** Manual override of one attempt's counted score (TAs and instructors), recorded with who, when and why. */
export async function overrideGrade(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(overrideSchema, raw)
  const { attempt, enrollment } = await loadAttempt(db, actor, input.attemptId, STAFF_ROLES)
  return db.$transaction(async (tx) => {
    const fresh = await tx.attempt.findUniqueOrThrow({ where: { id: attempt.id } })
    await tx.attempt.update({ where: { id: attempt.id }, data: { score: input.score } })
    await enqueueScorePassback(tx, attempt.item.assignmentId, attempt.userId)
    return tx.gradeChange.create({
      data: { attemptId: attempt.id, kind: 'OVERRIDE', fromScore: fresh.score, toScore: input.score, reason: input.reason, shareReason: input.shareReason, changedById: enrollment.userId },
    })
  })
}

export const creditSchema = z.object({ itemId: idSchema, userId: idSchema, score: overrideScore, reason: changeReason, shareReason: shareReasonSchema })

/**
 * Credit for a question the student never attempted (TAs and instructors), e.g. excused work: the question then
 * counts this score. Giving it again replaces it. A question with attempts is changed by overriding an attempt.
 */
export async function giveCredit(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(creditSchema, raw)
  const { item, enrollment } = await loadItem(db, actor, input.itemId, STAFF_ROLES)
  const student = await db.enrollment.findUnique({ where: { userId_courseId: { userId: input.userId, courseId: item.assignment.courseId } } })
  if (student?.role !== 'STUDENT') throw new UserError('not-found', 'That student is not in this course.')
  if ((await db.attempt.count({ where: { itemId: item.id, userId: input.userId } })) > 0) {
    throw new UserError('conflict', 'This student has attempts on this question: change the score of one of their attempts instead.')
  }
  return db.$transaction(async (tx) => {
    const data = { score: input.score, reason: input.reason, shareReason: input.shareReason, givenById: enrollment.userId }
    const credit = await tx.itemCredit.upsert({ where: { itemId_userId: { itemId: item.id, userId: input.userId } }, create: { itemId: item.id, userId: input.userId, ...data }, update: data })
    await enqueueScorePassback(tx, item.assignmentId, input.userId)
    return credit
  })
}
