/**
 * The signed-in actor for the current request (app layer only: reads the Auth.js session cookie).
 * A session token carries the user's session version at sign-in; sign-out bumps the user's version, so a
 * token issued before (a copied or stolen cookie, another device) stops working at once, not after 14 days.
 */
import { getToken } from 'next-auth/jwt'
import { headers } from 'next/headers'
import { cache } from 'react'
import { authConfig } from '@/auth.config'
import { db as defaultDb } from '@/lib/db'
import type { Actor } from './authz'
import { sessionIsCurrent } from './users'

/**
 * What the session token says, not yet checked against the user's current session version. Only for use
 * cases that check `sessionVersion` in a query they make anyway (submitAttempt); everything else uses currentActor.
 */
export async function sessionClaims(): Promise<{ userId: string; sessionVersion: number; name: string; email: string } | null> {
  const token = await sessionToken()
  const id = token?.uid
  if (typeof id !== 'string') return null
  return { userId: id, sessionVersion: typeof token?.sv === 'number' ? token.sv : 0, name: String(token?.name ?? ''), email: String(token?.email ?? '') }
}

/**
 * The session token of this request, decrypted and checked for expiry (Auth.js's own `getToken`, with the
 * cookie name Auth.js uses). Reading it directly, rather than through `auth()`, skips Auth.js's session
 * endpoint, which re-encrypts a refreshed token on every call only for the result to be thrown away here: a
 * route handler cannot set it, and pages refresh the cookie through proxy.ts. Same claims as auth.config's
 * `session` callback: `uid` and `sv` (tokens from before session versions count as version 0).
 */
async function sessionToken() {
  const secret = process.env.AUTH_SECRET
  if (!secret) return null
  const h = await headers()
  const cookie = h.get('cookie') ?? ''
  const configured = (authConfig as { cookies?: { sessionToken?: { name?: string } } }).cookies?.sessionToken?.name
  // Auth.js names the cookie __Secure-… when it set it over https; a browser sends that name only over https.
  const name = configured ?? (cookie.includes('__Secure-authjs.session-token') ? '__Secure-authjs.session-token' : 'authjs.session-token')
  try {
    return await getToken({ req: { headers: h }, secret, cookieName: name, secureCookie: name.startsWith('__Secure-') })
  } catch {
    return null
  }
}

/** The checked session of this request, once per request (the layout and the page both ask). */
const checkedSession = cache(async () => {
  const claims = await sessionClaims()
  if (!claims) return null
  return (await sessionIsCurrent(defaultDb(), claims.userId, claims.sessionVersion)) ? claims : null
})

export async function currentActor(): Promise<Actor> {
  const s = await checkedSession()
  return s ? { userId: s.userId, sessionVersion: s.sessionVersion } : null
}

export async function currentUser() {
  const s = await checkedSession()
  return s ? { id: s.userId, name: s.name, email: s.email } : null
}
