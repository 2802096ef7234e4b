/**
 * The checks proxy.ts runs on every request before any page, server action or route handler sees it: malformed
 * paths, oversized declared bodies and cross-site JSON posts are answered at once, with a clear 4xx. Route
 * handler bodies are read (with their limits) by the handlers; server-action forms, at most 1 MB, are read here.
 */
import { checkContentLength, JSON_BODY_LIMIT } from './body'
import { checkJsonMutation } from './origin'
import { BAD_TEXT_MESSAGE, formHasBadText, isBadText } from './text'
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

/**
 * A server action's form (already within ACTION_BODY_LIMIT): no field may carry a NUL or invalid Unicode, also
 * not JSON-escaped inside React's encoded arguments.
 */
async function checkActionBody(req: Request): Promise<void> {
  if (!req.headers.get('content-type')?.startsWith('multipart/form-data')) return
  let form: FormData
  try {
    form = await req.clone().formData()
  } catch {
    throw new UserError('invalid', 'The form could not be read; reload the page and try again.')
  }
  if (formHasBadText(form) || [...form.values()].some((v) => typeof v === 'string' && /\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i.test(v))) {
    throw new UserError('invalid', BAD_TEXT_MESSAGE)
  }
}

/** A 4xx response for a request that must go no further, or null to let it through. */
export async function guardRequest(req: Request): Promise<Response | null> {
  const path = new URL(req.url).pathname
  const api = path.startsWith('/api/')
  try {
    checkUrl(req.url)
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      checkContentLength(req.headers, api ? JSON_BODY_LIMIT : ACTION_BODY_LIMIT)
      // Auth.js's own endpoints take form posts, protected by its CSRF token.
      if (api && !path.startsWith('/api/auth/')) checkJsonMutation(req.method, req.headers)
      if (req.headers.get('next-action')) await checkActionBody(req)
    }
    return null
  } catch (e) {
    if (!isUserError(e)) throw e
    if (api || req.headers.get('next-action')) return Response.json({ error: e.message, code: e.code }, { status: e.status })
    return new Response(e.message, { status: e.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
}
