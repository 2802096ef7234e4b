/**
 * Request bodies for route handlers, read with a size limit that holds before and while reading: a declared
 * Content-Length over the limit is refused unread, and a body without one (chunked) is cut off as soon as it
 * passes the limit. Either way 413, with nothing stored.
 */
import { UserError } from '../errors'
import { assertCleanText } from './text'

/** Bytes a JSON request to a route handler may carry (a submission is a few hundred bytes). */
export const JSON_BODY_LIMIT = Number(process.env.JSON_BODY_LIMIT_BYTES ?? 64 * 1024)

export function tooLarge(limit: number): UserError {
  return new UserError('too-large', `The request is too large: at most ${Math.floor(limit / 1024)} KB is accepted.`)
}

/** Refuses a request whose declared Content-Length exceeds `limit` (a malformed length counts as too large). */
export function checkContentLength(headers: Headers, limit: number): void {
  const declared = headers.get('content-length')
  if (declared === null) return
  const n = Number(declared)
  if (!Number.isSafeInteger(n) || n < 0 || n > limit) throw tooLarge(limit)
}

/** The body's bytes, at most `limit` of them. */
export async function readBodyCapped(req: Request, limit: number): Promise<Uint8Array> {
  checkContentLength(req.headers, limit)
  if (!req.body) return new Uint8Array()
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.byteLength
  }
  return out
}

/** Parses a JSON body (size-capped, UTF-8 checked, no NUL or lone surrogate in any string or key). */
export async function readJsonBody(req: Request, limit = JSON_BODY_LIMIT): Promise<unknown> {
  const bytes = await readBodyCapped(req, limit)
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw new UserError('invalid', 'The request body must be JSON.')
  }
  assertCleanText(value)
  return value
}
