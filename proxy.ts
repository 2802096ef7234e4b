import NextAuth from 'next-auth'
import { authConfig } from '@/auth.config'

// Visitors without a session are sent to /signin (the `authorized` callback); roles are checked in lib/server.
export const { auth: proxy } = NextAuth(authConfig)

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|katex/).*)'],
}
