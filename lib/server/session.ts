/**
 * The signed-in actor for the current request (app layer only: reads the Auth.js session cookie).
 * A session token carries the user's session version at sign-in; sign-out bumps the user's version, so a
 * token issued before (a copied or stolen cookie, another device) stops working at once, not after 14 days.
 */
import { cache } from 'react'
import { auth } from '@/auth'
import { db as defaultDb } from '@/lib/db'
import type { Actor } from './authz'
import { sessionIsCurrent } from './users'

/**
 * What the session token says, not yet checked against the user's current session version. Only for use
 * cases that check `sessionVersion` in a query they make anyway (submitAttempt); everything else uses currentActor.
 */
export async function sessionClaims(): Promise<{ userId: string; sessionVersion: number; name: string; email: string } | null> {
  const session = await auth()
  const id = session?.user?.id
  return id ? { userId: id, sessionVersion: session.sessionVersion ?? 0, name: session.user.name ?? '', email: session.user.email ?? '' } : null
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
