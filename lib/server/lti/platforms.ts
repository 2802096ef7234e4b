/**
 * LMS platform registrations (site admins only) and the platforms' public keys: the JWKS is cached in the
 * database and refetched when a token names a kid the cache does not have.
 */
import { createLocalJWKSet, type JSONWebKeySet, type JWSHeaderParameters, type FlattenedJWSInput, errors as joseErrors } from 'jose'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import type { Actor } from '../authz'
import { UserError, fieldErrorsOf, isUniqueViolation } from '../errors'
import { requireSiteAdmin } from './admin'
import { fetchLimited } from './http'

const httpUrl = z
  .url({ message: 'Enter a full URL (https://…).' })
  .max(2000)
  .refine((u) => /^https?:\/\//.test(u), 'The URL must start with https:// (or http:// for local testing).')

export const platformSchema = z.object({
  name: z.string().trim().min(1, 'Give the platform a name.').max(200),
  issuer: z.string().trim().min(1, 'Enter the issuer (iss).').max(500),
  clientId: z.string().trim().min(1, 'Enter the client id.').max(255),
  authUrl: httpUrl,
  tokenUrl: httpUrl,
  jwksUrl: httpUrl,
  tokenAudience: z.string().trim().max(2000).optional().transform((s) => s || undefined),
  deploymentIds: z
    .string()
    .max(10_000)
    .transform((s) =>
      s
        .split(/[\s,]+/)
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(255)).min(1, 'Enter at least one deployment id.')),
})

export async function listPlatforms(db: Db, actor: Actor) {
  await requireSiteAdmin(db, actor)
  return db.ltiPlatform.findMany({ orderBy: { createdAt: 'asc' }, include: { deployments: true } })
}

export async function savePlatform(db: Db, actor: Actor, raw: unknown, id?: string) {
  await requireSiteAdmin(db, actor)
  const parsed = platformSchema.safeParse(raw)
  if (!parsed.success) throw new UserError('invalid', 'Please correct the marked fields.', fieldErrorsOf(parsed.error.issues))
  const { deploymentIds, ...data } = parsed.data
  try {
    return await db.$transaction(async (tx) => {
      const p = id
        ? await tx.ltiPlatform.update({ where: { id }, data: { ...data, tokenAudience: data.tokenAudience ?? null, jwksCache: null, jwksFetchedAt: null } })
        : await tx.ltiPlatform.create({ data })
      await tx.ltiDeployment.deleteMany({ where: { platformId: p.id, deploymentId: { notIn: deploymentIds } } })
      for (const d of deploymentIds) {
        await tx.ltiDeployment.upsert({ where: { platformId_deploymentId: { platformId: p.id, deploymentId: d } }, create: { platformId: p.id, deploymentId: d }, update: {} })
      }
      return p
    })
  } catch (e) {
    if (isUniqueViolation(e)) throw new UserError('conflict', 'A platform with this issuer and client id is already registered.', { clientId: 'Already registered.' })
    throw e
  }
}

export async function deletePlatform(db: Db, actor: Actor, id: string) {
  await requireSiteAdmin(db, actor)
  await db.ltiPlatform.deleteMany({ where: { id } })
}

const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())).max(100) })

/** Do not refetch a platform's JWKS more often than this, whatever kids tokens name. */
const REFETCH_MIN_MS = 5_000

async function refreshJwks(db: Db, platform: { id: string; jwksUrl: string; jwksFetchedAt: Date | null; jwksCache: string | null }) {
  if (platform.jwksCache && platform.jwksFetchedAt && Date.now() - platform.jwksFetchedAt.getTime() < REFETCH_MIN_MS) {
    return JSON.parse(platform.jwksCache) as JSONWebKeySet
  }
  const res = await fetchLimited(platform.jwksUrl, { headers: { accept: 'application/json' } })
  if (!res.ok) throw new Error(`the platform's key set (${platform.jwksUrl}) answered ${res.status}`)
  const jwks = jwksSchema.parse(JSON.parse(res.text)) as JSONWebKeySet
  await db.ltiPlatform.update({ where: { id: platform.id }, data: { jwksCache: JSON.stringify(jwks), jwksFetchedAt: new Date() } })
  return jwks
}

/**
 * A jose key resolver for a platform: the cached JWKS first; on an unknown kid (or no cache) the JWKS is
 * fetched again once, and a kid still unknown then fails verification.
 */
export function platformKeyResolver(db: Db, platform: { id: string; jwksUrl: string; jwksFetchedAt: Date | null; jwksCache: string | null }) {
  return async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    if (platform.jwksCache) {
      try {
        return await createLocalJWKSet(JSON.parse(platform.jwksCache) as JSONWebKeySet)(header, token)
      } catch (e) {
        if (!(e instanceof joseErrors.JWKSNoMatchingKey)) throw e
      }
    }
    const fresh = await refreshJwks(db, platform)
    return createLocalJWKSet(fresh)(header, token)
  }
}
