/**
 * Mastery use cases: the student's skills page, "practise what I got wrong", practice outcomes and their reset,
 * the instructor's class mastery grid, and both as CSV.
 *
 * Where the evidence comes from (see lib/mastery/model.ts for the rule):
 * - graded attempts: AttemptPart rows (correctness and diagnosis, so regrades count). Which mistakes each
 *   part's variant told apart is computed from the variant the first time a student's mastery is read, and kept
 *   in MasteryEvent; submitting an answer does no mastery work at all (the submission path stays as it is);
 * - practice: the first check of each practice variant is stored in MasteryEvent (a student who re-checks the
 *   same variant after reading its derivation does not earn evidence twice). The student can delete it.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { type Contrast, workedContrast } from '@/lib/mastery/contrast'
import { templateFinder } from '@/lib/mastery/finder'
import { type Evidence, LEVEL_LABELS, type Level, type MasteryState, masteryOf, type MistakeState, RULE_TEXT, reviewDue } from '@/lib/mastery/model'
import { type PickReason, pickPractice } from '@/lib/mastery/picker'
import { createRng } from '@/lib/random'
import { discriminationByPart } from '@/lib/questions/discriminate'
import { getTemplate, templates } from '@/lib/questions/registry'
import { SKILL_IDS, SKILLS, type SkillId } from '@/lib/questions/skills'
import { makeVariant } from '@/lib/questions/variant'
import { type Actor, requireCourseRole, requireUser } from './authz'
import { UserError, isUniqueViolation } from './errors'
import { visibilityForAssignments } from './exams/visibility'
import { fileName, toCsv } from './instructor/export'
import { gradePractice, type PracticeResult, practiceSeedSchema } from './practice'
import { materialize } from './variants'

type EventRow = { userId: string; key: string; source: string; attemptId: string | null; templateId: string; partId: string; correct: boolean; diagnosis: string | null; reveals: string; answeredAt: Date }

const revealsSchema = z.array(z.string().max(100)).max(100)
const parseReveals = (raw: string): string[] => {
  const r = revealsSchema.safeParse(JSON.parse(raw))
  return r.success ? r.data : []
}

/** Inserts evidence rows; rows another request stored first (same user and key) are skipped. */
async function insertEvents(db: Db, rows: EventRow[]) {
  if (rows.length === 0) return
  try {
    await db.masteryEvent.createMany({ data: rows })
  } catch (e) {
    if (!isUniqueViolation(e)) throw e
    for (const row of rows) {
      try {
        await db.masteryEvent.create({ data: row })
      } catch (e2) {
        if (!isUniqueViolation(e2)) throw e2
      }
    }
  }
}

/**
 * Of one student's exam answers, only what the exam's review options show them now (lib/server/exams/visibility):
 * an answer whose correctness is hidden (results not released) is no evidence on their own skills page, and a
 * hidden diagnosis is dropped. Homework answers pass unchanged.
 */
async function visibleToStudent<P extends { correct: boolean; diagnosis: string | null; attempt: { item: { assignmentId: string; assignment: { dueAt: Date | null } } } }>(
  db: Db,
  userId: string,
  parts: P[],
): Promise<P[]> {
  const assignments = new Map(parts.map((p) => [p.attempt.item.assignmentId, { id: p.attempt.item.assignmentId, dueAt: p.attempt.item.assignment.dueAt, role: 'STUDENT' as const }]))
  if (assignments.size === 0) return parts
  const vis = await visibilityForAssignments(db, userId, [...assignments.values()])
  return parts.flatMap((p) => {
    const v = vis.get(p.attempt.item.assignmentId)
    if (!v?.exam) return [p]
    if (!v.correctness) return []
    return [v.diagnosis ? p : { ...p, diagnosis: null }]
  })
}

/**
 * The evidence of each student, in time order: their graded answers (all courses, or only `courseId`'s) and
 * their practice. Attempts seen for the first time get their "told apart" lists computed and stored.
 * `asStudent`: the student's own view (one user id); exam answers only as far as the exam shows them now.
 * Without it (course staff), every graded answer counts.
 */
