/**
 * Deep Linking 2.0 and resource-link setup.
 * - An LtiDeepLinkingRequest launch opens a page where the instructor picks an assignment of the course (or
 *   makes one in the builder); LassoLab answers with a signed LtiDeepLinkingResponse holding one
 *   `ltiResourceLink` content item with a `lineItem` (scoreMaximum = the assignment's points) and the
 *   assignment id as a custom parameter, so the LMS creates the link and its gradebook column.
 * - "Create a new assignment" on that page opens the builder with the selection carried along
 *   (`deepLinkForBuilder`); saving it (`createAssignmentForDeepLink`) leads back to the page with the new
 *   assignment chosen, one press away from the LMS. The selection must still be this instructor's, for this
 *   course, unused and unexpired, both when the builder opens and when it saves.
 * - A plain resource link not yet tied to an assignment opens a page where the instructor picks one; if the
 *   LMS offers AGS line item management, LassoLab creates the grade column for it.
 */
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { type Actor, requireCourseRole, requireUser } from '../authz'
import { UserError } from '../errors'
import { createAssignment } from '../instructor/assignments'
import { INSTRUCTOR_ONLY } from '../instructor/common'
import { CLAIM, MEDIA, MESSAGE, SCOPE } from './claims'
import { fetchLimited } from './http'
import { signToolJwt } from './keys'
import { accessToken } from './services'
import { toolUrls } from './urls'

const idSchema = z.string().min(1).max(100)

async function courseAssignments(db: Db, courseId: string) {
  const rows = await db.assignment.findMany({ where: { courseId }, include: { items: { select: { points: true } } }, orderBy: { createdAt: 'asc' } })
  return rows.map((a) => ({ id: a.id, title: a.title, points: a.items.reduce((s, i) => s + i.points, 0), questions: a.items.length }))
}

async function loadDeepLink(db: Db, actor: Actor, deepLinkId: unknown, now: Date) {
  const { userId } = requireUser(actor)
  const id = idSchema.safeParse(deepLinkId)
  const dl = id.success ? await db.ltiDeepLink.findUnique({ where: { id: id.data } }) : null
  if (!dl || dl.userId !== userId) throw new UserError('not-found', 'This content selection was not found. Start again from your LMS.')
  await requireCourseRole(db, actor, dl.courseId, INSTRUCTOR_ONLY)
  if (dl.usedAt) throw new UserError('closed', 'This content selection was already sent back to your LMS.')
  if (dl.expiresAt <= now) throw new UserError('closed', 'This content selection has expired. Start again from your LMS.')
  return dl
}

/**
 * The content-selection page. `chosen` (an assignment just made in the builder) is shown first, ready to send;
 * an id that is not an assignment of this course is ignored.
 */
export async function deepLinkView(db: Db, actor: Actor, deepLinkId: unknown, now = new Date(), chosenId?: unknown) {
  const dl = await loadDeepLink(db, actor, deepLinkId, now)
  const course = await db.course.findUniqueOrThrow({ where: { id: dl.courseId }, select: { id: true, title: true } })
  const all = await courseAssignments(db, dl.courseId)
  const chosen = typeof chosenId === 'string' ? (all.find((a) => a.id === chosenId) ?? null) : null
  return {
    id: dl.id,
    course,
    chosen,
    assignments: all.filter((a) => a.id !== chosen?.id),
    newAssignmentUrl: `/instructor/courses/${dl.courseId}/assignments/new?deepLink=${encodeURIComponent(dl.id)}`,
  }
}

/** The builder opened from a content selection: it must be this instructor's, for this course, and still open. */
export async function deepLinkForBuilder(db: Db, actor: Actor, raw: { deepLinkId: unknown; courseId: unknown }, now = new Date()) {
  const dl = await loadDeepLink(db, actor, raw.deepLinkId, now)
  if (raw.courseId !== dl.courseId) throw new UserError('not-found', 'This content selection belongs to another course. Start again from your LMS.')
  const course = await db.course.findUniqueOrThrow({ where: { id: dl.courseId }, select: { title: true } })
  return { id: dl.id, courseTitle: course.title, returnTo: `/lti/deep-link/${dl.id}` }
}

/**
 * Saves a new assignment made in the builder for a content selection (checked first, so a closed selection
 * creates nothing) and returns the selection page with it chosen.
 */
export async function createAssignmentForDeepLink(db: Db, actor: Actor, raw: { deepLinkId: unknown; courseId: unknown; assignment: unknown }, now = new Date()) {
  const dl = await deepLinkForBuilder(db, actor, raw, now)
  const created = await createAssignment(db, actor, { courseId: raw.courseId, assignment: raw.assignment })
  return { assignmentId: created.id, next: `${dl.returnTo}?chosen=${encodeURIComponent(created.id)}` }
}

