import NextAuth from 'next-auth'
import { authConfig } from '@/auth.config'

const { auth } = NextAuth(authConfig)

// Visitors without a session are sent to /signin (the `authorized` callback); roles are checked in lib/server.
export default auth

export const config = {
  // Route handlers under /api check the session themselves (lib/server) and answer 401 JSON.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/).*)'],
}
