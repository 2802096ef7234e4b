import { NextRequest } from 'next/server'
import { handlers } from '@/auth'
import { db } from '@/lib/db'
import { readBodyCapped } from '@/lib/server/edge/body'
import { clientAddress, signInGate } from '@/lib/server/edge/rateLimit'
import { assertCleanText } from '@/lib/server/edge/text'
import { UserError, isUserError } from '@/lib/server/errors'
import { errorResponse } from '@/lib/server/http'

/** Auth.js forms are a few hundred bytes. */
const AUTH_BODY_LIMIT = 16 * 1024

/** A callback URL must stay on this site: a relative path, or an absolute URL of this very origin. */
function checkCallbackUrl(value: string | null, req: NextRequest) {
  if (value === null || value === '') return
  if (/^\/(?![/\\])/.test(value)) return
  try {
    const u = new URL(value)
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.host === req.headers.get('host')) return
  } catch {}
  throw new UserError('invalid', 'The callbackUrl must be a page of this site.')
}

/**
 * Auth.js's endpoints behind the edge checks: size limit, no NUL or invalid Unicode, same-site callback URLs,
 * and, for a credentials sign-in, the rate limits answered as 429 with Retry-After before a password is checked.
 */
export async function GET(req: NextRequest) {
  try {
    assertCleanText([...req.nextUrl.searchParams.values()])
    checkCallbackUrl(req.nextUrl.searchParams.get('callbackUrl'), req)
  } catch (e) {
    if (isUserError(e)) return errorResponse(e)
    throw e
  }
  return handlers.GET(req)
}

export async function POST(req: NextRequest) {
  let forwarded: NextRequest
  try {
    const bytes = await readBodyCapped(req, AUTH_BODY_LIMIT)
    const text = new TextDecoder().decode(bytes)
    const form = new URLSearchParams(req.headers.get('content-type')?.includes('application/x-www-form-urlencoded') ? text : '')
    assertCleanText([...form.keys(), ...form.values(), ...req.nextUrl.searchParams.values()])
    checkCallbackUrl(form.get('callbackUrl') ?? req.nextUrl.searchParams.get('callbackUrl'), req)
    if (req.nextUrl.pathname.endsWith('/callback/credentials')) await signInGate(db(), form.get('email') ?? '', clientAddress(req.headers))
    forwarded = new NextRequest(req.url, { method: 'POST', headers: req.headers, body: text })
  } catch (e) {
    if (isUserError(e)) return errorResponse(e)
    throw e
  }
  return handlers.POST(forwarded)
}
