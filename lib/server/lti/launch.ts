/**
 * The LTI launch (LTI 1.3 core §5.1.2–5.1.3): the platform form-posts `id_token` and `state` to the launch URL.
 * Checked in this order, and nothing is created until every check passed:
 *   1. the platform: `iss` and `aud` (or `azp`) name a registration;
 *   2. `state`: issued by this app for that platform, unexpired, and consumed now (single use, in the database);
 *   3. the token, with jose against the platform's JWKS (refetched once on an unknown kid): signature, iss,
 *      aud, exp and iat;
 *   4. `nonce` equals the one stored with the state; the deployment id is registered; the LTI claims are
 *      present and well formed (message type, version 1.3.0, roles, context, resource link or deep-linking
 *      settings).
 * Then, in one transaction: the user (keyed by platform and `sub`), the course for the LMS context (made on the
 * first instructor launch), the enrollment with the mapped role, the resource link (and its assignment and line
 * item), and a single-use launch ticket that the browser exchanges for a session.
 */
import { randomBytes } from 'node:crypto'
import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import type { Role } from '../authz'
import { randomJoinCode } from '../instructor/courses'
import { hashPassword } from '../users'
import { CLAIM, type LaunchClaims, launchClaimsSchema, MESSAGE, mapRoles } from './claims'
import { LaunchError } from './errors'
import { platformKeyResolver } from './platforms'

export const TICKET_TTL_MS = 5 * 60_000
const CLOCK_TOLERANCE_S = 30

const launchFormSchema = z.object({ id_token: z.string().min(1).max(64_000), state: z.string().min(1).max(200) })

export interface LaunchResult {
  ticket: string
  target: string
  userId: string
  courseId: string
  role: Role
  platformOrigin: string
}

function audiences(aud: unknown): string[] {
  return typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : []
}

