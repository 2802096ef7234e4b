/**
 * LTI Advantage service access (IMS Security Framework §4.1): the OAuth 2 client-credentials grant with a
 * JWT client assertion signed by the tool key (iss = sub = client id, aud = the platform's token endpoint or
 * the audience it names, a fresh jti). Tokens are cached in the database per (platform, scopes) until shortly
 * before they expire, so every app instance reuses them.
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { fetchLimited, lmsMessage } from './http'
import { signToolJwt } from './keys'

const tokenResponseSchema = z.object({ access_token: z.string().min(1).max(8000), expires_in: z.coerce.number().positive().max(365 * 86400).optional() })
const EARLY_MS = 60_000

export interface PlatformForToken {
  id: string
  clientId: string
  tokenUrl: string
  tokenAudience: string | null
}

export class ServiceError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message)
    this.name = 'ServiceError'
  }
}

export async function accessToken(db: Db, platform: PlatformForToken, scopes: string[], now = new Date()): Promise<string> {
  const scope = [...new Set(scopes)].sort().join(' ')
  const cached = await db.ltiAccessToken.findUnique({ where: { platformId_scope: { platformId: platform.id, scope } } })
  if (cached && cached.expiresAt.getTime() - EARLY_MS > now.getTime()) return cached.token
  const assertion = await signToolJwt(db, { iss: platform.clientId, sub: platform.clientId, aud: platform.tokenAudience ?? platform.tokenUrl })
  const res = await fetchLimited(platform.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope,
    }).toString(),
  })
  if (!res.ok) throw new ServiceError(`The LMS refused an access token (${res.status}): ${lmsMessage(res.text)}`, res.status)
  const parsed = tokenResponseSchema.safeParse(JSON.parse(res.text))
  if (!parsed.success) throw new ServiceError('The LMS answered the token request without an access token.', res.status)
  const expiresAt = new Date(now.getTime() + (parsed.data.expires_in ?? 3600) * 1000)
  await db.ltiAccessToken.upsert({
    where: { platformId_scope: { platformId: platform.id, scope } },
    create: { platformId: platform.id, scope, token: parsed.data.access_token, expiresAt },
    update: { token: parsed.data.access_token, expiresAt },
  })
  return parsed.data.access_token
}

/** Forgets a cached token the platform no longer accepts (answered 401). */
export async function dropAccessToken(db: Db, platformId: string, token: string) {
  await db.ltiAccessToken.deleteMany({ where: { platformId, token } })
}
