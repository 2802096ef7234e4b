/**
 * AGS 2.0 score passback through a transactional outbox.
 *
 * - `enqueueScorePassback(tx, …)` runs in the same transaction that stores the attempt (or the override or
 *   regrade): one row per (resource link, student), its `version` bumped on every change. Nothing is lost if
 *   the LMS is down or the process dies after the commit.
 * - `drainOutbox(db, …)` (any number of app instances) claims due rows with a lease (a conditional update, so
 *   one instance sends a row at a time), reads the version, computes the student's assignment score as it is
 *   NOW and posts it to the line item with the current `timestamp`: the newest score wins, and an older one is
 *   never posted after a newer one. A version is marked sent only if no newer change came in meanwhile.
 * - 429, 5xx and network errors are retried with exponential backoff (Retry-After honoured); 401 drops the
 *   cached token and retries; other refusals mark the row FAILED with the LMS's message, for "send again".
 */
import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import type { Db } from '@/lib/db'
import { type Actor, requireUser } from '../authz'
import { UserError } from '../errors'
import { onExamClosed } from '../exams/close'
import { onExamReleased } from '../exams/release'
import { parseReview, scoreShownFrom } from '../exams/review'
import { scoreMayLeave } from '../exams/visibility'
import { STAFF_ROLES, loadAssignment } from '../instructor/common'
import { MEDIA, SCOPE } from './claims'
import { fetchLimited, lmsMessage } from './http'
import { ServiceError, accessToken, dropAccessToken } from './services'

type OutboxTx = Pick<Db, 'ltiResourceLink' | 'ltiScoreOutbox' | 'examSettings' | '$executeRaw'>

/**
 * Queues the student's score for every LMS line item the assignment is linked to. Call inside the write.
 * An exam queues only once its review options show the student the score (scoreMayLeave in
 * lib/server/exams/visibility): right after submitting, after the close (handed out below), or at release.
 */
export async function enqueueScorePassback(tx: OutboxTx, assignmentId: string, userId: string, now = new Date()): Promise<void> {
  const links = await tx.ltiResourceLink.findMany({ where: { assignmentId, lineItemUrl: { not: null } }, select: { id: true } })
  if (links.length === 0) return
  let exam = await tx.examSettings.findUnique({ where: { assignmentId }, select: { review: true, releaseAt: true, closeNotifiedAt: true } })
  if (exam && !scoreMayLeave(exam, now) && scoreShownFrom(parseReview(exam.review)) === 'afterClose') {
    // The close may be handed out while this write runs (an override or regrade after the exam closed): lock the
    // exam's row, so the close's claim either waits for this write (and then queues this student with the rest)
    // or has committed before it (and then this write queues the student itself). Never neither.
    await tx.$executeRaw`UPDATE "ExamSettings" SET "closeNotifiedAt" = "closeNotifiedAt" WHERE "assignmentId" = ${assignmentId}`
    exam = await tx.examSettings.findUnique({ where: { assignmentId }, select: { review: true, releaseAt: true, closeNotifiedAt: true } })
  }
  if (exam && !scoreMayLeave(exam, now)) return
  for (const link of links) {
    await tx.ltiScoreOutbox.upsert({
      where: { resourceLinkId_userId: { resourceLinkId: link.id, userId } },
      create: { resourceLinkId: link.id, userId, nextAttemptAt: now },
      update: { version: { increment: 1 }, status: 'PENDING', tries: 0, nextAttemptAt: now },
    })
  }
}

/**
 * Queues the score of every student with graded work on the assignment (each as enqueueScorePassback decides);
 * with `onlyUnqueued`, only of those who have no outbox row for one of its line items yet.
 */
export async function enqueueAssignmentScores(tx: OutboxTx & Pick<Db, 'attempt'>, assignmentId: string, now = new Date(), onlyUnqueued = false): Promise<void> {
  const links = await tx.ltiResourceLink.findMany({ where: { assignmentId, lineItemUrl: { not: null } }, select: { id: true } })
  if (links.length === 0) return
  const students = await tx.attempt.findMany({ where: { item: { assignmentId } }, distinct: ['userId'], select: { userId: true } })
  const queued = onlyUnqueued
    ? await tx.ltiScoreOutbox.groupBy({ by: ['userId'], where: { resourceLinkId: { in: links.map((l) => l.id) } }, _count: { _all: true } })
    : []
  const complete = new Set(queued.filter((q) => q._count._all === links.length).map((q) => q.userId))
  for (const s of students) if (!complete.has(s.userId)) await enqueueScorePassback(tx, assignmentId, s.userId, now)
}

