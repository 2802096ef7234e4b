/**
 * The app under attack, on the production server (proxy.ts included), on SQLite or PostgreSQL (TEST_BACKEND):
 * every hostile input of issue 8 gets a 4xx with a clear message and stores nothing; every page kind carries
 * the security headers; sign-in failures are counted in the database, so two app instances on one database
 * refuse the 11th try together and let the right password in again once the window has passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestDb, freshDb, makeCourse, makeUser } from '../helpers'
import { postSignIn, type Server, startServer } from './server'

const WINDOW_SECONDS = 5

let t: TestDb
let a: Server
let b: Server
let world: Awaited<ReturnType<typeof makeCourse>>
let student: { id: string; email: string }
let instructor: { id: string; email: string }
let studentCookie: string
let instructorCookie: string
let variantId: string
let partId: string
let attemptId: string

async function signedIn(email: string): Promise<string> {
  const { res, cookie } = await postSignIn(a.baseUrl, email, 'password123')
  expect(res.status, `sign-in of ${email}`).toBe(302)
  if (!cookie) throw new Error(`no session for ${email}`)
  return cookie
}

async function stored() {
  return { attempts: await t.db.attempt.count(), variants: await t.db.variant.count() }
}

async function expectError(res: Response, status: number, message: RegExp) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/application\/json/)
  const body = (await res.json()) as { error: string }
  expect(body.error).toMatch(message)
}

beforeAll(async () => {
  t = await freshDb()
  world = await makeCourse(t.db)
  student = await makeUser(t.db, 'STUDENT', world.course.id)
  instructor = await makeUser(t.db, 'INSTRUCTOR', world.course.id)
  const env = { RATE_LIMIT_SIGNIN_WINDOW_SECONDS: String(WINDOW_SECONDS) }
  ;[a, b] = await Promise.all([startServer(t.url, env), startServer(t.url, env)])
  studentCookie = await signedIn(student.email)
  instructorCookie = await signedIn(instructor.email)
  const item = (await (await fetch(`${a.baseUrl}/api/items/${world.item.id}`, { headers: { cookie: studentCookie } })).json()) as {
    variantId: string
    parts: { id: string }[]
  }
  variantId = item.variantId
  partId = item.parts[0].id
})

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await t?.cleanup()
})

const submitUrl = () => `${a.baseUrl}/api/items/${world.item.id}/attempts`
const submit = (body: string | ReadableStream, headers: Record<string, string> = {}) =>
  fetch(submitUrl(), {
    method: 'POST',
    headers: { cookie: studentCookie, 'content-type': 'application/json', ...headers },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit)

describe('hostile inputs: a 4xx with a clear message, nothing stored', () => {
  it('a NUL, a lone surrogate or a broken %-escape in a path, anonymous or signed in', async () => {
    const before = await stored()
    await expectError(await fetch(`${a.baseUrl}/api/instructor/assignments/abc%00def/results`), 400, /not allowed \(a NUL/)
    await expectError(await fetch(`${a.baseUrl}/api/instructor/assignments/abc%00def/gradebook`, { headers: { cookie: instructorCookie } }), 400, /not allowed/)
    await expectError(await fetch(`${a.baseUrl}/api/items/abc%zzdef`), 400, /malformed.*%-escape/)
    await expectError(await fetch(`${a.baseUrl}/api/items/%ED%A0%80/attempts`, { method: 'POST', headers: { cookie: studentCookie, 'content-type': 'application/json' }, body: '{}' }), 400, /malformed/)
    await expectError(await fetch(`${a.baseUrl}/api/items/${world.item.id}?x=%00`, { headers: { cookie: studentCookie } }), 400, /not allowed/)
    const page = await fetch(`${a.baseUrl}/items/a%00b`, { headers: { cookie: studentCookie } })
    expect(page.status).toBe(400)
    expect(await page.text()).toMatch(/not allowed/)
    expect(await stored()).toEqual(before)
  })

  it('a NUL or a lone surrogate in an id, a key or an answer of a submission', async () => {
    const before = await stored()
    const bodies = [
      JSON.stringify({ variantId: `${variantId}\u0000`, idempotencyKey: 'edge-nul-variant', answers: { [partId]: '1' } }),
      JSON.stringify({ variantId, idempotencyKey: 'edge-nul\u0000-key', answers: { [partId]: '1' } }),
      JSON.stringify({ variantId, idempotencyKey: 'edge-nul-answer', answers: { [partId]: '1\u0000' } }),
      JSON.stringify({ variantId, idempotencyKey: 'edge-nul-part', answers: { [`${partId}\u0000`]: '1' } }),
      `{"variantId":"${variantId}","idempotencyKey":"edge-surrogate","answers":{"${partId}":"\\ud800"}}`,
      `{"variantId":"${variantId}","idempotencyKey":"edge-low-surrogate\\udc00","answers":{"${partId}":"1"}}`,
    ]
    for (const body of bodies) await expectError(await submit(body), 400, /not allowed \(a NUL or an invalid Unicode/)
    expect(await stored()).toEqual(before)
  })

  it('answers naming parts the question does not have cost no attempt', async () => {
    const before = await stored()
    const answers: Record<string, string> = { [partId]: '1' }
    for (let i = 0; i < 40; i++) answers[`extra${i}`] = 'x'.repeat(100)
    await expectError(await submit(JSON.stringify({ variantId, idempotencyKey: 'edge-extra-keys', answers })), 400, /answers could not be read|parts this question does not have/)
    const res = await submit(JSON.stringify({ variantId, idempotencyKey: 'edge-extra-keys', answers }))
    expect(((await res.json()) as { fieldErrors: Record<string, string> }).fieldErrors._form).toMatch(/parts this question does not have/)
    expect(await stored()).toEqual(before)
  })

  it('oversized bodies: refused by their declared length, and cut off while streaming when undeclared', async () => {
    const before = await stored()
    const answers: Record<string, string> = {}
    for (let i = 0; i < 2000; i++) answers[`k${i}`] = 'x'.repeat(400)
    await expectError(await submit(JSON.stringify({ variantId, idempotencyKey: 'edge-big', answers })), 413, /too large: at most 64 KB/)
    const chunk = new TextEncoder().encode(`{"pad":"${'x'.repeat(64 * 1024)}`)
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 50) c.enqueue(chunk)
        else c.close()
      },
    })
    await expectError(await submit(stream), 413, /too large/)
    await expectError(await fetch(`${a.baseUrl}/api/health`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(5_000_000) }), 413, /too large/)
    expect(await stored()).toEqual(before)
  })

  it('a server action over 1 MB is refused with 413, not a 500', async () => {
    const form = new FormData()
    form.set('1_answer.x', 'x'.repeat(1_100_000))
    const res = await fetch(`${a.baseUrl}/practice`, { method: 'POST', headers: { cookie: studentCookie, 'next-action': '00'.repeat(21) }, body: form })
    await expectError(res, 413, /too large/)
  })

  it('text/plain or another Origin on a state-changing JSON route: 415 / 403, nothing stored', async () => {
    const before = await stored()
    const body = JSON.stringify({ variantId, idempotencyKey: 'edge-csrf-1', answers: { [partId]: '1' } })
    await expectError(await submit(body, { 'content-type': 'text/plain', origin: 'https://evil.example' }), 403, /another site/)
    await expectError(await submit(body, { 'content-type': 'text/plain' }), 415, /as JSON/)
    await expectError(await submit(body, { 'content-type': 'application/x-www-form-urlencoded' }), 415, /as JSON/)
    await expectError(await submit(body, { origin: 'https://evil.example' }), 403, /another site/)
    await expectError(await submit(body, { 'sec-fetch-site': 'cross-site' }), 403, /another site/)
    expect(await stored()).toEqual(before)
  })

  it('callbackUrl=javascript:… on the Auth.js endpoints is a 400', async () => {
    for (const path of ['/api/auth/signin', '/api/auth/signin/credentials', '/api/auth/signout']) {
      await expectError(await fetch(`${a.baseUrl}${path}?callbackUrl=javascript:alert(1)`, { redirect: 'manual' }), 400, /callbackUrl must be a page of this site/)
    }
    await expectError(await fetch(`${a.baseUrl}/api/auth/signin?callbackUrl=https://evil.example/`, { redirect: 'manual' }), 400, /callbackUrl/)
  })

  it('after all that, a well-formed same-origin submission is recorded', async () => {
    const res = await submit(JSON.stringify({ variantId, idempotencyKey: 'edge-good-1', answers: { [partId]: '1' } }), { origin: a.baseUrl })
    expect(res.status).toBe(200)
    attemptId = ((await res.json()) as { attempt: { id: string } }).attempt.id
    expect(await t.db.attempt.count()).toBe(1)
  })
})

describe('security headers on every page kind', () => {
  const kinds = (): [string, string, string | null][] => [
    ['home', '/', null],
    ['catalog', '/catalog', null],
    ['sign-in', '/signin', null],
    ['redirect to sign-in', '/dashboard', null],
    ['not found', '/no-such-page', studentCookie],
    ['dashboard', '/dashboard', studentCookie],
    ['assignment', `/assignments/${world.assignment.id}`, studentCookie],
    ['question', `/items/${world.item.id}`, studentCookie],
    ['result', `/attempts/${attemptId}`, studentCookie],
    ['practice', '/practice', studentCookie],
    ['instructor course', `/instructor/courses/${world.course.id}`, instructorCookie],
    ['instructor gradebook', `/instructor/assignments/${world.assignment.id}/gradebook`, instructorCookie],
  ]

  it('HTML pages: a fresh nonce CSP that Next.js uses for its scripts, framing refused, hardening headers, no HSTS over http', async () => {
    const nonces = new Set<string>()
    for (const [kind, path, cookie] of kinds()) {
      const res = await fetch(`${a.baseUrl}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} })
      expect([200, 307, 404], `${kind} status`).toContain(res.status)
      const csp = res.headers.get('content-security-policy') ?? ''
      const nonce = csp.match(/script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/)?.[1]
      expect(nonce, `${kind}: ${csp}`).toBeTruthy()
      nonces.add(nonce as string)
      expect(csp, kind).toMatch(/default-src 'self'/)
      expect(csp, kind).toMatch(/object-src 'none'/)
      expect(csp, kind).toMatch(/frame-ancestors 'none'/)
      expect(csp, kind).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/)
      expect(res.headers.get('x-frame-options'), kind).toBe('DENY')
      expect(res.headers.get('x-content-type-options'), kind).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), kind).toBe('same-origin')
      expect(res.headers.get('permissions-policy'), kind).toMatch(/camera=\(\)/)
      expect(res.headers.get('strict-transport-security'), kind).toBeNull()
      if (res.status === 200) {
        const html = await res.text()
        const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
        expect(scripts.length, kind).toBeGreaterThan(0)
        for (const s of scripts) expect(s, `${kind}: every script carries the nonce`).toContain(`nonce="${nonce}"`)
      } else await res.arrayBuffer()
    }
    expect(nonces.size, 'a new nonce per response').toBe(kinds().length)
  })

  it('JSON and CSV routes: no script allowed at all, framing refused, nosniff', async () => {
    for (const [path, cookie] of [
      ['/api/health', null],
      [`/api/items/${world.item.id}`, studentCookie],
      [`/api/instructor/assignments/${world.assignment.id}/gradebook`, instructorCookie],
      ['/api/instructor/assignments/nope/results', null],
    ] as const) {
      const res = await fetch(`${a.baseUrl}${path}`, { headers: cookie ? { cookie } : {} })
      await res.arrayBuffer()
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'")
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
    }
  })

  it('HSTS and upgrade-insecure-requests only when the request came over HTTPS', async () => {
    const res = await fetch(`${a.baseUrl}/catalog`, { headers: { 'x-forwarded-proto': 'https' } })
    await res.arrayBuffer()
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/)
    expect(res.headers.get('content-security-policy')).toMatch(/upgrade-insecure-requests/)
  })
})

describe('sign-in rate limit, shared by two app instances on one database', () => {
  it('10 failures lock the account on both instances (429 + Retry-After, right password too) until the window passes', async () => {
    const victim = await makeUser(t.db)
    for (let i = 0; i < 10; i++) {
      const { res } = await postSignIn(i % 2 ? b.baseUrl : a.baseUrl, victim.email, `wrong-${i}`)
      expect(res.status, `failure ${i + 1}`).toBe(302)
      expect(res.headers.get('location'), `failure ${i + 1}`).toMatch(/error=CredentialsSignin/)
    }
    for (const [server, password] of [
      [a, 'wrong-again'],
      [b, 'password123'],
      [a, 'password123'],
    ] as const) {
      const { res, cookie } = await postSignIn(server.baseUrl, victim.email, password)
      expect(res.status).toBe(429)
      expect(cookie).toBeNull()
      const retry = Number(res.headers.get('retry-after'))
      expect(retry).toBeGreaterThanOrEqual(1)
      expect(retry).toBeLessThanOrEqual(WINDOW_SECONDS)
      expect(((await res.json()) as { error: string }).error).toMatch(/Too many failed sign-ins for this account/)
    }
    // Another account is not affected (the address counts failures only, far more of them).
    expect((await postSignIn(b.baseUrl, student.email, 'password123')).cookie).toBeTruthy()
    const { res } = await postSignIn(b.baseUrl, victim.email, 'password123')
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 1000 + 300))
    const again = await postSignIn(b.baseUrl, victim.email, 'password123')
    expect(again.res.status).toBe(302)
    expect(again.cookie).toBeTruthy()
  })
})
