/**
 * Student use cases: dashboard, assignment, question page, submission, result.
 * Each one checks the actor's role in the course before it reads anything else.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import { z } from 'zod'
import type BetterSqlite3 from 'better-sqlite3'
import { type Db, pgQueryTypes, rawConnection } from '@/lib/db'
import { parseSubmission, rawSubmissionSchema } from '@/lib/questions/answers'
import type { Grade, GradeOptions, Step, Submission } from '@/lib/questions/types'
import { publicView } from '@/lib/questions/variant'
import { choiceLabels } from './answerText'
import { type Actor, assertRole, requireCourseRole, requireUser, roleSchema } from './authz'
import { UserError, fieldErrorsOf } from './errors'
import { countedScore, creditKey, creditsFor } from './credits'
import { assertCanOpen, checkSubmitGate, type ExamGate } from './exams/guard'
import { scoreMayLeave, visibilityFor, visibilityForAssignments } from './exams/visibility'
import { currentVariantIndex, derivationVisible, effectiveDue, type PolicyAssignment, penalizedScore, submitWindow } from './policy'
import { getOrCreateVariant, materialize, templateOrThrow } from './variants'
import { limitSubmission, submissionTryCounter, type TryCounter } from './edge/rateLimit'
import { type GroupSpec, inGroup } from './pgBatch'
import { changeNote } from './gradeNotes'

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

const toleranceSchema = z.object({ rel: z.number().nonnegative(), abs: z.number().nonnegative() })
/** Parsed item tolerances by their stored text (a handful per course; parsed once per process). */
const tolerances = new Map<string, GradeOptions['tolerance']>()

export function toleranceOf(raw: string | null): GradeOptions['tolerance'] {
  if (!raw) return undefined
  let t = tolerances.get(raw)
  if (!t) {
    t = toleranceSchema.parse(JSON.parse(raw))
    if (tolerances.size >= 500) tolerances.clear()
    tolerances.set(raw, t)
  }
  return t
}

