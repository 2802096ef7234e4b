/** Route-handler glue: a UserError becomes a JSON error with its status; anything else a logged 500 without details. */
import { checkJsonMutation } from './edge/origin'
import { readJsonBody } from './edge/body'
import { RateLimitedError, type UserError, isUserError } from './errors'

export function errorResponse(e: UserError): Response {
  const headers = e instanceof RateLimitedError ? { 'Retry-After': String(e.retryAfterSeconds) } : undefined
  return Response.json({ error: e.message, code: e.code, fieldErrors: e.fieldErrors }, { status: e.status, headers })
}

export async function jsonHandler(fn: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await fn())
  } catch (e) {
    if (isUserError(e)) return errorResponse(e)
    console.error('[api] unexpected error', e)
    return Response.json({ error: 'Something went wrong on our side; nothing was recorded. Please try again.' }, { status: 500 })
  }
}

/**
 * The JSON body of a request, checked at the edge before anything else: same-origin `application/json` for
 * state-changing methods, the size limit before and while reading, no NUL or invalid Unicode in any string.
 */
export async function readJson(req: Request): Promise<unknown> {
  checkJsonMutation(req.method, req.headers)
  return readJsonBody(req)
}
