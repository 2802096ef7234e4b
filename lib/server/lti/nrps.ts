/**
 * Names and Role Provisioning Services 2.0: the course roster from the LMS. Members are created or updated
 * (user keyed by platform and `user_id`, role mapped as at launch); members the LMS no longer lists, or lists
 * as Inactive/Deleted, are marked LEFT. Nobody is deleted, so their work stays.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { type Actor, requireCourseRole } from '../authz'
import { UserError } from '../errors'
import { STAFF_ROLES } from '../instructor/common'
import { hashPassword } from '../users'
import { MEDIA, SCOPE, mapRoles } from './claims'
import { fetchLimited, lmsMessage } from './http'
import { accessToken } from './services'

const memberSchema = z.object({
  user_id: z.string().min(1).max(255),
  status: z.enum(['Active', 'Inactive', 'Deleted']).default('Active'),
  name: z.string().max(200).optional(),
  given_name: z.string().max(200).optional(),
  family_name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  roles: z.array(z.string().max(500)).max(100).default([]),
})
const containerSchema = z.object({ members: z.array(z.unknown()).max(10_000) })
const MAX_PAGES = 100

function nextLink(header: string | null): string | null {
  if (!header) return null
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim())
    if (m) return m[1]
  }
  return null
}

/** Fetches every page of the membership container. */
async function fetchMembers(db: Db, ctx: { membershipsUrl: string; platform: { id: string; clientId: string; tokenUrl: string; tokenAudience: string | null } }) {
  const token = await accessToken(db, ctx.platform, [SCOPE.nrps])
  const members: z.infer<typeof memberSchema>[] = []
  let url: string | null = ctx.membershipsUrl
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const res = await fetchLimited(url, { headers: { authorization: `Bearer ${token}`, accept: MEDIA.membership } })
    if (!res.ok) throw new UserError('conflict', `The LMS refused the roster (${res.status}): ${lmsMessage(res.text, 200)}`)
    const body = containerSchema.parse(JSON.parse(res.text))
    for (const m of body.members) {
      const parsed = memberSchema.safeParse(m)
      if (parsed.success) members.push(parsed.data)
    }
    url = nextLink(res.headers.get('link'))
  }
  return members
}

export async function syncContextRoster(db: Db, ltiContextId: string, now = new Date()) {
  const ctx = await db.ltiContext.findUniqueOrThrow({ where: { id: ltiContextId }, include: { platform: true } })
  if (!ctx.membershipsUrl) throw new UserError('invalid', 'This LMS course does not offer its roster to LassoLab (no Names and Roles service).')
  const members = await fetchMembers(db, { membershipsUrl: ctx.membershipsUrl, platform: ctx.platform })
  const seen = new Set<string>()
  let added = 0
  let left = 0
  for (const m of members) {
    let lu = await db.ltiUser.findUnique({ where: { platformId_sub: { platformId: ctx.platformId, sub: m.user_id } } })
    if (!lu) {
      if (m.status !== 'Active') continue
      const email = m.email?.trim().toLowerCase()
      const taken = email ? await db.user.findUnique({ where: { email } }) : null
      const name = (m.name || [m.given_name, m.family_name].filter(Boolean).join(' ') || 'LMS user').slice(0, 100)
      const user = await db.user.create({
        data: { name, email: email && !taken && z.email().safeParse(email).success ? email : `lti-${randomBytes(8).toString('hex')}@users.lti.invalid`, passwordHash: await hashPassword(randomBytes(32).toString('base64url')) },
      })
      lu = await db.ltiUser.create({ data: { platformId: ctx.platformId, sub: m.user_id, userId: user.id } })
      added++
    }
    const userId = lu.userId
    const status = m.status === 'Active' ? 'ACTIVE' : 'LEFT'
    if (status === 'LEFT') {
      const was = await db.ltiMember.findUnique({ where: { ltiContextId_userId: { ltiContextId: ctx.id, userId } }, select: { status: true } })
      if (was?.status !== 'LEFT') left++
    } else {
      seen.add(userId)
      const role = mapRoles(m.roles)
      await db.enrollment.upsert({ where: { userId_courseId: { userId, courseId: ctx.courseId } }, create: { userId, courseId: ctx.courseId, role }, update: { role } })
    }
    await db.ltiMember.upsert({
      where: { ltiContextId_userId: { ltiContextId: ctx.id, userId } },
      create: { ltiContextId: ctx.id, userId, roles: m.roles.join(' '), status, syncedAt: now },
      update: { roles: m.roles.join(' '), status, syncedAt: now },
    })
  }
  // Members the LMS no longer lists have left; their enrollment and work stay.
  const gone = await db.ltiMember.updateMany({ where: { ltiContextId: ctx.id, status: 'ACTIVE', userId: { notIn: [...seen] } }, data: { status: 'LEFT', syncedAt: now } })
  left += gone.count
  await db.ltiContext.update({ where: { id: ctx.id }, data: { rosterSyncedAt: now } })
  return { members: members.length, added, left }
}

/** "Sync roster from the LMS" on the course page (course staff). */
export async function syncCourseRoster(db: Db, actor: Actor, courseId: string) {
  await requireCourseRole(db, actor, courseId, STAFF_ROLES)
  const contexts = await db.ltiContext.findMany({ where: { courseId, membershipsUrl: { not: null } } })
  if (contexts.length === 0) throw new UserError('invalid', 'This course is not linked to an LMS course with a roster service.')
  const out = { members: 0, added: 0, left: 0 }
  for (const c of contexts) {
    const r = await syncContextRoster(db, c.id)
    out.members += r.members
    out.added += r.added
    out.left += r.left
  }
  return out
}

/** The LMS roster state of a course, for its staff: the course, who left, and when the roster was last synced. */
export async function courseLtiStatus(db: Db, actor: Actor, courseId: string) {
  await requireCourseRole(db, actor, courseId, STAFF_ROLES)
  const [course, contexts] = await Promise.all([
    db.course.findUniqueOrThrow({ where: { id: courseId }, select: { id: true, title: true } }),
    db.ltiContext.findMany({ where: { courseId }, include: { members: { where: { status: 'LEFT' }, include: { user: { select: { name: true } } } } } }),
  ])
  return {
    course,
    contexts: contexts.map((c) => ({ id: c.id, title: c.title, rosterSyncedAt: c.rosterSyncedAt, hasRoster: !!c.membershipsUrl, left: c.members.map((m) => m.user.name) })),
  }
}

/**
 * Scheduled sync: contexts whose roster is older than `maxAgeMs` (one at a time, claimed by a conditional update).
 * A sync that fails gives the claim back (the last real sync time stays), so the next run tries again.
 */
export async function syncStaleRosters(db: Db, maxAgeMs = 24 * 3600_000, now = new Date()) {
  const stale = new Date(now.getTime() - maxAgeMs)
  const due = await db.ltiContext.findMany({ where: { membershipsUrl: { not: null }, OR: [{ rosterSyncedAt: null }, { rosterSyncedAt: { lt: stale } }] }, take: 5 })
  for (const c of due) {
    const claim = await db.ltiContext.updateMany({ where: { id: c.id, rosterSyncedAt: c.rosterSyncedAt }, data: { rosterSyncedAt: now } })
    if (claim.count !== 1) continue
    try {
      await syncContextRoster(db, c.id, now)
    } catch (e) {
      await db.ltiContext.updateMany({ where: { id: c.id, rosterSyncedAt: now }, data: { rosterSyncedAt: c.rosterSyncedAt } })
      console.error(`[lti] roster sync of ${c.id} failed: ${(e as Error).message}`)
    }
  }
}
