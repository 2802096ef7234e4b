/**
 * The checks proxy.ts runs on every request before any page, server action or route handler sees it. Only
 * headers and the URL are read here (never the body): malformed paths, oversized declared bodies and
 * cross-site JSON posts are answered at once, with a clear 4xx.
 */
import { checkContentLength, JSON_BODY_LIMIT } from './body'
import { checkJsonMutation } from './origin'
import { BAD_TEXT_MESSAGE, isBadText } from './text'
import { UserError, isUserError } from '../errors'

/** Server-action bodies (multipart forms); next.config's serverActions.bodySizeLimit matches it. */
export const ACTION_BODY_LIMIT = 1024 * 1024

/** The request's path segments, percent-decoded; a malformed escape or bad text is a 400. */
function checkUrl(rawUrl: string): void {
  const url = new URL(rawUrl)
  for (const segment of url.pathname.split('/')) {
    let decoded: string
    try {
      decoded = decodeURIComponent(segment)
    } catch {
      throw new UserError('invalid', 'The address is malformed (a broken %-escape).')
    }
    if (isBadText(decoded)) throw new UserError('invalid', BAD_TEXT_MESSAGE)
  }
  for (const [k, v] of url.searchParams) if (isBadText(k) || isBadText(v)) throw new UserError('invalid', BAD_TEXT_MESSAGE)
}

/** A 4xx response for a request that must go no further, or null to let it through. */
export function guardRequest(req: Request): Response | null {
  const path = new URL(req.url).pathname
  const api = path.startsWith('/api/')
  try {
    checkUrl(req.url)
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      checkContentLength(req.headers, api ? JSON_BODY_LIMIT : ACTION_BODY_LIMIT)
      // Auth.js's own endpoints take form posts, protected by its CSRF token.
      if (api && !path.startsWith('/api/auth/')) checkJsonMutation(req.method, req.headers)
    }
    return null
  } catch (e) {
    if (!isUserError(e)) throw e
    if (api || req.headers.get('next-action')) return Response.json({ error: e.message, code: e.code }, { status: e.status })
    return new Response(e.message, { status: e.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
}
