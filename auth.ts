/**
 * Auth.js v5: email + password (credentials provider), JWT sessions.
 * The session carries the user id and the user's session version at sign-in (sign-out bumps the version, which
 * ends every session issued before: lib/server/session.ts); course roles are looked up per request in lib/server.
 */
import NextAuth from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { authConfig } from '@/auth.config'
import { db } from '@/lib/db'
import { redeemLaunchTicket } from '@/lib/server/lti/launch'
import { verifyCredentials } from '@/lib/server/users'

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials) {
        const user = await verifyCredentials(credentials)
        return user ? { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } : null
      },
    }),
    // An LTI launch verified by lib/server/lti becomes a session through its single-use ticket.
    Credentials({
      id: 'lti',
      credentials: { ticket: {} },
      async authorize(credentials) {
        const r = await redeemLaunchTicket(db(), credentials?.ticket)
        return r ? { id: r.userId, email: r.email, name: r.name } : null
      },
    }),
  ],
})