/** Counted score per item for one student: the best penalized attempt, raised to any credit given by hand. */
async function bestScores(db: Db, userId: string, itemIds: string[]) {
  const [rows, credits] = await Promise.all([
    db.attempt.groupBy({ by: ['itemId'], where: { userId, itemId: { in: itemIds } }, _max: { score: true }, _count: { _all: true } }),
    creditsFor(db, itemIds, userId),
  ])
  const out = new Map(rows.map((r) => [r.itemId, { best: r._max.score ?? 0, attempts: r._count._all }]))
  for (const itemId of itemIds) {
    const credit = credits.get(creditKey(userId, itemId))
    if (credit !== undefined) out.set(itemId, { best: countedScore(out.get(itemId)?.best, credit) ?? 0, attempts: out.get(itemId)?.attempts ?? 0 })
  }
  return out
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
  const [{ best, solved }, extensions, vis] = await Promise.all([
    progress(db, userId, itemIds),
    db.extension.findMany({ where: { userId, assignmentId: { in: assignmentIds } } }),
    visibilityForAssignments(
      db,
      userId,
      enrollments.flatMap((e) => e.course.assignments.map((a) => ({ id: a.id, dueAt: a.dueAt, role: roleSchema.parse(e.role) }))),
    ),
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
        // An exam's score stays out of the dashboard until the review options show it.
        earned: vis.get(a.id)?.score === false ? null : earned,
        total,
        exam: !!vis.get(a.id)?.exam,
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
  const [{ best, solved }, ext, vis, regrades] = await Promise.all([
    progress(db, enrollment.userId, itemIds),
    extensionDue(db, a.id, enrollment.userId),
    visibilityFor(db, { assignmentId: a.id, dueAt: a.dueAt, userId: enrollment.userId, role: enrollment.role }),
    db.gradeChange.findMany({ where: { kind: 'REGRADE', attempt: { itemId: { in: itemIds }, userId: enrollment.userId } }, select: { createdAt: true, attempt: { select: { itemId: true } } } }),
  ])
  // The latest regrade that changed one of this viewer's attempts, per question.
  const regradedAt = new Map<string, Date>()
  for (const r of regrades) {
    const prev = regradedAt.get(r.attempt.itemId)
    if (!prev || r.createdAt > prev) regradedAt.set(r.attempt.itemId, r.createdAt)
  }
  const now = new Date()
  return {
    exam: vis.exam,
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
      best: vis.score ? (best.get(i.id)?.best ?? null) : null,
      attempts: best.get(i.id)?.attempts ?? 0,
      status: itemStatus(a, now, ext, best.get(i.id)?.attempts ?? 0, solved.has(i.id)),
      /** When a regrade last changed one of the viewer's attempts here (null while scores are hidden). */
      regradedAt: vis.score ? (regradedAt.get(i.id) ?? null) : null,
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
  const course = await db.course.findUniqueOrThrow({ where: { id: item.assignment.courseId }, select: { id: true, title: true } })
  const attempts = await db.attempt.findMany({ where: { itemId: item.id, userId }, orderBy: { number: 'asc' } })
  const vis = gate ? await visibilityFor(db, { assignmentId: item.assignmentId, dueAt: item.assignment.dueAt, userId, role: 'STUDENT' }) : null
  const index = currentVariantIndex(item.assignment, attempts.length)
  const variant = await getOrCreateVariant(db, item, userId, index)
  const { template, data } = materialize(variant)
  const view = publicView(template, data, toleranceOf(item.tolerance))
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
    course,
    status: itemStatus(item.assignment, new Date(), ext, attempts.length, solved),
    history: attempts.map((a) => ({ id: a.id, number: a.number, score: showScore ? a.score : null, rawScore: showScore ? a.rawScore : null, late: a.late, submittedAt: a.submittedAt })),
  }
}

export const submitAttemptSchema = z.object({
  itemId: idSchema,
  variantId: idSchema,
  idempotencyKey: z.string().min(8, 'Missing submission key: reload the page.').max(100),
  answers: rawSubmissionSchema,
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
  | { ok: true; attemptId: string; duplicate: boolean; summary: AttemptSummary; /** an exam question: its summary is masked by the review options */ exam: boolean }
  | { ok: false; message: string; fieldErrors?: Record<string, string> }

/** The row a submission is checked against: item and assignment policy, the asker's role and session, their variant, extension and attempt count, and any attempt already stored under the idempotency key. */
interface SubmitContext extends PolicyAssignment {
  courseId: string
  tolerance: string | null
  role: string | null
  sessionVersion: number | null
  extensionDue: Date | null
  used: number
  variant: { userId: string; itemId: string; index: number; seed: string; templateId: string; params: string; data: string | null } | null
  previous: { id: string; userId: string; itemId: string; number: number; score: number; rawScore: number; late: boolean; grade: string } | null
  /** The exam facts (null for homework), read in the same statement. */
  exam: ExamGate | null
  assignmentId: string
  /** When an exam's results are (to be) released: from then on its scores go to an LMS in any case. */
  examReleaseAt: Date | null
  /** The exam's review matrix (JSON) and when its close was handed out: whether a score may go out earlier. */
  examReview: string
  examCloseNotifiedAt: Date | null
  /** LMS line items (LTI AGS) this assignment's scores are sent to. */
  ltiLinks: number
  /** The submission limit's count and window end (epoch ms) when the read counted this try (TryCounter). */
  tried: { consumed: number; expireMs: number } | null
}

/** A DateTime from raw SQL: a Date (PostgreSQL, typed SQLite columns) or ISO text (SQLite expressions). */
function asDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null
  return v instanceof Date ? v : new Date(typeof v === 'bigint' ? Number(v) : (v as string | number))
}
const asBool = (v: unknown) => v === true || v === 1 || v === 1n || v === '1'

const sqliteStatements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>()

/**
 * A statement prepared once per SQLite connection: the submission's read runs on the client's own connection like
 * its write (sqliteAttemptWriter), since preparing this statement again on every call costs more than running it.
 */
function sqliteStatement(conn: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let cache = sqliteStatements.get(conn)
  if (!cache) {
    cache = new Map()
    sqliteStatements.set(conn, cache)
  }
  let st = cache.get(sql)
  if (!st) {
    st = conn.prepare(sql)
    cache.set(sql, st)
  }
  return st
}

/**
 * The submission's read for one (user, item, variant, idempotency key), each given as an SQL expression: named
 * parameters on SQLite, the columns of the batch's row on PostgreSQL. See readSubmitContext.
 */
function contextSelect(ref: { userId: string; itemId: string; variantId: string; key: string }): string {
  return `SELECT a."id" AS "assignmentId", a."courseId", a."opensAt", a."dueAt", a."lateCutoffAt", a."latePenaltyPerDay", a."maxAttempts", a."variantPolicy",
      a."retryPenalty", a."derivationPolicy", i."tolerance", e."role", u."sessionVersion", x."dueAt" AS "extensionDue",
      (SELECT COALESCE(MAX(c."number"), 0) FROM "Attempt" c WHERE c."itemId" = i."id" AND c."userId" = ${ref.userId}) AS "used",
      es."perQuestionCheck" AS "examPerQuestion", es."releaseAt" AS "examReleaseAt", es."review" AS "examReview", es."closeNotifiedAt" AS "examCloseNotifiedAt",
      (SELECT COUNT(*) FROM "LtiResourceLink" l WHERE l."assignmentId" = a."id" AND l."lineItemUrl" IS NOT NULL) AS "ltiLinks",
      xs."id" AS "examSessionId", xs."status" AS "examStatus", xs."deadlineAt" AS "examDeadline",
      v."userId" AS "vUserId", v."itemId" AS "vItemId", v."index" AS "vIndex", v."seed" AS "vSeed", v."templateId" AS "vTemplateId", v."params" AS "vParams", v."data" AS "vData",
      p."id" AS "pId", p."userId" AS "pUserId", p."itemId" AS "pItemId", p."number" AS "pNumber", p."score" AS "pScore",
      p."rawScore" AS "pRawScore", p."late" AS "pLate", p."grade" AS "pGrade"
    FROM "AssignmentItem" i
    JOIN "Assignment" a ON a."id" = i."assignmentId"
    LEFT JOIN "Enrollment" e ON e."userId" = ${ref.userId} AND e."courseId" = a."courseId"
    LEFT JOIN "User" u ON u."id" = ${ref.userId}
    LEFT JOIN "Extension" x ON x."assignmentId" = a."id" AND x."userId" = ${ref.userId}
    LEFT JOIN "ExamSettings" es ON es."assignmentId" = a."id"
    LEFT JOIN "ExamSession" xs ON xs."assignmentId" = a."id" AND xs."userId" = ${ref.userId}
    LEFT JOIN "Variant" v ON v."id" = ${ref.variantId}
    LEFT JOIN "Attempt" p ON p."idempotencyKey" = ${ref.key}
    WHERE i."id" = ${ref.itemId}`
}

const SQLITE_READ = contextSelect({ userId: '@userId', itemId: '@itemId', variantId: '@variantId', key: '@key' })

interface ReadItem {
  userId: string
  itemId: string
  variantId: string
  key: string
  /** The submission limit's row to count this try on, and the window's end (epoch ms) if it starts now. */
  counter: { key: string; expire: number } | null
}

/**
 * The PostgreSQL read for a group of submissions (lib/server/pgBatch), one prepared statement of fixed text: one row
 * per item that found its question, numbered by the item's place ("ord"). The tries to count go through the
 * library's upsert on its own rows (key "submit:<userId>", points, expire in epoch ms) as a data-modifying CTE, in
 * key order; that part's commit does not wait for the log to reach the disk (set_config(…, true) lasts for this
 * statement's own transaction): a counter may lose its last increments in a crash of the database server, as in the
 * library's own store (rateLimit.ts), while the attempt's write keeps the server's durable commit. OFFSET 0 keeps
 * each item's lookup a nested loop of index scans, whatever the planner guesses of the arrays' length.
 */
const PG_READ = `
  WITH q AS MATERIALIZED (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) WITH ORDINALITY
      AS q("userId", "itemId", "variantId", "key", "counterKey", "counterExpire", "ord")
  ), tried AS (
    INSERT INTO "rate_limit" ("key", "points", "expire")
    SELECT q."counterKey", 1, q."counterExpire" FROM q WHERE q."counterKey" IS NOT NULL ORDER BY q."counterKey"
    ON CONFLICT ("key") DO UPDATE SET
      "points" = CASE WHEN "rate_limit"."expire" <= $7::bigint THEN 1 ELSE "rate_limit"."points" + 1 END,
      "expire" = CASE WHEN "rate_limit"."expire" <= $7::bigint THEN excluded."expire" ELSE "rate_limit"."expire" END
    RETURNING "key", "points", "expire"
  )
  SELECT q."ord", r.*, t."points" AS "triedPoints", t."expire" AS "triedExpire", set_config('synchronous_commit', 'off', true) AS "counterCommit"
  FROM q
  CROSS JOIN LATERAL (${contextSelect({ userId: 'q."userId"', itemId: 'q."itemId"', variantId: 'q."variantId"', key: 'q."key"' })} OFFSET 0) r
  LEFT JOIN tried t ON t."key" = q."counterKey"`

/**
 * How the submission's statements are grouped on PostgreSQL: by student (one student's submissions never share a
 * statement: the rate-limit and outbox upserts would meet their own row twice), up to 64 a statement, two on their
 * way at once (the bench's 10-connection level served 0.05 × the trivial route's rate more than with one).
 */
const SUBMIT_GROUPS = { maxInFlight: 2, maxGroup: 64, key: (it: { userId: string }) => it.userId }

const pgReadGroup: GroupSpec<ReadItem, Record<string, unknown> | undefined> = {
  ...SUBMIT_GROUPS,
  name: 'submit-read',
  async run(pool, items) {
    const { rows } = await pool.query({
      name: 'lassolab-submit-read',
      text: PG_READ,
      values: [
        items.map((it) => it.userId),
        items.map((it) => it.itemId),
        items.map((it) => it.variantId),
        items.map((it) => it.key),
        items.map((it) => it.counter?.key ?? null),
        items.map((it) => it.counter?.expire ?? null),
        Date.now(),
      ],
      types: pgQueryTypes,
    })
    const byOrd = new Map<number, Record<string, unknown>>(rows.map((r: Record<string, unknown>) => [Number(r.ord), r]))
    return items.map((_, i) => byOrd.get(i + 1))
  },
}

/**
 * Round trip 1 of a submission: everything it is checked against, in one statement (indexed lookups only, each
 * joined row found by a primary or unique key so the result is one row: item, assignment, user and variant by
 * primary key, enrollment, extension, exam settings and exam session by unique key, the attempt count on
 * the (item, user, number) index, the earlier attempt by its idempotency key). Null when the item does not exist.
 * The attempts used are the highest attempt number, read from the end of that index: numbers run 1, 2, … with no gap
 * (each attempt takes the next number under the unique key; attempts are deleted only with their item), so it equals
 * the count, and it costs one index entry however many attempts a student has made (a count read them all).
 * SQLite: a statement prepared once on the client's own connection. PostgreSQL: one statement for the group of
 * submissions ready at the same time (pgReadGroup), which also counts the tries of those given a counter.
 */
async function readSubmitContext(db: Db, userId: string, input: SubmitAttemptInput, counter: TryCounter | null = null): Promise<SubmitContext | null> {
  const raw = await rawConnection(db)
  const r = raw.sqlite
    ? (sqliteStatement(raw.sqlite, SQLITE_READ).get({ userId, itemId: input.itemId, variantId: input.variantId, key: input.idempotencyKey }) as Record<string, unknown> | undefined)
    : await inGroup(raw.pg, pgReadGroup, {
        userId,
        itemId: input.itemId,
        variantId: input.variantId,
        key: input.idempotencyKey,
        counter: counter && { key: counter.key, expire: Date.now() + counter.windowMs },
      })
  if (!r) return null
  return {
    courseId: r.courseId as string,
    opensAt: asDate(r.opensAt),
    dueAt: asDate(r.dueAt),
    lateCutoffAt: asDate(r.lateCutoffAt),
    latePenaltyPerDay: Number(r.latePenaltyPerDay),
    maxAttempts: Number(r.maxAttempts),
    variantPolicy: r.variantPolicy as string,
    retryPenalty: Number(r.retryPenalty),
    derivationPolicy: r.derivationPolicy as string,
    tolerance: (r.tolerance as string | null) ?? null,
    role: (r.role as string | null) ?? null,
    sessionVersion: r.sessionVersion === null || r.sessionVersion === undefined ? null : Number(r.sessionVersion),
    extensionDue: asDate(r.extensionDue),
    used: Number(r.used),
    assignmentId: r.assignmentId as string,
    examReleaseAt: asDate(r.examReleaseAt),
    examReview: (r.examReview as string | null) ?? '{}',
    examCloseNotifiedAt: asDate(r.examCloseNotifiedAt),
    ltiLinks: Number(r.ltiLinks),
    tried: r.triedPoints === null || r.triedPoints === undefined ? null : { consumed: Number(r.triedPoints), expireMs: Number(r.triedExpire) },
    exam:
      r.examPerQuestion === null || r.examPerQuestion === undefined
        ? null
        : {
            perQuestionCheck: asBool(r.examPerQuestion),
            session: r.examStatus === null || r.examStatus === undefined ? null : { id: r.examSessionId as string, status: r.examStatus as string, deadlineAt: asDate(r.examDeadline) as Date },
          },
    variant:
      r.vUserId === null || r.vUserId === undefined
        ? null
        : { userId: r.vUserId as string, itemId: r.vItemId as string, index: Number(r.vIndex), seed: r.vSeed as string, templateId: r.vTemplateId as string, params: r.vParams as string, data: (r.vData as string | null) ?? null },
    previous:
      r.pId === null || r.pId === undefined
        ? null
        : {
            id: r.pId as string,
            userId: r.pUserId as string,
            itemId: r.pItemId as string,
            number: Number(r.pNumber),
            score: Number(r.pScore),
            rawScore: Number(r.pRawScore),
            late: asBool(r.pLate),
            grade: r.pGrade as string,
          },
  }
}

interface NewAttempt {
  id: string
  variantId: string
  itemId: string
  userId: string
  number: number
  answers: string
  rawAnswers: string
  rawScore: number
  score: number
  grade: string
  late: boolean
  idempotencyKey: string
  templateVersion: number
  submittedAt: Date
  parts: { id: string; partId: string; score: number; correct: boolean; diagnosis: string | null }[]
  /** Queue the student's score for the assignment's LMS line items (LTI AGS outbox) in the same write. */
  passback?: { assignmentId: string }
}

/**
 * The PostgreSQL write for a group of attempts (lib/server/pgBatch), one prepared statement of fixed text (planned
 * once per connection), atomic: the attempts, in student order, each stored or skipped on its own when a unique key
 * is taken; their parts (only for attempts that were stored); and, for attempts with `passback`, the LMS outbox
 * rows of their assignment's line items. The outbox holds one row per (line item, student), marked changed
 * (version + 1) only if the attempt was stored; the sender (lib/server/lti/outbox) reads the student's score when
 * it sends, so the row carries no score. Returns the ids of the attempts that were stored.
 */
const PG_WRITE = `
  WITH a AS MATERIALIZED (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::text[],
      $11::boolean[], $12::text[], $13::int[], $14::timestamp(3)[], $15::text[])
      AS a("id", "variantId", "itemId", "userId", "number", "answers", "rawAnswers", "rawScore", "score", "grade", "late", "idempotencyKey", "templateVersion", "submittedAt", "passback")
  ), stored AS (
    INSERT INTO "Attempt" ("id", "variantId", "itemId", "userId", "number", "answers", "rawAnswers", "rawScore", "score", "grade", "late", "idempotencyKey", "templateVersion", "submittedAt")
    SELECT "id", "variantId", "itemId", "userId", "number", "answers", "rawAnswers", "rawScore", "score", "grade", "late", "idempotencyKey", "templateVersion", "submittedAt"
    FROM a ORDER BY "userId"
    ON CONFLICT DO NOTHING RETURNING "id"
  ), parts AS (
    INSERT INTO "AttemptPart" ("id", "attemptId", "partId", "score", "correct", "diagnosis")
    SELECT p."id", s."id", p."part", p."score", p."correct", p."diagnosis"
    FROM unnest($16::text[], $17::text[], $18::text[], $19::float8[], $20::boolean[], $21::text[]) AS p("attemptId", "id", "part", "score", "correct", "diagnosis")
    JOIN stored s ON s."id" = p."attemptId"
  ), outbox AS (
    INSERT INTO "LtiScoreOutbox" ("id", "resourceLinkId", "userId", "version", "sentVersion", "status", "tries", "nextAttemptAt", "updatedAt")
    SELECT l."id" || ':' || a."userId", l."id", a."userId", 1, 0, 'PENDING', 0, a."submittedAt", a."submittedAt"
    FROM stored s JOIN a ON a."id" = s."id" JOIN "LtiResourceLink" l ON l."assignmentId" = a."passback" AND l."lineItemUrl" IS NOT NULL
    ORDER BY a."userId", l."id"
    ON CONFLICT ("resourceLinkId", "userId") DO UPDATE SET "version" = "LtiScoreOutbox"."version" + 1, "status" = 'PENDING', "tries" = 0,
      "nextAttemptAt" = excluded."nextAttemptAt", "updatedAt" = excluded."updatedAt"
  )
  SELECT "id" FROM stored`

/** UTC wall-clock text for a `timestamp(3)` column (Prisma stores DateTime as UTC without a zone). */
const pgTimestamp = (d: Date) => d.toISOString().replace('Z', '')

function pgWriteValues(group: NewAttempt[]): unknown[] {
  const col = <T>(f: (a: NewAttempt) => T) => group.map(f)
  const parts = group.flatMap((a) => a.parts.map((p) => ({ ...p, attemptId: a.id })))
  return [
    col((a) => a.id), col((a) => a.variantId), col((a) => a.itemId), col((a) => a.userId), col((a) => a.number), col((a) => a.answers), col((a) => a.rawAnswers),
    col((a) => a.rawScore), col((a) => a.score), col((a) => a.grade), col((a) => a.late), col((a) => a.idempotencyKey), col((a) => a.templateVersion),
    col((a) => pgTimestamp(a.submittedAt)), col((a) => a.passback?.assignmentId ?? null),
    parts.map((p) => p.attemptId), parts.map((p) => p.id), parts.map((p) => p.partId), parts.map((p) => p.score), parts.map((p) => p.correct), parts.map((p) => p.diagnosis),
  ]
}

const pgWriteGroup: GroupSpec<NewAttempt, boolean> = {
  ...SUBMIT_GROUPS,
  name: 'submit-write',
  async run(pool, group) {
    const { rows } = await pool.query({ name: 'lassolab-submit-write', text: PG_WRITE, values: pgWriteValues(group) })
    const stored = new Set(rows.map((r: { id: string }) => r.id))
    return group.map((a) => stored.has(a.id))
  },
}

/**
 * Round trip 2: stores the attempt and its parts, or nothing when a unique key is taken (the attempt number,
 * by a concurrent submission; or the idempotency key, by a double-submitted form). Returns whether it stored.
 * PostgreSQL: one statement for the group of attempts ready at the same time (pgWriteGroup). SQLite: one
 * synchronous transaction in this process, one fsync (sqliteGroupWrite); no statement fails on a taken key.
 */
async function insertAttempt(db: Db, a: NewAttempt): Promise<boolean> {
  const raw = await rawConnection(db)
  if (raw.pg) return inGroup(raw.pg, pgWriteGroup, a)
  return sqliteGroupWrite(raw.sqlite, a)
}

const sqliteWriters = new WeakMap<BetterSqlite3.Database, (a: NewAttempt) => boolean>()

/**
 * The SQLite write as one synchronous transaction on the client's own connection (statements prepared once):
 * nothing else runs between BEGIN and COMMIT, so the write lock is never held across an await. Values are
 * stored as Prisma stores them (DateTime as ISO 8601 text with +00:00, Boolean as 0/1).
 */
function sqliteAttemptWriter(conn: BetterSqlite3.Database) {
  let write = sqliteWriters.get(conn)
  if (!write) {
    const attempt = conn.prepare(
      `INSERT INTO "Attempt" ("id", "variantId", "itemId", "userId", "number", "answers", "rawAnswers", "rawScore", "score", "grade", "late", "idempotencyKey", "templateVersion", "submittedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    const part = conn.prepare(`INSERT INTO "AttemptPart" ("id", "attemptId", "partId", "score", "correct", "diagnosis") VALUES (?, ?, ?, ?, ?, ?)`)
    // The LTI score outbox rows of the assignment's line items (as in PG_WRITE), in the same transaction.
    const outbox = conn.prepare(
      `INSERT INTO "LtiScoreOutbox" ("id", "resourceLinkId", "userId", "version", "sentVersion", "status", "tries", "nextAttemptAt", "updatedAt")
       SELECT l."id" || ':' || @user, l."id", @user, 1, 0, 'PENDING', 0, @at, @at FROM "LtiResourceLink" l WHERE l."assignmentId" = @assignment AND l."lineItemUrl" IS NOT NULL
       ON CONFLICT ("resourceLinkId", "userId") DO UPDATE SET "version" = "LtiScoreOutbox"."version" + 1, "status" = 'PENDING', "tries" = 0,
         "nextAttemptAt" = excluded."nextAttemptAt", "updatedAt" = excluded."updatedAt"`,
    )
    write = conn.transaction((a: NewAttempt): boolean => {
      const stored = attempt.run(
        a.id, a.variantId, a.itemId, a.userId, a.number, a.answers, a.rawAnswers, a.rawScore, a.score, a.grade, a.late ? 1 : 0, a.idempotencyKey, a.templateVersion,
        a.submittedAt.toISOString().replace('Z', '+00:00'),
      )
      if (stored.changes === 0) return false
      for (const p of a.parts) part.run(p.id, a.id, p.partId, p.score, p.correct ? 1 : 0, p.diagnosis)
      if (a.passback) outbox.run({ user: a.userId, at: a.submittedAt.toISOString().replace('Z', '+00:00'), assignment: a.passback.assignmentId })
      return true
    })
    sqliteWriters.set(conn, write)
  }
  return write
}

/**
 * For a file database in WAL mode at synchronous=FULL or EXTRA: runs a write transaction with synchronous=NORMAL
 * (the commit writes the log without fsyncing it), and fsyncs the log file in libuv's thread pool afterwards. Null
 * for any other setup (in-memory, rollback journal, or a connection deliberately set below FULL), which writes as it is.
 */
function walFsync(conn: BetterSqlite3.Database): { commitUnsynced<T>(write: () => T): T; fsync(): Promise<void> } | null {
  if (conn.memory || String(conn.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null
  const level = Number(conn.pragma('synchronous', { simple: true }))
  if (level < 2) return null
  const walPath = `${conn.name}-wal`
  let fd: Promise<fs.FileHandle> | null = null
  return {
    commitUnsynced(write) {
      conn.pragma('synchronous = NORMAL')
      try {
        return write()
      } finally {
        conn.pragma(`synchronous = ${level}`)
      }
    },
    async fsync() {
      // The log file lives as long as the connection (SQLite removes it only when the last connection closes).
      fd ??= fs.open(walPath, 'r')
      try {
        await (await fd).sync()
      } catch (e) {
        fd = null
        throw e
      }
    },
  }
}

interface PendingWrite {
  a: NewAttempt
  resolve(stored: boolean): void
  reject(e: unknown): void
}
const sqliteGroups = new WeakMap<BetterSqlite3.Database, (a: NewAttempt) => Promise<boolean>>()

/**
 * Group commit on SQLite. Each submission's write runs in a savepoint of its own (better-sqlite3 nests a transaction
 * as a savepoint), so one that fails rolls back alone and only its caller sees the error; each caller is answered
 * only once its commit is on disk.
 * - With the connection at synchronous=FULL in WAL mode (lib/db.ts), a group commits without the fsync
 *   (synchronous=NORMAL for that one transaction) and the log is fsynced in libuv's thread pool (walFsync), so the
 *   server keeps serving while the disk syncs. When no fsync is running a write commits and syncs at once, alone;
 *   writes that arrive while one runs wait and then commit together, as one transaction and one fsync. Light load
 *   thus never waits for a group to form (which would make in-flight requests finish in lockstep and leave the
 *   server idle while their clients send the next ones), and heavy load writes few, large commits (each commit
 *   rewrites the pages it touches into the log, so many small ones would grow the log and its checkpoints).
 *   The guarantee is the one FULL gives: an acknowledged attempt survives power loss.
 * - Otherwise (in-memory, rollback journal) the writes that reach this point in the same turn of the event loop
 *   commit together (the commit's own fsync, if any, blocks the thread once per group).
 */
function sqliteGroupWrite(conn: BetterSqlite3.Database, a: NewAttempt): Promise<boolean> {
  let enqueue = sqliteGroups.get(conn)
  if (!enqueue) {
    const writeOne = sqliteAttemptWriter(conn)
    const writeAll = conn.transaction((batch: PendingWrite[]) =>
      batch.map((p) => {
        try {
          return { stored: writeOne(p.a) }
        } catch (error) {
          return { error }
        }
      }),
    )
    const sync = walFsync(conn)
    let queue: PendingWrite[] = []
    let syncing = false
    const answer = (batch: PendingWrite[], results: ({ stored: boolean } | { error: unknown })[]) => {
      for (const [i, r] of results.entries()) {
        if ('error' in r) batch[i].reject(r.error)
        else batch[i].resolve(r.stored)
      }
    }
    const commit = (batch: PendingWrite[]) => {
      try {
        return sync ? sync.commitUnsynced(() => writeAll(batch)) : writeAll(batch)
      } catch (e) {
        for (const p of batch) p.reject(e)
        return null
      }
    }
    const flush = () => {
      const batch = queue
      queue = []
      const results = commit(batch)
      if (!results) return
      if (!sync) return answer(batch, results)
      syncing = true
      sync
        .fsync()
        .then(
          () => answer(batch, results),
          (e) => {
            for (const p of batch) p.reject(e)
          },
        )
        .finally(() => {
          syncing = false
          if (queue.length > 0) flush()
        })
    }
    enqueue = (next) =>
      new Promise<boolean>((resolve, reject) => {
        const first = queue.push({ a: next, resolve, reject }) === 1
        if (!sync) {
          if (first) setImmediate(flush)
        } else if (!syncing) flush()
      })
    sqliteGroups.set(conn, enqueue)
  }
  return enqueue(a)
}

const malformed = 'The submission was malformed: reload the page and try again.'

/**
 * Grades a submission and records it as one attempt, in two database round trips: one read of everything
 * the submission is checked against, one write that a unique key arbitrates (no interactive transaction).
 * - Malformed input (bad shape, unparseable answers) is refused before anything is stored: it costs no attempt.
 * - The same idempotency key twice records one attempt (a double-submitted form).
 * - The attempt cap holds under concurrency: attempt numbers are unique per (item, student) and each attempt
 *   is stored as number (attempts seen + 1) ≤ the maximum, so of two concurrent submissions that both saw n
 *   attempts only one stores number n+1; the other reads again and finds the count it missed.
 * - When the actor carries a session version (from the session token), it must still be the user's: a
 *   signed-out session is refused here, within the same read.
 * - `countTry` (the routes students submit through): the try counts against the per-user submission limit
 *   (lib/server/edge/rateLimit), once, before anything is graded or stored; over the limit → RateLimitedError.
 *   On PostgreSQL the read itself counts it; elsewhere the limiter's store does, first. A malformed submission
 *   is refused before either and is not counted.
 */
export async function submitAttempt(
  db: Db,
  actor: Actor,
  raw: unknown,
  now: () => Date = () => new Date(),
  opts: { countTry?: boolean } = {},
): Promise<SubmitResult> {
  const { userId } = requireUser(actor)
  const parsed = submitAttemptSchema.safeParse(raw)
  if (!parsed.success) return { ok: false, message: malformed, fieldErrors: fieldErrorsOf(parsed.error.issues) }
  const input = parsed.data
  const counter = opts.countTry ? submissionTryCounter(db, userId) : null
  if (opts.countTry && !counter) await limitSubmission(db, userId)

  for (let tries = 0; tries < 50; tries++) {
    const ctx = await readSubmitContext(db, userId, input, tries === 0 ? counter : null)
    if (ctx?.tried) counter?.check(ctx.tried.consumed, ctx.tried.expireMs)
    if (!ctx) throw new UserError('not-found', 'That question was not found.')
    if (actor?.sessionVersion !== undefined && ctx.sessionVersion !== actor.sessionVersion) throw new UserError('unauthenticated', 'Please sign in to continue.')
    assertRole(ctx.role, ['STUDENT'])
    if (ctx.previous) {
      const p = ctx.previous
      if (p.userId !== userId || p.itemId !== input.itemId) throw new UserError('conflict', 'That submission key was already used.')
      return { ok: true, attemptId: p.id, duplicate: true, summary: summaryOf(p), exam: ctx.exam !== null }
    }
    const variant = ctx.variant
    if (!variant || variant.userId !== userId || variant.itemId !== input.itemId) throw new UserError('not-found', 'That question was not found.')

    const { template, data } = materialize(variant)
    const parsedAnswers = parseSubmission(template.parts(data), input.answers)
    if (!parsedAnswers.ok) return { ok: false, message: 'Some answers could not be read; nothing was submitted.', fieldErrors: parsedAnswers.errors }
    if (ctx.used >= ctx.maxAttempts) throw new UserError('closed', `No attempts left: the maximum is ${ctx.maxAttempts}.`)
    if (currentVariantIndex(ctx, ctx.used) !== variant.index) {
      throw new UserError('conflict', 'This question now has a new dataset. Reload the page to see it; nothing was submitted.')
    }
    const submittedAt = now()
    checkSubmitGate(ctx.exam, submittedAt)
    const window = submitWindow(ctx, submittedAt, ctx.extensionDue)
    if (!window.open) throw new UserError('closed', window.reason)

    const submission: Submission = parsedAnswers.submission
    const grade: Grade = template.grade(data, submission, { tolerance: toleranceOf(ctx.tolerance) })
    const number = ctx.used + 1
    const attempt = {
      id: randomUUID(),
      number,
      rawScore: grade.score,
      score: penalizedScore(ctx, grade.score, number, window.daysLate),
      late: window.late,
    }
    const stored = await insertAttempt(db, {
      ...attempt,
      variantId: input.variantId,
      itemId: input.itemId,
      userId,
      answers: JSON.stringify(submission),
      rawAnswers: JSON.stringify(input.answers),
      grade: JSON.stringify(grade.parts),
      idempotencyKey: input.idempotencyKey,
      templateVersion: template.version,
      submittedAt,
      // LMS grade passback: an exam's per-question check goes out once its review options show the score
      // (lib/server/exams/visibility, scoreMayLeave); otherwise the close or the release queues it.
      passback:
        ctx.ltiLinks > 0 && (ctx.exam === null || scoreMayLeave({ review: ctx.examReview, releaseAt: ctx.examReleaseAt, closeNotifiedAt: ctx.examCloseNotifiedAt }, submittedAt))
          ? { assignmentId: ctx.assignmentId }
          : undefined,
      parts: Object.entries(grade.parts).map(([partId, g]) => ({ id: randomUUID(), partId, score: g.score, correct: g.correct, diagnosis: g.diagnosis })),
    })
    if (stored) {
      const summary: AttemptSummary = { number, score: attempt.score, rawScore: attempt.rawScore, late: attempt.late, parts: grade.parts }
      return { ok: true, attemptId: attempt.id, duplicate: false, summary, exam: ctx.exam !== null }
    }
    // A concurrent submission took this number or this key: read again (it decides duplicate, cap or retry).
    await new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(tries + 1, 4)))
  }
  throw new UserError('conflict', 'The server is busy; please submit again.')
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
  const [all, ext, changes] = await Promise.all([
    db.attempt.findMany({ where: { itemId: attempt.itemId, userId: attempt.userId }, select: { rawScore: true } }),
    extensionDue(db, attempt.item.assignmentId, attempt.userId),
    db.gradeChange.findMany({ where: { attemptId: attempt.id, kind: { in: ['OVERRIDE', 'REGRADE'] } }, orderBy: { createdAt: 'asc' } }),
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
  const tolerance = toleranceOf(attempt.item.tolerance)
  const view = publicView(template, data, tolerance)
  // Judged with the item's current tolerance, the one a regrade applies, so the derivation agrees with the grade.
  const derivation: Step[] | null = showDerivation && opts.derivation !== false ? template.derive(data, submission, { tolerance }) : null
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
    /** Regrades and overrides of this attempt, as its student is told of them; none while the score is hidden. */
    gradeChanges: vis.score ? changes.map(changeNote) : [],
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
      givenLabels: choiceLabels(p.answer, JSON.parse(attempt.rawAnswers)[p.id]),
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
