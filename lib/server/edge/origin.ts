/**
 * Cross-site request forgery on route handlers: a form on another site can post `text/plain` or
 * `application/x-www-form-urlencoded` without a preflight, but not `application/json`. So a state-changing
 * request must say `application/json` and, when the browser names its Origin, come from this site.
 */
import { UserError } from '../errors'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The host the client addressed (behind a proxy: the forwarded host). */
export function requestHost(headers: Headers): string | null {
  return headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host')
}

/** Whether the Origin header (when present) names this site. */
export function isSameOrigin(headers: Headers): boolean {
  if (headers.get('sec-fetch-site') === 'cross-site') return false
  const origin = headers.get('origin')
  if (origin === null) return true
  let host: string
  try {
    host = new URL(origin).host
  } catch {
    return false // includes "null" (sandboxed frames, file: pages)
  }
  return host === requestHost(headers)
}

/** Throws 403 / 415 unless a state-changing request is same-origin JSON. */
export function checkJsonMutation(method: string, headers: Headers): void {
  if (SAFE_METHODS.has(method.toUpperCase())) return
  if (!isSameOrigin(headers)) throw new UserError('forbidden', 'Requests from another site are not accepted; nothing was saved.')
  const type = headers.get('content-type')?.split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json') throw new UserError('unsupported-media-type', 'Send the request as JSON (Content-Type: application/json); nothing was saved.')
}
