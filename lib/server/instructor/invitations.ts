/**
 * Adding people to a course, with their consent: an instructor invites an email address with a role, and the
 * person becomes a member only when they accept (through the invitation link, or from their dashboard, signed
 * in with that address). The answer to the instructor is the same whether or not an account uses the email,
 * so inviting reveals nothing about who has an account. Only a SHA-256 of each link's token is stored.
 */
import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { type Actor, type Role, requireCourseRole, requireUser, roleSchema } from '../authz'
import { UserError, fieldErrorsOf } from '../errors'
import { emailSchema } from '../users'
import { INSTRUCTOR_ONLY, idSchema, parseInput } from './common'

export const INVITATION_DAYS = 14
const MAX_BULK = 1000

export const inviteSchema = z.object({ courseId: idSchema, email: emailSchema, role: roleSchema })
const inviteRowSchema = z.object({ email: emailSchema, role: roleSchema })
const bulkSchema = z.object({
  courseId: idSchema,
  invitations: z.array(z.unknown()).min(1, 'The list is empty.').max(MAX_BULK, `At most ${MAX_BULK} people at a time.`),
})

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** What the instructor is told about one invitation: never whether an account uses the email. */
export interface InvitationSent {
  email: string
  role: Role
  /** The link to send them (a path on this site), or null when they are already in the course. */
  link: string | null
  expiresAt: Date | null
  alreadyMember: boolean
}

/** Creates (or renews, with a new link) the invitation of one email address; the caller has checked the role. */
async function issue(db: Db, invitedById: string, courseId: string, email: string, role: Role, now: Date): Promise<InvitationSent> {
  const member = await db.enrollment.findFirst({ where: { courseId, user: { email } }, select: { id: true } })
  if (member) return { email, role, link: null, expiresAt: null, alreadyMember: true }
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86400_000)
  const data = { role, tokenHash: hashToken(token), invitedById, expiresAt, acceptedAt: null, createdAt: now }
  await db.invitation.upsert({ where: { courseId_email: { courseId, email } }, create: { courseId, email, ...data }, update: data })
  return { email, role, link: `/invitations/${token}`, expiresAt, alreadyMember: false }
}

/** An instructor invites one person by email with a role (nothing is enrolled until they accept). */
export async function inviteToCourse(db: Db, actor: Actor, raw: unknown, now = new Date()): Promise<InvitationSent> {
  const input = parseInput(inviteSchema, raw)
  const me = await requireCourseRole(db, actor, input.courseId, INSTRUCTOR_ONLY)
  return issue(db, me.userId, input.courseId, input.email, input.role, now)
}

export type BulkInviteRow = ({ ok: true } & InvitationSent) | { ok: false; row: number; message: string; fieldErrors: Record<string, string> }

/**
 * Many invitations at once (e.g. a roster): each row `{ email, role }` is validated on its own; the valid
 * ones are issued, the others come back with a message, row numbers counted from 1.
 */
export async function inviteManyToCourse(db: Db, actor: Actor, raw: unknown, now = new Date()): Promise<BulkInviteRow[]> {
  const input = parseInput(bulkSchema, raw)
  const me = await requireCourseRole(db, actor, input.courseId, INSTRUCTOR_ONLY)
  const out: BulkInviteRow[] = []
  for (const [i, row] of input.invitations.entries()) {
    const r = inviteRowSchema.safeParse(row)
    if (!r.success) {
      out.push({ ok: false, row: i + 1, message: `Row ${i + 1}: please correct it.`, fieldErrors: fieldErrorsOf(r.error.issues) })
      continue
    }
    out.push({ ok: true, ...(await issue(db, me.userId, input.courseId, r.data.email, r.data.role, now)) })
  }
  return out
}

const NOT_VALID = 'This invitation is not valid any more: it was accepted, replaced by a newer link, or it has expired. Ask your instructor for a new one.'

async function actorEmail(db: Db, actor: Actor): Promise<{ userId: string; email: string }> {
  const { userId } = requireUser(actor)
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } })
  if (!user) throw new UserError('unauthenticated', 'Please sign in to continue.')
  return { userId, email: user.email }
}

const tokenSchema = z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/)

/** The open invitation behind a link, for the signed-in person it was sent to. */
async function openInvitation(db: Db, actor: Actor, where: { tokenHash: string } | { id: string }, now: Date) {
  const me = await actorEmail(db, actor)
  const inv = await db.invitation.findUnique({ where: 'id' in where ? { id: where.id } : { tokenHash: where.tokenHash }, include: { course: { select: { id: true, title: true } } } })
  if (!inv || inv.acceptedAt || inv.expiresAt <= now) throw new UserError('not-found', NOT_VALID)
  if (inv.email !== me.email) throw new UserError('forbidden', 'This invitation was sent to another email address. Sign in with that address to accept it.')
  return { inv, me }
}

function whereOf(ref: { token: unknown } | { id: unknown }) {
  if ('token' in ref) {
    const t = tokenSchema.safeParse(ref.token)
    if (!t.success) throw new UserError('not-found', NOT_VALID)
    return { tokenHash: hashToken(t.data) }
  }
  return { id: parseInput(idSchema, ref.id, NOT_VALID) }
}

/** What the invitation page shows before the person accepts. */
export async function invitationView(db: Db, actor: Actor, ref: { token: unknown } | { id: unknown }, now = new Date()) {
  const { inv } = await openInvitation(db, actor, whereOf(ref), now)
  return { id: inv.id, course: inv.course, role: roleSchema.parse(inv.role), expiresAt: inv.expiresAt }
}

/**
 * The invited person accepts: they become a member with the invited role. Someone already in the course keeps
 * their role (an invitation never demotes).
 */
export async function acceptInvitation(db: Db, actor: Actor, ref: { token: unknown } | { id: unknown }, now = new Date()) {
  const { inv, me } = await openInvitation(db, actor, whereOf(ref), now)
  const role = roleSchema.parse(inv.role)
  return db.$transaction(async (tx) => {
    // Accept once: a second, concurrent accept finds acceptedAt set and stops here.
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: now } })
    if (claimed.count === 0) throw new UserError('not-found', NOT_VALID)
    const where = { userId_courseId: { userId: me.userId, courseId: inv.courseId } }
    const existing = await tx.enrollment.findUnique({ where })
    if (!existing) await tx.enrollment.create({ data: { userId: me.userId, courseId: inv.courseId, role } })
    return { courseId: inv.courseId, title: inv.course.title, role: existing ? roleSchema.parse(existing.role) : role }
  })
}

/** Invitations waiting for the signed-in person (matched by their account's email), for their dashboard. */
export async function pendingInvitations(db: Db, actor: Actor, now = new Date()) {
  const { email } = await actorEmail(db, actor)
  const rows = await db.invitation.findMany({
    where: { email, acceptedAt: null, expiresAt: { gt: now } },
    include: { course: { select: { id: true, title: true } } },
    orderBy: { createdAt: 'asc' },
  })
  return rows.map((r) => ({ id: r.id, course: r.course, role: roleSchema.parse(r.role), expiresAt: r.expiresAt }))
}
