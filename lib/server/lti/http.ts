/**
 * HTTP at the LTI boundary, both ways: outgoing requests to LMS platforms get a timeout and a cap on the
 * response size; incoming form posts are size-checked before the body is read; an LMS's error answer is read
 * for its own words (what the instructor sees as "the LMS's message").
 */
import { z } from 'zod'

export const MAX_RESPONSE_BYTES = 1_000_000
export const MAX_FORM_BYTES = 128 * 1024

/** Reads a body stream up to `max` bytes; null when it is longer. */
async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer | null> {
  const reader = body?.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > max) {
        await reader.cancel()
        return null
      }
      chunks.push(value)
    }
  }
  return Buffer.concat(chunks)
}

export async function fetchLimited(url: string, init: RequestInit = {}, timeoutMs = 10_000): Promise<{ ok: boolean; status: number; text: string; headers: Headers }> {
  const res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) })
  if (Number(res.headers.get('content-length') ?? 0) > MAX_RESPONSE_BYTES) throw new Error(`the response from ${url} is too large`)
  const body = await readCapped(res.body, MAX_RESPONSE_BYTES)
  if (!body) throw new Error(`the response from ${url} is too large`)
  return { ok: res.ok, status: res.status, text: body.toString('utf8'), headers: res.headers }
}

/** The fields of a form post; null when the body is larger than `max`. */
export async function readFormLimited(req: Request, max = MAX_FORM_BYTES): Promise<Record<string, string> | null> {
  if (Number(req.headers.get('content-length') ?? 0) > max) return null
  const body = await readCapped(req.body, max)
  if (!body) return null
  if (!(req.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) return {}
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')))
}

// The error shapes LMSs answer with: OAuth 2 (`error`, `error_description`), Canvas (`errors: [{ message }]`),
// Moodle and others (`message`, or `error` as a string or an object with a message).
const lmsErrorSchema = z.looseObject({
  error_description: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  error: z.union([z.string(), z.looseObject({ message: z.string() })]).optional().catch(undefined),
  errors: z.array(z.looseObject({ message: z.string() })).optional().catch(undefined),
})

/** What an LMS said in an error answer, at most `max` characters: its JSON message fields, else its text (no markup). */
export function lmsMessage(body: string, max = 300): string {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {}
  const parsed = lmsErrorSchema.safeParse(json)
  if (parsed.success) {
    const e = parsed.data
    const said = [e.error_description, e.message, typeof e.error === 'string' ? e.error : e.error?.message, ...(e.errors ?? []).map((x) => x.message)]
      .map((x) => x?.trim())
      .filter((x): x is string => !!x)
    if (said.length > 0) return [...new Set(said)].join(' · ').slice(0, max)
  }
  const text = body
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return (text || '(no message)').slice(0, max)
}
