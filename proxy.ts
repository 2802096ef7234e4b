import NextAuth from 'next-auth'
import { type NextRequest, NextResponse } from 'next/server'
import { authConfig, isPublicPath } from '@/auth.config'
import { guardRequest } from '@/lib/server/edge/guard'
import { contentSecurityPolicy, isHttps, makeNonce, securityHeaders } from '@/lib/server/edge/headers'

const { auth } = NextAuth(authConfig)

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v)
  return res
}

/**
 * Every request: the edge checks (lib/server/edge/guard), then security headers. Pages also get a nonce for
 * the CSP and, without a session, a redirect to /signin (roles are checked in lib/server). Route handlers
 * answer 401 JSON themselves, so /api skips the session lookup.
 */
const pages = auth((req) => {
  const https = isHttps(req.url, req.headers)
  const nonce = makeNonce()
  const headers = securityHeaders({ nonce, https })
  if (!req.auth?.user && !isPublicPath(req.nextUrl.pathname)) {
    const signIn = new URL('/signin', req.url)
    signIn.searchParams.set('callbackUrl', req.nextUrl.pathname + req.nextUrl.search)
    return withHeaders(NextResponse.redirect(signIn), headers)
  }
  // Next.js reads the nonce for its own inline scripts from the request's CSP header.
  const requestHeaders = new Headers(req.headers)
  requestHeaders.set('x-nonce', nonce)
  requestHeaders.set('Content-Security-Policy', contentSecurityPolicy({ nonce, https }))
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers)
})

export default async function proxy(req: NextRequest, ctx: { waitUntil(p: Promise<unknown>): void }) {
  const https = isHttps(req.url, req.headers)
  const refused = await guardRequest(req)
  if (refused) return withHeaders(refused, securityHeaders({ https }))
  if (req.nextUrl.pathname.startsWith('/api/')) return withHeaders(NextResponse.next(), securityHeaders({ https }))
  return pages(req, ctx as never)
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
}