/** Signs the LtiDeepLinkingResponse for the chosen assignment (once). Returns where to post it. */
export async function deepLinkResponse(db: Db, actor: Actor, raw: { deepLinkId: unknown; assignmentId: unknown }, baseUrl: string, now = new Date()) {
  const dl = await loadDeepLink(db, actor, raw.deepLinkId, now)
  const aid = idSchema.safeParse(raw.assignmentId)
  const assignment = aid.success ? await db.assignment.findFirst({ where: { id: aid.data, courseId: dl.courseId }, include: { items: { select: { points: true } } } }) : null
  if (!assignment) throw new UserError('invalid', 'Choose an assignment of this course.')
  const used = await db.ltiDeepLink.updateMany({ where: { id: dl.id, usedAt: null }, data: { usedAt: now } })
  if (used.count !== 1) throw new UserError('closed', 'This content selection was already sent back to your LMS.')
  const platform = await db.ltiPlatform.findUniqueOrThrow({ where: { id: dl.platformId } })
  const points = assignment.items.reduce((s, i) => s + i.points, 0)
  const jwt = await signToolJwt(db, {
    iss: platform.clientId,
    aud: platform.issuer,
    nonce: randomUUID(),
    [CLAIM.messageType]: MESSAGE.deepLinkingResponse,
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: dl.deploymentId,
    ...(dl.data ? { [CLAIM.dlData]: dl.data } : {}),
    [CLAIM.dlMsg]: `Added “${assignment.title}” from LassoLab.`,
    [CLAIM.dlContentItems]: [
      {
        type: 'ltiResourceLink',
        title: assignment.title,
        url: toolUrls(baseUrl).launch,
        custom: { assignment_id: assignment.id },
        ...(points > 0 ? { lineItem: { scoreMaximum: points, label: assignment.title, resourceId: assignment.id, tag: 'lassolab' } } : {}),
      },
    ],
  })
  return { returnUrl: dl.returnUrl, jwt }
}

async function loadLink(db: Db, actor: Actor, linkId: unknown) {
  requireUser(actor)
  const id = idSchema.safeParse(linkId)
  const link = id.success ? await db.ltiResourceLink.findUnique({ where: { id: id.data }, include: { context: { include: { platform: true } } } }) : null
  if (!link) throw new UserError('not-found', 'This LMS link was not found.')
  const enrollment = await requireCourseRole(db, actor, link.context.courseId, ['STUDENT', 'TA', 'INSTRUCTOR'])
  return { link, role: enrollment.role }
}

/** The page a resource link opens before it has an assignment. */
export async function linkView(db: Db, actor: Actor, linkId: unknown) {
  const { link, role } = await loadLink(db, actor, linkId)
  if (link.assignmentId) return { kind: 'ready' as const, assignmentId: link.assignmentId, role }
  if (role === 'STUDENT') return { kind: 'not-set-up' as const, title: link.title }
  return { kind: 'choose' as const, id: link.id, title: link.title, courseId: link.context.courseId, canChoose: role === 'INSTRUCTOR', assignments: await courseAssignments(db, link.context.courseId) }
}

/**
 * Ties a resource link to an assignment (instructors). When the launch brought no line item but the LMS lets
 * the tool manage line items, a grade column is created for the link (AGS 2.0 line item POST).
 */
export async function setLinkAssignment(db: Db, actor: Actor, raw: { linkId: unknown; assignmentId: unknown }) {
  const { link, role } = await loadLink(db, actor, raw.linkId)
  if (role !== 'INSTRUCTOR') throw new UserError('forbidden', 'Only an instructor can choose what this link opens.')
  const aid = idSchema.safeParse(raw.assignmentId)
  const assignment = aid.success ? await db.assignment.findFirst({ where: { id: aid.data, courseId: link.context.courseId }, include: { items: { select: { points: true } } } }) : null
  if (!assignment) throw new UserError('invalid', 'Choose an assignment of this course.')
  let lineItemUrl = link.lineItemUrl
  let warning: string | null = null
  const ctx = link.context
  if (!lineItemUrl && ctx.lineItemsUrl && ctx.agsScopes.split(' ').includes(SCOPE.lineItem)) {
    try {
      const token = await accessToken(db, ctx.platform, [SCOPE.lineItem])
      const points = assignment.items.reduce((s, i) => s + i.points, 0)
      const res = await fetchLimited(ctx.lineItemsUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': MEDIA.lineItem, accept: MEDIA.lineItem },
        body: JSON.stringify({ scoreMaximum: points || 1, label: assignment.title, resourceId: assignment.id, resourceLinkId: link.resourceLinkId, tag: 'lassolab' }),
      })
      const parsed = z.object({ id: z.url() }).safeParse(res.ok ? JSON.parse(res.text) : null)
      if (parsed.success) lineItemUrl = parsed.data.id
      else warning = `The LMS did not create a grade column (${res.status}); grades stay in LassoLab.`
    } catch (e) {
      warning = `The LMS could not be reached to create a grade column: ${(e as Error).message}`
    }
  }
  await db.ltiResourceLink.update({ where: { id: link.id }, data: { assignmentId: assignment.id, lineItemUrl } })
  return { assignmentId: assignment.id, warning }
}
