/**
 * The part of the Auth.js configuration that needs no database: used by proxy.ts to send visitors who are not
 * signed in to /signin. Authorization by course role is not decided here but in lib/server.
 */
import type { NextAuthConfig } from 'next-auth'

/** Pages anyone may open. Everything else needs a session. */
const PUBLIC_PATHS = [/^\/$/, /^\/catalog(\/.*)?$/, /^\/signin$/, /^\/signup$/, /^\/api\/auth(\/|$)/, /^\/api\/health$/]

export function isPublicPath(path: string): boolean {
  // Route handlers answer 401 JSON themselves (lib/server checks the caller); no redirect to an HTML page.
  return path.startsWith('/api/') || PUBLIC_PATHS.some((re) => re.test(path))
}

export const authConfig = {
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 60 * 60 * 24 * 14 },
  pages: { signIn: '/signin' },
  // Inside an LMS iframe on another site the session cookie must be SameSite=None; Secure (https only), and
  // Partitioned (CHIPS), so that browsers blocking third-party cookies still keep it for that LMS's frame.
  // LTI_IFRAME_COOKIES=1 turns that on for deployments served over https (see README, LTI).
  ...(process.env.LTI_IFRAME_COOKIES === '1'
    ? {
        cookies: {
          sessionToken: { name: '__Secure-authjs.session-token', options: { httpOnly: true, sameSite: 'none' as const, path: '/', secure: true, partitioned: true } },
        },
      }
    : {}),
  providers: [],
  logger: {
    // Auth.js logs a stack trace for every wrong password unless given a logger.
    error(error) {
      const name = (error as { type?: string }).type ?? error.name
      if (name === 'CredentialsSignin') return
      console.error(`[auth] ${name}: ${error.message}`)
    },
    warn() {},
  },
  callbacks: {
    authorized({ auth, request }) {
      return isPublicPath(request.nextUrl.pathname) || !!auth?.user
    },
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id
        token.sv = user.sessionVersion ?? 0
      }
      return token
    },
    session({ session, token }) {
      if (typeof token.uid === 'string') session.user.id = token.uid
      // Tokens issued before session versions existed count as version 0.
      session.sessionVersion = typeof token.sv === 'number' ? token.sv : 0
      return session
    },
  },
} satisfies NextAuthConfig