export async function handleLaunch(db: Db, raw: Record<string, string>, now = new Date()): Promise<LaunchResult> {
  const form = launchFormSchema.safeParse(raw)
  if (!form.success) throw new LaunchError('bad-request', 'The LMS did not send the id_token and state of the launch.')
  const { id_token, state } = form.data

  // 1. Which registration (unverified read only to find the keys; everything is verified below).
  let unverified: ReturnType<typeof decodeJwt>
  try {
    unverified = decodeJwt(id_token)
  } catch {
    throw new LaunchError('bad-signature', 'The id_token is not a well-formed JWT.')
  }
  if (typeof unverified.iss !== 'string') throw new LaunchError('claims', 'The id_token has no issuer (iss).')
  const platforms = await db.ltiPlatform.findMany({ where: { issuer: unverified.iss } })
  if (platforms.length === 0) throw new LaunchError('unknown-platform', `No platform with issuer “${unverified.iss}” is registered with LassoLab.`)
  const auds = audiences(unverified.aud)
  const azp = typeof unverified.azp === 'string' ? unverified.azp : undefined
  const platform = platforms.find((p) => (azp ? azp === p.clientId && auds.includes(p.clientId) : auds.includes(p.clientId)))
  if (!platform) throw new LaunchError('audience', `The id_token's audience (${auds.join(', ') || 'none'}) is not LassoLab's client id for this platform.`)
  if (auds.length > 1 && !azp) throw new LaunchError('audience', 'The id_token has several audiences but no authorized party (azp).')

  // 2. State: single use, bound to this platform, unexpired.
  const stateRow = await db.ltiLoginState.findUnique({ where: { id: state } })
  const consumed = await db.ltiLoginState.updateMany({ where: { id: state, platformId: platform.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
  if (!stateRow || consumed.count !== 1) {
    throw new LaunchError('state', 'The state of this launch does not match a login LassoLab started, or it expired or was already used. Open the link from your LMS again.')
  }

  // 3. Signature and registered claims.
  let payload: Record<string, unknown>
  try {
    const verified = await jwtVerify(id_token, platformKeyResolver(db, platform), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'],
      requiredClaims: ['iat', 'exp', 'sub', 'nonce'],
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: now,
    })
    payload = verified.payload
  } catch (e) {
    throw fromJoseError(e)
  }

  // 4. Nonce, deployment and the LTI claims.
  if (payload.nonce !== stateRow.nonce) throw new LaunchError('nonce', 'The nonce of this launch does not match the login it answers: it was replayed or mixed up with another launch.')
  const claims = launchClaimsSchema.safeParse(payload)
  if (!claims.success) {
    const missing = claims.error.issues.map((i) => i.path.map(String).join('.').replace(/^https:\/\/purl\.imsglobal\.org\/spec\//, '')).join(', ')
    throw new LaunchError('claims', `The launch is missing or has malformed claims: ${missing}.`)
  }
  const c = claims.data
  const deployment = await db.ltiDeployment.findUnique({ where: { platformId_deploymentId: { platformId: platform.id, deploymentId: c[CLAIM.deploymentId] } } })
  if (!deployment) throw new LaunchError('deployment', `Deployment “${c[CLAIM.deploymentId]}” of this LMS is not registered with LassoLab. A site administrator adds it on the LTI admin page.`)
  const messageType = c[CLAIM.messageType]
  if (messageType === MESSAGE.resourceLink && !c[CLAIM.resourceLink]) throw new LaunchError('claims', 'The launch is missing claims: lti/claim/resource_link.')
  if (messageType === MESSAGE.deepLinkingRequest && !c[CLAIM.dlSettings]) throw new LaunchError('claims', 'The launch is missing claims: lti-dl/claim/deep_linking_settings.')

  const role = mapRoles(c[CLAIM.roles])
  const existingContext = await db.ltiContext.findUnique({ where: { platformId_contextId: { platformId: platform.id, contextId: c[CLAIM.context].id } } })
  if (!existingContext && role === 'STUDENT') {
    throw new LaunchError('not-set-up', 'Your instructor has to open LassoLab from this course once before students can use it.')
  }
  if (messageType === MESSAGE.deepLinkingRequest && role === 'STUDENT') throw new LaunchError('not-set-up', 'Only instructors can add LassoLab content to a course.')

  // New LMS users get an unusable random password (they sign in through the LMS); hashed before the transaction.
  const known = await db.ltiUser.findUnique({ where: { platformId_sub: { platformId: platform.id, sub: c.sub } }, select: { id: true } })
  const passwordHash = known ? '' : await hashPassword(randomBytes(32).toString('base64url'))
  return provision(db, { platform, deploymentId: c[CLAIM.deploymentId], claims: c, role, passwordHash, now })
}

function fromJoseError(e: unknown): LaunchError {
  if (e instanceof joseErrors.JWTExpired) return new LaunchError('expired', 'The id_token has expired. Open the link from your LMS again.')
  if (e instanceof joseErrors.JWKSNoMatchingKey) return new LaunchError('unknown-key', 'The id_token names a key (kid) that is not in the platform’s published key set, even after fetching it again.')
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return new LaunchError('bad-signature', 'The id_token’s signature does not match the platform’s published keys.')
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return new LaunchError('audience', 'The id_token was issued for another client id.')
    if (e.claim === 'iat' || e.claim === 'nbf') return new LaunchError('expired', 'The id_token is not valid at this time (issued in the future).')
    return new LaunchError('claims', `The id_token is missing or has a wrong “${e.claim}” claim.`)
  }
  if (e instanceof joseErrors.JOSEAlgNotAllowed || e instanceof joseErrors.JWSInvalid || e instanceof joseErrors.JWTInvalid) {
    return new LaunchError('bad-signature', 'The id_token is not a valid signed JWT.')
  }
  if (e instanceof LaunchError) return e
  return new LaunchError('platform-unreachable', 'LassoLab could not fetch the platform’s public keys to verify the launch. Try again in a moment.')
}

interface ProvisionInput {
  platform: { id: string; issuer: string; authUrl: string }
  deploymentId: string
  claims: LaunchClaims
  role: Role
  passwordHash: string
  now: Date
}

const ticketToken = () => randomBytes(32).toString('base64url')

function displayName(c: LaunchClaims): string {
  const n = c.name?.trim() || [c.given_name, c.family_name].filter(Boolean).join(' ').trim()
  return (n || 'LMS user').slice(0, 100)
}

async function provision(db: Db, input: ProvisionInput): Promise<LaunchResult> {
  const { platform, claims: c, role, now } = input
  const context = c[CLAIM.context]
  const ags = c[CLAIM.ags]
  const nrps = c[CLAIM.nrps]
  return db.$transaction(async (tx) => {
    // The user, keyed by (platform, sub). The LMS email is used when no LassoLab account has it (otherwise a
    // synthetic one): an LMS account never takes over an existing LassoLab account.
    let ltiUser = await tx.ltiUser.findUnique({ where: { platformId_sub: { platformId: platform.id, sub: c.sub } } })
    if (!ltiUser) {
      const email = c.email?.trim().toLowerCase()
      const taken = email ? await tx.user.findUnique({ where: { email } }) : null
      const user = await tx.user.create({
        data: {
          name: displayName(c),
          email: email && !taken && z.email().safeParse(email).success ? email : `lti-${randomBytes(8).toString('hex')}@users.lti.invalid`,
          passwordHash: input.passwordHash,
        },
      })
      ltiUser = await tx.ltiUser.create({ data: { platformId: platform.id, sub: c.sub, userId: user.id } })
    }
    const userId = ltiUser.userId

    // The course for the LMS context (made on the first staff launch; students cannot get here without one).
    let ltiContext = await tx.ltiContext.findUnique({ where: { platformId_contextId: { platformId: platform.id, contextId: context.id } } })
    const contextData = {
      title: (context.title ?? context.label ?? 'LMS course').slice(0, 120),
      deploymentId: input.deploymentId,
      ...(nrps ? { membershipsUrl: nrps.context_memberships_url } : {}),
      ...(ags?.lineitems ? { lineItemsUrl: ags.lineitems, agsScopes: ags.scope.join(' ') } : {}),
    }
    if (!ltiContext) {
      const course = await tx.course.create({ data: { title: contextData.title, joinCode: randomJoinCode() } })
      ltiContext = await tx.ltiContext.create({ data: { platformId: platform.id, contextId: context.id, courseId: course.id, ...contextData } })
    } else {
      ltiContext = await tx.ltiContext.update({ where: { id: ltiContext.id }, data: contextData })
    }
    const courseId = ltiContext.courseId
    await tx.enrollment.upsert({ where: { userId_courseId: { userId, courseId } }, create: { userId, courseId, role }, update: { role } })
    await tx.ltiMember.upsert({
      where: { ltiContextId_userId: { ltiContextId: ltiContext.id, userId } },
      create: { ltiContextId: ltiContext.id, userId, roles: c[CLAIM.roles].join(' '), status: 'ACTIVE' },
      update: { roles: c[CLAIM.roles].join(' '), status: 'ACTIVE', syncedAt: now },
    })

    let target: string
    if (c[CLAIM.messageType] === MESSAGE.deepLinkingRequest) {
      const dl = c[CLAIM.dlSettings]
      if (!dl) throw new LaunchError('claims', 'The launch is missing claims: lti-dl/claim/deep_linking_settings.')
      const id = ticketToken()
      await tx.ltiDeepLink.create({
        data: { id, platformId: platform.id, deploymentId: input.deploymentId, returnUrl: dl.deep_link_return_url, data: dl.data ?? null, courseId, userId, expiresAt: new Date(now.getTime() + 60 * 60_000) },
      })
      target = `/lti/deep-link/${id}`
    } else {
      const rl = c[CLAIM.resourceLink]
      if (!rl) throw new LaunchError('claims', 'The launch is missing claims: lti/claim/resource_link.')
      // An assignment chosen by deep linking comes back as a custom parameter; it must belong to this course.
      const custom = c[CLAIM.custom]?.assignment_id
      const customAssignment =
        typeof custom === 'string' ? await tx.assignment.findFirst({ where: { id: custom, courseId }, select: { id: true } }) : null
      const existing = await tx.ltiResourceLink.findUnique({ where: { ltiContextId_resourceLinkId: { ltiContextId: ltiContext.id, resourceLinkId: rl.id } } })
      const link = await tx.ltiResourceLink.upsert({
        where: { ltiContextId_resourceLinkId: { ltiContextId: ltiContext.id, resourceLinkId: rl.id } },
        create: { ltiContextId: ltiContext.id, resourceLinkId: rl.id, title: (rl.title ?? '').slice(0, 255), assignmentId: customAssignment?.id ?? null, lineItemUrl: ags?.lineitem ?? null },
        update: {
          title: (rl.title ?? existing?.title ?? '').slice(0, 255),
          ...(customAssignment && !existing?.assignmentId ? { assignmentId: customAssignment.id } : {}),
          ...(ags?.lineitem ? { lineItemUrl: ags.lineitem } : {}),
        },
      })
      if (link.assignmentId) target = role === 'STUDENT' ? `/assignments/${link.assignmentId}` : `/instructor/assignments/${link.assignmentId}`
      else target = `/lti/links/${link.id}`
    }

    const ticket = ticketToken()
    await tx.ltiLaunchTicket.create({ data: { id: ticket, userId, target, expiresAt: new Date(now.getTime() + TICKET_TTL_MS) } })
    return { ticket, target, userId, courseId, role, platformOrigin: new URL(platform.authUrl).origin }
  })
}

/** Exchanges a launch ticket (once) for the user it was issued to; null when unknown, used or expired. */
export async function redeemLaunchTicket(db: Db, ticket: unknown, now = new Date()): Promise<{ userId: string; target: string; email: string; name: string } | null> {
  if (typeof ticket !== 'string' || ticket.length < 20 || ticket.length > 100) return null
  const used = await db.ltiLaunchTicket.updateMany({ where: { id: ticket, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
  if (used.count !== 1) return null
  const row = await db.ltiLaunchTicket.findUnique({ where: { id: ticket }, include: { user: true } })
  if (!row) return null
  return { userId: row.userId, target: row.target, email: row.user.email, name: row.user.name }
}

/** Where an unused, unexpired ticket leads (without using it), or null. */
export async function peekLaunchTicket(db: Db, ticket: unknown, now = new Date()): Promise<string | null> {
  if (typeof ticket !== 'string' || ticket.length < 20 || ticket.length > 100) return null
  const row = await db.ltiLaunchTicket.findUnique({ where: { id: ticket } })
  return row && !row.usedAt && row.expiresAt > now ? row.target : null
}