async function evidenceOf(db: Db, userIds: string[], courseId?: string, asStudent = false): Promise<Map<string, Evidence[]>> {
  const out = new Map<string, Evidence[]>(userIds.map((u) => [u, []]))
  if (userIds.length === 0) return out
  const attemptWhere = { userId: { in: userIds }, ...(courseId ? { item: { assignment: { courseId } } } : {}) }
  const [allParts, events] = await Promise.all([
    db.attemptPart.findMany({
      where: { attempt: attemptWhere },
      select: {
        partId: true,
        correct: true,
        diagnosis: true,
        attempt: {
          select: {
            id: true,
            userId: true,
            submittedAt: true,
            variant: { select: { templateId: true } },
            item: { select: { assignmentId: true, assignment: { select: { dueAt: true } } } },
          },
        },
      },
    }),
    db.masteryEvent.findMany({ where: { userId: { in: userIds } }, select: { key: true, userId: true, source: true, attemptId: true, templateId: true, partId: true, correct: true, diagnosis: true, reveals: true, answeredAt: true } }),
  ])
  const parts = asStudent && userIds.length === 1 ? await visibleToStudent(db, userIds[0], allParts) : allParts
  const known = new Map(events.filter((e) => e.source === 'assignment').map((e) => [`${e.userId}\u001f${e.key}`, e]))
  const missing = [...new Set(parts.filter((p) => !known.has(`${p.attempt.userId}\u001fa:${p.attempt.id}:${p.partId}`)).map((p) => p.attempt.id))]
  if (missing.length > 0) {
    const attempts = await db.attempt.findMany({ where: { id: { in: missing } }, select: { id: true, userId: true, submittedAt: true, variant: true, parts: true } })
    const rows: EventRow[] = []
    for (const a of attempts) {
      const template = getTemplate(a.variant.templateId)
      if (!template) continue
      let told: Record<string, string[]> = {}
      try {
        told = discriminationByPart(template, materialize(a.variant).data)
      } catch {
        // A variant that no longer regenerates (params no longer valid) still counts right and wrong answers.
      }
      for (const p of a.parts) {
        const row: EventRow = {
          userId: a.userId,
          key: `a:${a.id}:${p.partId}`,
          source: 'assignment',
          attemptId: a.id,
          templateId: template.id,
          partId: p.partId,
          correct: p.correct,
          diagnosis: p.diagnosis,
          reveals: JSON.stringify(told[p.partId] ?? []),
          answeredAt: a.submittedAt,
        }
        rows.push(row)
        known.set(`${a.userId}\u001f${row.key}`, row)
      }
    }
    await insertEvents(db, rows)
  }
  for (const p of parts) {
    const cached = known.get(`${p.attempt.userId}\u001fa:${p.attempt.id}:${p.partId}`)
    out.get(p.attempt.userId)?.push({
      at: p.attempt.submittedAt.getTime(),
      templateId: p.attempt.variant.templateId,
      partId: p.partId,
      correct: p.correct,
      diagnosis: p.diagnosis,
      reveals: p.correct && cached ? parseReveals(cached.reveals) : [],
      source: 'assignment',
      attemptId: p.attempt.id,
    })
  }
  for (const e of events) {
    if (e.source !== 'practice') continue
    out.get(e.userId)?.push({ at: e.answeredAt.getTime(), templateId: e.templateId, partId: e.partId, correct: e.correct, diagnosis: e.diagnosis, reveals: parseReveals(e.reveals), source: 'practice' })
  }
  for (const list of out.values()) list.sort((a, b) => a.at - b.at)
  return out
}

function mistakeView(m: MistakeState) {
  const t = getTemplate(m.templateId)
  const mis = t?.mistakes.find((x) => x.id === m.misconceptionId)
  return {
    templateId: m.templateId,
    templateTitle: t?.title ?? m.templateId,
    misconceptionId: m.misconceptionId,
    label: mis?.label ?? m.misconceptionId,
    skill: m.skill,
    skillLabel: SKILLS[m.skill].label,
    times: m.times,
    open: m.open,
    cleared: m.cleared,
    exampleAttemptId: m.exampleAttemptId,
  }
}

const REASON_TEXT: Record<PickReason, string> = {
  mistake: 'A mistake you made is still open',
  learning: 'A skill you are still learning',
  review: 'A skill due for review',
  new: 'A skill you have not started',
}

function skillRows(state: MasteryState, now: number) {
  return SKILL_IDS.map((s) => {
    const k = state.skills[s]
    return {
      id: s,
      label: SKILLS[s].label,
      description: SKILLS[s].description,
      level: k.level,
      levelLabel: LEVEL_LABELS[k.level],
      answers: k.answers,
      right: k.right,
      run: k.run,
      reviewDue: reviewDue(k, now),
      reviewDueAt: k.reviewDueAt === null ? null : new Date(k.reviewDueAt),
      open: k.open.map(mistakeView),
    }
  })
}

