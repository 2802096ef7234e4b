/**
 * Sign-out ends the session, in Chromium against the production build: the session cookie taken before
 * signing out gets 401 from the JSON API (including the submission route) and the sign-in page for pages.
 */
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db'
import { DEMO_JOIN_CODE } from '@/lib/server/demo'
import { hashPassword } from '@/lib/server/users'
import { type App, launchBrowser, signIn, startApp } from './harness'

const PASSWORD = 'session-e2e-password'

let app: App
let browser: BrowserContext
let db: Db
beforeAll(async () => {
  app = await startApp()
  browser = await launchBrowser()
  db = createDb(app.databaseUrl)
})
afterAll(async () => {
  await db?.$disconnect()
  await browser?.close()
  await app?.stop()
})

describe('sign-out in Chromium', () => {
  it('makes the old session cookie useless: 401 from the API, the sign-in page for pages', async () => {
    // An account of its own (the e2e files share one database), enrolled in the demo course.
    const course = await db.course.findUniqueOrThrow({ where: { joinCode: DEMO_JOIN_CODE }, include: { assignments: { include: { items: true } } } })
    const email = `signout-${Date.now()}@lassolab.test`
    const user = await db.user.create({ data: { email, name: 'Sam Signout', passwordHash: await hashPassword(PASSWORD) } })
    await db.enrollment.create({ data: { userId: user.id, courseId: course.id, role: 'STUDENT' } })
    const itemId = course.assignments[0].items[0].id

    const page = await browser.newPage()
    await signIn(page, app.baseUrl, email, PASSWORD)
    const token = (await browser.cookies()).find((c) => c.name === 'authjs.session-token')
    expect(token, 'a session cookie after sign-in').toBeTruthy()
    const cookie = `authjs.session-token=${token?.value}`
    const item = await fetch(`${app.baseUrl}/api/items/${itemId}`, { headers: { cookie } })
    expect(item.status).toBe(200)
    const { variantId } = (await item.json()) as { variantId: string }
    expect((await fetch(`${app.baseUrl}/dashboard`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL((u) => u.pathname === '/signin')
    await page.close()

    // The same cookie, replayed: refused everywhere, nothing stored.
    const api = await fetch(`${app.baseUrl}/api/items/${itemId}`, { headers: { cookie } })
    expect(api.status).toBe(401)
    expect(await api.json()).toMatchObject({ error: expect.stringMatching(/sign in/i) })
    const submit = await fetch(`${app.baseUrl}/api/items/${itemId}/attempts`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ variantId, idempotencyKey: `signout-${Date.now()}`, answers: { lambdaStar: '1' } }),
    })
    expect(submit.status).toBe(401)
    expect(await db.attempt.count({ where: { userId: user.id } })).toBe(0)
    for (const path of ['/dashboard', `/items/${itemId}`]) {
      const res = await fetch(`${app.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' })
      expect([302, 303, 307], `${path} status`).toContain(res.status)
      expect(new URL(res.headers.get('location') ?? '', app.baseUrl).pathname, path).toBe('/signin')
    }

    // Signing in again works.
    const again = await browser.newPage()
    await signIn(again, app.baseUrl, email, PASSWORD)
    expect(new URL(again.url()).pathname).toBe('/dashboard')
    await again.close()
  })
})