// Exams whose scores are hidden until release post them at release, and those shown "after the exam closes"
// post them at the close: both events (lib/server/exams) are handed out once, inside the transaction that claims
// them, so these rows commit with the claim.
const registered = globalThis as unknown as { __lassolabLtiExamListener?: boolean }
if (!registered.__lassolabLtiExamListener) {
  registered.__lassolabLtiExamListener = true
  onExamReleased(async ({ assignmentId, releasedAt, tx }) => {
    // Scores that went out before the release (shown right after submitting, or after the close that was handed
    // out) are queued already, and every change since was: only students without a row yet (e.g. graded before the
    // LMS link was made) are queued now.
    const exam = await tx.examSettings.findUniqueOrThrow({ where: { assignmentId }, select: { review: true, closeNotifiedAt: true } })
    await enqueueAssignmentScores(tx, assignmentId, releasedAt, scoreMayLeave({ ...exam, releaseAt: null }, releasedAt))
  })
  onExamClosed(async ({ assignmentId, tx }) => {
    const exam = await tx.examSettings.findUniqueOrThrow({ where: { assignmentId }, select: { review: true, releaseNotifiedAt: true } })
    // The release was handed out already: it queued them. Shown right after submitting: each was queued then.
    // (A release handed out after this close queues nothing again, see above.)
    if (scoreShownFrom(parseReview(exam.review)) !== 'afterClose' || exam.releaseNotifiedAt) return
    await enqueueAssignmentScores(tx, assignmentId, new Date())
  })
}

/** The student's assignment score: Σ over questions of (best attempt score × points), out of Σ points. */
export async function assignmentScore(db: Db, assignmentId: string, userId: string): Promise<{ given: number; maximum: number }> {
  const [items, best, credits] = await Promise.all([
    db.assignmentItem.findMany({ where: { assignmentId }, select: { id: true, points: true } }),
    db.attempt.groupBy({ by: ['itemId'], where: { userId, item: { assignmentId } }, _max: { score: true } }),
    db.itemCredit.findMany({ where: { userId, item: { assignmentId } }, select: { itemId: true, score: true } }),
  ])
  const bestBy = new Map(best.map((b) => [b.itemId, b._max.score ?? 0]))
  // Credit given by hand for an unattempted question counts like an attempt's score (lib/server/credits).
  for (const c of credits) bestBy.set(c.itemId, Math.max(bestBy.get(c.itemId) ?? 0, c.score))
  let given = 0
  let maximum = 0
  for (const it of items) {
    maximum += it.points
    given += (bestBy.get(it.id) ?? 0) * it.points
  }
  // Rounded to 1e-6 points: the LMS stores decimals, and float sums must not look like changes.
  return { given: Math.round(given * 1e6) / 1e6, maximum: Math.round(maximum * 1e6) / 1e6 }
}

export interface DrainOptions {
  instance?: string
  limit?: number
  /** First retry delay; doubles per try up to 15 minutes. */
  backoffMs?: number
  maxTries?: number
  leaseMs?: number
}

export const defaultInstance = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`

function backoff(base: number, tries: number, retryAfter: string | null): number {
  const ra = Number(retryAfter)
  if (retryAfter && Number.isFinite(ra) && ra >= 0) return Math.min(ra * 1000, 3600_000)
  const d = Math.min(base * 2 ** Math.max(0, tries - 1), 15 * 60_000)
  return d * (0.8 + Math.random() * 0.4)
}

/** Appends `/scores` to a line item URL, before its query string (AGS 2.0 §3.4). */
export function scoresUrl(lineItemUrl: string): string {
  const u = new URL(lineItemUrl)
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/scores`
  return u.toString()
}

