/**
 * The checks proxy.ts runs on every request before any page, server action or route handler sees it: malformed
 * paths, oversized declared bodies and cross-site JSON posts are answered at once, with a clear 4xx. Route
 * handler bodies are read (with their limits) by the handlers; server-action bodies, at most 1 MB, are read here.
 */
import { checkContentLength, JSON_BODY_LIMIT, readBodyCapped } from './body'
import { checkJsonMutation } from './origin'
import { BAD_TEXT_MESSAGE, isBadText } from './text'
import { UserError, isUserError } from '../errors'

/** Server-action bodies (multipart forms); next.config's serverActions.bodySizeLimit matches it. */
export const ACTION_BODY_LIMIT = 1024 * 1024

/**
 * Route handlers that take form posts by protocol and check them themselves: Auth.js (its CSRF token) and
 * LTI (an LMS form-posts across sites by design; signed id_token, state and nonce, body cap of its own).
 */
const FORM_PROTOCOL_ROUTES = ['/api/auth/', '/api/lti/']
/** Whether a path belongs to LTI, whose pages set their own frame-ancestors (the registered LMS origins). */
export const isLtiPath = (path: string) => path.startsWith('/api/lti/')
const LTI_BODY_LIMIT = 128 * 1024

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

// React encodes a server action's arguments as JSON: a NUL or a lone surrogate arrives escaped.
const ESCAPED_BAD_TEXT = /\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i

/**
 * A server action's body: a declared length (a chunked body past Next.js's own limit would get a 500), at most
 * ACTION_BODY_LIMIT, and no field carrying a NUL or invalid Unicode, raw or JSON-escaped.
 */
async function checkActionBody(req: Request): Promise<void> {
  // Browsers always declare a form's length; a body without one is not read at all.
  if (req.headers.get('content-length') === null) throw new UserError('length-required', 'A form must be sent with its length (Content-Length); nothing was saved.')
  const bytes = await readBodyCapped(req.clone(), ACTION_BODY_LIMIT)
  const type = req.headers.get('content-type') ?? ''
  let texts: string[]
  if (type.startsWith('multipart/form-data')) {
    let form: FormData
    try {
      form = await new Response(bytes, { headers: { 'content-type': type } }).formData()
    } catch {
      throw new UserError('invalid', 'The form could not be read; reload the page and try again.')
    }
    texts = [...form.entries()].flatMap(([k, v]) => (typeof v === 'string' ? [k, v] : [k]))
  } else texts = [new TextDecoder().decode(bytes)]
  if (texts.some((t) => isBadText(t) || ESCAPED_BAD_TEXT.test(t))) throw new UserError('invalid', BAD_TEXT_MESSAGE)
}

/** A 4xx response for a request that must go no further, or null to let it through. */
export async function guardRequest(req: Request): Promise<Response | null> {
  const path = new URL(req.url).pathname
  const api = path.startsWith('/api/')
  try {
    checkUrl(req.url)
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      checkContentLength(req.headers, isLtiPath(path) ? LTI_BODY_LIMIT : api ? JSON_BODY_LIMIT : ACTION_BODY_LIMIT)
      if (api && !FORM_PROTOCOL_ROUTES.some((p) => path.startsWith(p))) checkJsonMutation(req.method, req.headers)
      if (req.headers.get('next-action')) await checkActionBody(req)
    }
    return null
  } catch (e) {
    if (!isUserError(e)) throw e
    if (api || req.headers.get('next-action')) return Response.json({ error: e.message, code: e.code }, { status: e.status })
    return new Response(e.message, { status: e.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
}