/** The student's own skills page: every skill's level, the mistakes that still come back, and what to practise next. */
export async function myMastery(db: Db, actor: Actor, now: Date = new Date()) {
  const { userId } = requireUser(actor)
  const evidence = (await evidenceOf(db, [userId], undefined, true)).get(userId) ?? []
  const state = masteryOf(evidence)
  const next = pickPractice(state, { now: now.getTime(), rng: createRng(randomBytes(16).toString('hex')), finder: anySeedFinder, templateIds: Object.keys(templates), salt: 'preview' })
  return {
    skills: skillRows(state, now.getTime()),
    /** Diagnosed more than once, or still open. */
    mistakes: state.mistakes.filter((m) => m.open || m.times > 1).map(mistakeView),
    practiceAnswers: evidence.filter((e) => e.source === 'practice').length,
    next: next && {
      reason: REASON_TEXT[next.reason],
      skillLabel: SKILLS[next.skill].label,
      templateTitle: getTemplate(next.templateId)?.title ?? next.templateId,
      mistake: next.misconceptionId ? (getTemplate(next.templateId)?.mistakes.find((m) => m.id === next.misconceptionId)?.label ?? null) : null,
    },
    rule: RULE_TEXT,
  }
}

/** For the preview of "what next" only: any template of the skill, without searching for a telling variant. */
const anySeedFinder = { find: (_t: string, _m: string | null) => '0'.repeat(32) }

/**
 * "Practise what I got wrong": picks the template and variant to practise next (a variant that tells the most
 * recent open mistake apart, else a skill to learn or review). Returns where to go.
 */
export async function startTargetedPractice(db: Db, actor: Actor, now: Date = new Date()) {
  const { userId } = requireUser(actor)
  const state = masteryOf((await evidenceOf(db, [userId], undefined, true)).get(userId) ?? [])
  const salt = randomBytes(16).toString('hex')
  const pick = pickPractice(state, { now: now.getTime(), rng: createRng(salt), finder: templateFinder, templateIds: Object.keys(templates), salt })
  if (!pick) throw new UserError('not-found', 'There is nothing to practise yet.')
  const query = new URLSearchParams({ seed: pick.seed, ...(pick.misconceptionId ? { target: pick.misconceptionId } : {}) })
  return { ...pick, href: `/practice/${encodeURIComponent(pick.templateId)}?${query}` }
}

const targetSchema = z.string().min(1).max(100).optional()

/** The named mistake a practice variant was chosen for, if it is one of the template's and the variant produces it. */
export function practiceTarget(templateId: string, seed: unknown, target: unknown): { id: string; label: string } | null {
  const t = getTemplate(templateId)
  const s = practiceSeedSchema.safeParse(seed)
  const id = targetSchema.safeParse(target)
  if (!t || !s.success || !id.success || !id.data) return null
  const m = t.mistakes.find((x) => x.id === id.data)
  if (!m || m.value(makeVariant(t, {}, s.data)) === undefined) return null
  return { id: m.id, label: m.label }
}

export type CheckedPractice = PracticeResult & { contrasts?: Contrast[]; recorded?: boolean }

/**
 * Grades a practice answer (ungraded for the course) and stores its outcome for mastery, the first time this
 * student checks this variant. Returns the worked contrasts: for the targeted mistake, and for any named mistake
 * the answer made, the right and the mistaken method with this variant's numbers.
 */
export async function checkPractice(db: Db, actor: Actor, raw: unknown, target: unknown, now: Date = new Date()): Promise<CheckedPractice> {
  const { userId } = requireUser(actor)
  const result = gradePractice(actor, raw)
  if (!result.ok) return result
  // gradePractice validated the template id and the seed.
  const { templateId, seed } = raw as { templateId: string; seed: string }
  const template = getTemplate(templateId)!
  const s = practiceSeedSchema.parse(seed)
  const variant = makeVariant(template, {}, s)
  const told = discriminationByPart(template, variant)
  await insertEvents(
    db,
    (await db.masteryEvent.count({ where: { userId, key: { startsWith: `p:${template.id}:${s}:` } } })) > 0
      ? []
      : result.parts
          .filter((p) => p.grade)
          .map((p) => ({
            userId,
            key: `p:${template.id}:${s}:${p.id}`,
            source: 'practice',
            attemptId: null,
            templateId: template.id,
            partId: p.id,
            correct: p.grade!.correct,
            diagnosis: p.grade!.diagnosis,
            reveals: JSON.stringify(told[p.id] ?? []),
            answeredAt: now,
          })),
  )
  const ids = new Set<string>()
  const t = practiceTarget(template.id, s, target)
  if (t) ids.add(t.id)
  for (const p of result.parts) if (p.grade?.diagnosis) ids.add(p.grade.diagnosis)
  const contrasts = [...ids].map((id) => workedContrast(template, variant, id)).filter((c): c is Contrast => c !== null)
  return { ...result, contrasts, recorded: true }
}