/** Sends what is due; returns how many rows were sent, retried later, and failed for good. */
export async function drainOutbox(db: Db, opts: DrainOptions = {}) {
  const instance = opts.instance ?? defaultInstance
  const now = new Date()
  const lease = opts.leaseMs ?? 60_000
  const stats = { sent: 0, retried: 0, failed: 0 }
  const due = await db.ltiScoreOutbox.findMany({
    where: { status: 'PENDING', nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    orderBy: { nextAttemptAt: 'asc' },
    take: opts.limit ?? 50,
    select: { id: true },
  })
  for (const { id } of due) {
    const claimed = await db.ltiScoreOutbox.updateMany({
      where: { id, status: 'PENDING', nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedBy: instance, lockedUntil: new Date(now.getTime() + lease) },
    })
    if (claimed.count !== 1) continue
    const outcome = await sendOne(db, id, instance, opts)
    stats[outcome]++
  }
  return stats
}

async function sendOne(db: Db, id: string, instance: string, opts: DrainOptions): Promise<'sent' | 'retried' | 'failed'> {
  const row = await db.ltiScoreOutbox.findUnique({ where: { id }, include: { link: { include: { context: { include: { platform: true } } } } } })
  if (!row || row.lockedBy !== instance) return 'retried'
  const version = row.version
  const release = { lockedBy: null, lockedUntil: null }
  const mine = { id, lockedBy: instance }
  const fail = async (message: string, status: number | null) => {
    await db.ltiScoreOutbox.updateMany({ where: mine, data: { ...release, status: 'FAILED', lastError: message.slice(0, 1000), lastHttpStatus: status } })
    return 'failed' as const
  }
  const retry = async (message: string, status: number | null, retryAfter: string | null = null) => {
    const tries = row.tries + 1
    if (tries >= (opts.maxTries ?? 15)) return fail(`Gave up after ${tries} tries: ${message}`, status)
    const delay = backoff(opts.backoffMs ?? Number(process.env.LTI_OUTBOX_BACKOFF_MS ?? 5000), tries, retryAfter)
    await db.ltiScoreOutbox.updateMany({ where: mine, data: { ...release, tries, nextAttemptAt: new Date(Date.now() + delay), lastError: message.slice(0, 1000), lastHttpStatus: status } })
    return 'retried' as const
  }

  const { link } = row
  const platform = link.context.platform
  if (!link.lineItemUrl || !link.assignmentId) return fail('This LMS link has no grade column or no assignment.', null)
  const ltiUser = await db.ltiUser.findFirst({ where: { platformId: platform.id, userId: row.userId } })
  if (!ltiUser) return fail('This student has never opened LassoLab from the LMS, so the LMS does not know them.', null)
  const score = await assignmentScore(db, link.assignmentId, row.userId)
  const body = {
    userId: ltiUser.sub,
    scoreGiven: score.given,
    scoreMaximum: score.maximum,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    timestamp: new Date().toISOString(),
  }
  let token: string
  try {
    token = await accessToken(db, platform, [SCOPE.score])
  } catch (e) {
    const status = e instanceof ServiceError ? e.status : null
    return status && status >= 400 && status < 500 && status !== 429 ? fail((e as Error).message, status) : retry((e as Error).message, status)
  }
  let res: Awaited<ReturnType<typeof fetchLimited>>
  try {
    res = await fetchLimited(scoresUrl(link.lineItemUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': MEDIA.score, accept: 'application/json' },
      body: JSON.stringify(body),
    })
  } catch (e) {
    return retry(`The LMS could not be reached: ${(e as Error).message}`, null)
  }
  // 409: the LMS already holds a newer score for this student (AGS: newest timestamp wins) — nothing to resend.
  if (res.ok || res.status === 409) {
    const done = { ...release, sentVersion: version, sentScore: score.given, sentAt: new Date(), lastError: null, lastHttpStatus: res.status, tries: 0 }
    const finished = await db.ltiScoreOutbox.updateMany({ where: { ...mine, version }, data: { ...done, status: 'SENT' } })
    if (finished.count === 0) await db.ltiScoreOutbox.updateMany({ where: mine, data: done }) // a newer change arrived: stays PENDING
    return 'sent'
  }
  const message = `The LMS answered ${res.status}: ${lmsMessage(res.text)}`
  if (res.status === 401) {
    await dropAccessToken(db, platform.id, token)
    return retry(message, res.status)
  }
  if (res.status === 429 || res.status >= 500) return retry(message, res.status, res.headers.get('retry-after'))
  return fail(message, res.status)
}

/** Per-student passback status of an assignment, for its course staff, with the assignment and course it is for. */
export async function passbackStatus(db: Db, actor: Actor, assignmentId: unknown) {
  const { assignment: a } = await loadAssignment(db, actor, assignmentId, STAFF_ROLES)
  const rows = await db.ltiScoreOutbox.findMany({
    where: { link: { assignmentId: a.id } },
    include: { user: { select: { name: true, email: true } }, link: { select: { title: true, resourceLinkId: true } } },
    orderBy: [{ status: 'asc' }, { updatedAt: 'desc' }],
  })
  const assignment = { id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.course.title }
  const status = rows.map((r) => ({
    id: r.id,
    student: r.user.name,
    email: r.user.email,
    link: r.link.title || r.link.resourceLinkId,
    status: r.status === 'PENDING' && r.tries > 0 ? 'RETRYING' : r.status,
    tries: r.tries,
    lastError: r.lastError,
    sentScore: r.sentScore,
    sentAt: r.sentAt,
    nextAttemptAt: r.status === 'PENDING' ? r.nextAttemptAt : null,
  }))
  return { assignment, rows: status }
}

/** "Send again": queues a row now, whatever its state (staff of the assignment's course only). */
export async function resendPassback(db: Db, actor: Actor, outboxId: unknown) {
  requireUser(actor)
  if (typeof outboxId !== 'string' || outboxId.length > 64) throw new UserError('invalid', 'Missing id.')
  const row = await db.ltiScoreOutbox.findUnique({ where: { id: outboxId }, include: { link: true } })
  if (!row?.link.assignmentId) throw new UserError('not-found', 'That grade sync entry was not found.')
  await loadAssignment(db, actor, row.link.assignmentId, STAFF_ROLES)
  await db.ltiScoreOutbox.update({ where: { id: row.id }, data: { status: 'PENDING', tries: 0, nextAttemptAt: new Date(), version: { increment: 1 } } })
}
