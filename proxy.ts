import NextAuth from 'next-auth'
import { type NextRequest, NextResponse } from 'next/server'
import { authConfig, isPublicPath } from '@/auth.config'
import { guardRequest, isLtiPath } from '@/lib/server/edge/guard'
import { contentSecurityPolicy, isHttps, makeNonce, securityHeaders } from '@/lib/server/edge/headers'
import { db } from '@/lib/db'
import { ltiFrameOrigins, mayBeFramed } from '@/lib/server/lti/frame'

const { auth } = NextAuth(authConfig)

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v)
  return res
}

/**
 * Every request: the edge checks (lib/server/edge/guard), then security headers. Pages also get a nonce for
 * the CSP and, without a session, a redirect to /signin (roles are checked in lib/server). Route handlers
 * answer 401 JSON themselves, so /api skips the session lookup.
 * A page loaded into a frame may be framed by the registered LMS platforms (an LTI launch opens the deep-linking
 * picker or an assignment inside the LMS iframe), besides the origins in FRAME_ANCESTORS.
 */
const pages = auth(async (req) => {
  const https = isHttps(req.url, req.headers)
  const frameOrigins = await pageFrameOrigins(req)
  const nonce = makeNonce()
  const headers = securityHeaders({ nonce, https, frameOrigins })
  if (!req.auth?.user && !isPublicPath(req.nextUrl.pathname)) {
    const signIn = new URL('/signin', req.url)
    signIn.searchParams.set('callbackUrl', req.nextUrl.pathname + req.nextUrl.search)
    return withHeaders(NextResponse.redirect(signIn), headers)
  }
  // Next.js reads the nonce for its own inline scripts from the request's CSP header.
  const requestHeaders = new Headers(req.headers)
  requestHeaders.set('x-nonce', nonce)
  requestHeaders.set('Content-Security-Policy', contentSecurityPolicy({ nonce, https, frameOrigins }))
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers)
})

/** The registered LMS origins for a page that may be framed; none when it cannot be, or the lookup fails. */
async function pageFrameOrigins(req: NextRequest): Promise<string[]> {
  if (!mayBeFramed(req.headers)) return []
  try {
    return await ltiFrameOrigins(db())
  } catch (e) {
    console.error(`[proxy] could not read the LMS origins allowed to frame pages: ${(e as Error).message}`)
    return []
  }
}

export default async function proxy(req: NextRequest, ctx: { waitUntil(p: Promise<unknown>): void }) {
  const https = isHttps(req.url, req.headers)
  const refused = await guardRequest(req)
  if (refused) return withHeaders(refused, securityHeaders({ https }))
  // LTI protocol pages (launch, login, deep-link return) set their own headers: they are framed by the LMS.
  if (isLtiPath(req.nextUrl.pathname)) return NextResponse.next()
  if (req.nextUrl.pathname.startsWith('/api/')) return withHeaders(NextResponse.next(), securityHeaders({ https }))
  return pages(req, ctx as never)
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
}