/** Deletes the student's practice outcomes (graded attempts stay: they are the course's record). */
export async function resetPractice(db: Db, actor: Actor) {
  const { userId } = requireUser(actor)
  const r = await db.masteryEvent.deleteMany({ where: { userId, source: 'practice' } })
  return { deleted: r.count }
}

/** The student's own skills as CSV. */
export async function myMasteryCsv(db: Db, actor: Actor) {
  const m = await myMastery(db, actor)
  const header = ['Skill', 'Level', 'Answers', 'Right', 'Right in a row', 'Open mistakes', 'Next review (UTC)']
  const rows = m.skills.map((s) => [s.label.replace(/\$/g, ''), s.levelLabel, s.answers, s.right, s.run, s.open.map((o) => `${o.label.replace(/\$/g, '')} (${o.templateTitle})`).join('; '), s.reviewDueAt?.toISOString() ?? ''])
  return { filename: fileName('my-skills'), csv: toCsv([header, ...rows]) }
}

const courseIdSchema = z.string().trim().min(1).max(64)

/**
 * The class mastery grid (course staff): each student's level per skill, from this course's graded attempts
 * and the student's practice; and per skill, the named mistakes still open for students, with example attempts.
 */
export async function classMastery(db: Db, actor: Actor, rawCourseId: unknown, now: Date = new Date()) {
  requireUser(actor)
  const id = courseIdSchema.safeParse(rawCourseId)
  if (!id.success) throw new UserError('not-found', 'That course was not found, or you are not enrolled in it.')
  await requireCourseRole(db, actor, id.data, ['TA', 'INSTRUCTOR'])
  const course = await db.course.findUniqueOrThrow({ where: { id: id.data }, select: { id: true, title: true } })
  const students = await db.enrollment.findMany({
    where: { courseId: course.id, role: 'STUDENT' },
    select: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { user: { name: 'asc' } },
  })
  const evidence = await evidenceOf(db, students.map((s) => s.user.id), course.id)
  const rows = students.map(({ user }) => {
    const state = masteryOf(evidence.get(user.id) ?? [])
    return { userId: user.id, name: user.name || user.email, email: user.email, state }
  })
  const skills = SKILL_IDS.map((s) => {
    const counts = Object.fromEntries(['not-started', 'practising', 'familiar', 'proficient', 'mastered'].map((l) => [l, 0])) as Record<Level, number>
    for (const r of rows) counts[r.state.skills[s].level]++
    const byMistake = new Map<string, { templateTitle: string; label: string; students: number; examples: { attemptId: string; student: string }[] }>()
    for (const r of rows) {
      for (const m of r.state.skills[s].open) {
        const key = `${m.templateId}\u001f${m.misconceptionId}`
        const v = mistakeView(m)
        const entry = byMistake.get(key) ?? { templateTitle: v.templateTitle, label: v.label, students: 0, examples: [] }
        entry.students++
        if (m.exampleAttemptId && entry.examples.length < 5) entry.examples.push({ attemptId: m.exampleAttemptId, student: r.name })
        byMistake.set(key, entry)
      }
    }
    return { id: s, label: SKILLS[s].label, counts, mistakes: [...byMistake.values()].sort((a, b) => b.students - a.students) }
  })
  return {
    course,
    skills,
    students: rows.map((r) => ({
      userId: r.userId,
      name: r.name,
      email: r.email,
      levels: Object.fromEntries(SKILL_IDS.map((s) => [s, r.state.skills[s].level])) as Record<SkillId, Level>,
      open: r.state.mistakes.filter((m) => m.open).length,
      due: SKILL_IDS.filter((s) => reviewDue(r.state.skills[s], now.getTime())).length,
    })),
  }
}

/** The class grid as CSV: one row per student, one column per skill (the level). */
export async function classMasteryCsv(db: Db, actor: Actor, courseId: unknown) {
  const g = await classMastery(db, actor, courseId)
  const header = ['Student', 'Email', ...g.skills.map((s) => s.label.replace(/\$/g, '')), 'Open mistakes']
  const rows = g.students.map((s) => [s.name, s.email, ...SKILL_IDS.map((k) => LEVEL_LABELS[s.levels[k]]), s.open])
  return { filename: fileName(g.course.title, 'mastery'), csv: toCsv([header, ...rows]) }
}
