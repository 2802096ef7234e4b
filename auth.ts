/**
 * Auth.js v5: email + password (credentials provider), JWT sessions.
 * The session carries the user id and the user's session version at sign-in (sign-out bumps the version, which
 * ends every session issued before: lib/server/session.ts); course roles are looked up per request in lib/server.
 * Sign-in is rate limited per account and per address (lib/server/edge/rateLimit): a refused try throws
 * SignInRateLimited, which the sign-in form shows as a message and the HTTP endpoint answers with a 429.
 */
import NextAuth, { CredentialsSignin } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { authConfig } from '@/auth.config'
import { db } from '@/lib/db'
import { redeemLaunchTicket } from '@/lib/server/lti/launch'
import { clientAddress, signInFailed, signInGate, signInSucceeded } from '@/lib/server/edge/rateLimit'
import { RateLimitedError } from '@/lib/server/errors'
import { verifyCredentials } from '@/lib/server/users'

export class SignInRateLimited extends CredentialsSignin {
  code = 'rate_limited'
  readonly userMessage: string
  readonly retryAfterSeconds: number
  constructor(e: RateLimitedError) {
    super(e.message)
    this.userMessage = e.message
    this.retryAfterSeconds = e.retryAfterSeconds
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const email = typeof credentials?.email === 'string' ? credentials.email : ''
        const address = clientAddress(request.headers)
        let gate: { accountFailures: number }
        try {
          gate = await signInGate(db(), email, address)
        } catch (e) {
          if (e instanceof RateLimitedError) throw new SignInRateLimited(e)
          throw e
        }
        const user = await verifyCredentials(credentials)
        if (!user) {
          await signInFailed(db(), email, address)
          return null
        }
        await signInSucceeded(db(), email, gate.accountFailures)
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion }
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
