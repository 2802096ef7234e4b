import type {} from 'next-auth/jwt'

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string }
    /** The user's session version when the token was issued (lib/server/session.ts checks it). */
    sessionVersion: number
  }
  interface User {
    sessionVersion?: number
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string
    /** Session version at sign-in; a token whose version is older than the user's is refused. */
    sv?: number
  }
}
