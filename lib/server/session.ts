/**
 * The signed-in actor for the current request (app layer only: reads the Auth.js session cookie).
 * A session token carries the user's session version at sign-in; sign-out bumps the user's version, so a
 * token issued before (a copied or stolen cookie, another device) stops working at once, not after 14 days.
 */
import { decode, getToken } from 'next-auth/jwt'
import { cache } from 'react'
import { auth } from '@/auth'
import { db as defaultDb } from '@/lib/db'
import type { Actor } from './authz'
import { sessionIsCurrent } from './users'

type Claims = { userId: string; sessionVersion: number; name: string; email: string }

/** The session cookie's names: Auth.js prefixes it with __Secure- over https (and for LMS iframes). */
const COOKIE_NAMES = ['__Secure-authjs.session-token', 'authjs.session-token'] as const

/**
 * A route handler's session, read from its request: the token is only decrypted and checked (signature, expiry),
 * not re-issued. `auth()` also re-encrypts a refreshed token into a Set-Cookie on every call, which costs more than
 * the rest of a submission; pages (which go through auth()) keep the rolling refresh. Each cookie name is decoded
 * with its own salt, as Auth.js issues it; a token sent as a Bearer header is not accepted here.
 */
async function tokenClaims(req: Request): Promise<Claims | null> {
  const secret = process.env.AUTH_SECRET
  const cookie = req.headers.get('cookie') ?? ''
  if (!secret || !cookie) return null
  const headers = new Headers({ cookie })
  for (const cookieName of COOKIE_NAMES) {
    if (!cookie.includes(cookieName)) continue
    // The cookie's value (its chunks joined), read once; decrypted only when this process has not seen it yet.
    const raw = await getToken({ req: { headers }, secret, cookieName, secureCookie: cookieName.startsWith('__Secure-'), raw: true })
    if (!raw) continue
    const key = `${cookieName}\u0000${raw}`
    const known = decodedTokens.get(key)
    if (known && known.expiresAt > Date.now()) return known.claims
    const token = await decode({ token: raw, secret, salt: cookieName }).catch(() => null)
    if (token && typeof token.uid === 'string') {
      const claims = { userId: token.uid, sessionVersion: typeof token.sv === 'number' ? token.sv : 0, name: token.name ?? '', email: token.email ?? '' }
      remember(key, claims, typeof token.exp === 'number' ? token.exp * 1000 : Date.now())
      return claims
    }
  }
  return null
}

/**
 * Tokens already decrypted by this process, by their exact text, until they expire: decrypting is a pure function
 * of the token and the secret, so the same token need not be decrypted on every request. This protects nothing by
 * itself: whether the session is still current is checked against the user's session version in the database on
 * every request, like before.
 */
const DECODED_MAX = 5000
const decodedTokens = new Map<string, { claims: Claims; expiresAt: number }>()
function remember(key: string, claims: Claims, expiresAt: number) {
  decodedTokens.set(key, { claims, expiresAt })
  if (decodedTokens.size > DECODED_MAX) decodedTokens.delete(decodedTokens.keys().next().value as string)
}

/**
 * What the session token says, not yet checked against the user's current session version. Only for use
 * cases that check `sessionVersion` in a query they make anyway (submitAttempt); everything else uses currentActor.
 */
export async function sessionClaims(req?: Request): Promise<Claims | null> {
  if (req) return tokenClaims(req)
  const session = await auth()
  const id = session?.user?.id
  return id ? { userId: id, sessionVersion: session.sessionVersion ?? 0, name: session.user.name ?? '', email: session.user.email ?? '' } : null
}

/** The checked session of this request, once per request (the layout and the page both ask). */
const checkedSession = cache(async (req?: Request) => {
  const claims = await sessionClaims(req)
  if (!claims) return null
  return (await sessionIsCurrent(defaultDb(), claims.userId, claims.sessionVersion)) ? claims : null
})

/** The signed-in actor; route handlers pass their request (a cheaper read of the same session cookie). */
export async function currentActor(req?: Request): Promise<Actor> {
  const s = await checkedSession(req)
  return s ? { userId: s.userId, sessionVersion: s.sessionVersion } : null
}

export async function currentUser() {
  const s = await checkedSession()
  return s ? { id: s.userId, name: s.name, email: s.email } : null
}
