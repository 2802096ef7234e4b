/**
 * LTI 1.3 end to end in Chromium: the simulated LMS's course page launches LassoLab inside an iframe.
 * An instructor deep-links an assignment (the LMS gets a link and a grade column), a student launches that link,
 * answers a question, and the LMS receives the score (sent by the app's background outbox sender).
 * Another instructor creates a new assignment in the builder from the deep-linking dialog, comes back to it with
 * the new assignment chosen, and sends it: the LMS's grade column is worth the points typed in the builder.
 * Then an LMS on another site (http://localhost, the app being on http://127.0.0.1), whose frame cannot keep
 * LassoLab's cookies: the launch continues in a new window. Screenshots of each step go to test-results/lti-*.png.
 * The shared e2e server (global-setup.ts) runs the outbox every 300 ms and has lti-admin@lassolab.test as admin.
 */
import fs from 'node:fs'
import path from 'node:path'
import Fraction from 'fraction.js'
import type { BrowserContext, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db'
import { getTemplate } from '@/lib/questions/registry'
import { savePlatform } from '@/lib/server/lti/platforms'
import { hashPassword } from '@/lib/server/users'
import { type Platform, ROLE, startPlatform } from '../lti/platform'
import { type App, axeViolations, horizontalOverflow, launchBrowser, root, screenshot, signIn, startApp } from './harness'

let app: App
let platform: Platform
let crossSite: Platform
let db: Db
let instructorBrowser: BrowserContext
let studentBrowser: BrowserContext

beforeAll(async () => {
  app = await startApp()
  // savePlatform (run here, in the test process) checks the site-admin role against ADMIN_EMAILS, as the server does.
  process.env.ADMIN_EMAILS = 'lti-admin@lassolab.test'
  const tool = { loginUrl: `${app.baseUrl}/api/lti/login`, launchUrl: `${app.baseUrl}/api/lti/launch`, jwks: `${app.baseUrl}/api/lti/jwks` }
  platform = await startPlatform({ tool })
  crossSite = await startPlatform({ tool, publicHost: 'localhost' })
  db = createDb(app.databaseUrl)
  const admin = await db.user.upsert({
    where: { email: 'lti-admin@lassolab.test' },
    create: { email: 'lti-admin@lassolab.test', name: 'Admin', passwordHash: await hashPassword('admin-password') },
    update: {},
  })
  // Registered as a site admin does on /admin/lti; nothing else tells the app that these LMSs may frame it.
  await savePlatform(db, { userId: admin.id }, platform.registration)
  await savePlatform(db, { userId: admin.id }, { ...crossSite.registration, name: 'Simulated LMS on another site' })
  instructorBrowser = await launchBrowser()
  studentBrowser = await launchBrowser()
}, 1_500_000) // includes `next build` when the sources changed
afterAll(async () => {
  await instructorBrowser?.close()
  await studentBrowser?.close()
  await db?.$disconnect()
  await platform?.stop()
  await crossSite?.stop()
  await app?.stop()
})

const instructor = { sub: 'e2e-inst', name: 'Irene Instructor', email: 'irene@lms.example', roles: [ROLE.instructor] }
const student = { sub: 'e2e-stud', name: 'Stefan Student', email: 'stefan@lms.example', roles: [ROLE.learner] }

/** Opens the LMS course page and clicks its launch button; returns the tool's frame. */
async function launchInLms(page: Page, hint: string, lms: Platform = platform, contextId = 'ctx-E2E'): Promise<Frame> {
  await page.goto(`${lms.base}/course/${contextId}?hint=${encodeURIComponent(hint)}`)
  await page.getByRole('button', { name: 'Open LassoLab' }).click()
  const frame = page.frame({ name: 'tool' })
  if (!frame) throw new Error('no tool frame')
  return frame
}

/**
 * The right answer to the lasso-threshold question shown in `frame`, computed here from the page's dataset table
 * and stated loss with exact fractions: the slope is 0 from λ* = |S_xy| (penalty 2λ|m|) or 2|S_xy| (penalty λ|m|).
 */
async function rightAnswer(frame: Frame): Promise<string> {
  const rows = await frame.locator('#dataset tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => Number(td.textContent?.trim()))))
  const x = rows.map((r) => r[1])
  const y = rows.map((r) => r[2])
  const tex = (await frame.locator('annotation[encoding="application/x-tex"]').allTextContents()).join(' ')
  const twoLambda = /2\s*\\lambda\s*\|m\|/.test(tex)
  const xbar = x.reduce((a, v) => a.add(v), new Fraction(0)).div(x.length)
  const ybar = y.reduce((a, v) => a.add(v), new Fraction(0)).div(y.length)
  const Sxy = x.reduce((a, xi, i) => a.add(new Fraction(xi).sub(xbar).mul(new Fraction(y[i]).sub(ybar))), new Fraction(0))
  expect(x.length).toBeGreaterThan(2)
  return Sxy.abs().mul(twoLambda ? 1 : 2).toFraction()
}

describe('LassoLab as an LTI 1.3 tool, in Chromium', () => {
  it('instructor deep-links an assignment in the LMS iframe; a student answers; the LMS gets the score', async () => {
    // 1. Instructor: "add external tool" → deep linking launch inside the iframe.
    const ipage = await instructorBrowser.newPage()
    let frame = await launchInLms(ipage, platform.prepareLaunch({ user: instructor, contextId: 'ctx-E2E', contextTitle: 'Statistical Learning (LMS)', messageType: 'LtiDeepLinkingRequest' }))
    await frame.waitForURL(/\/lti\/deep-link\//, { timeout: 30_000 })
    await expect.poll(() => frame.getByRole('heading', { name: /Add LassoLab to your LMS course/ }).count()).toBe(1)
    expect(await frame.getByText('Statistical Learning (LMS)').count()).toBeGreaterThan(0)
    // The first instructor launch made the course; the instructor makes an assignment in it (as in the builder).
    const ctx = await db.ltiContext.findFirstOrThrow({ where: { contextId: 'ctx-E2E' } })
    const assignment = await db.assignment.create({
      data: {
        courseId: ctx.courseId,
        title: 'Lasso threshold (LMS)',
        dueAt: new Date(Date.now() + 7 * 86400_000),
        items: { create: [{ templateId: 'lasso-1d-lambda-star', points: 10, position: 1 }] },
      },
    })
    await frame.goto(frame.url())
    await screenshot(ipage, 'lti-1-instructor-deep-link-in-iframe')
    await frame.getByRole('button', { name: `Add ${assignment.title}` }).click()
    await frame.waitForURL(/\/deep-link-return/, { timeout: 30_000 })
    await expect.poll(() => frame.locator('#added').textContent()).toBe('Lasso threshold (LMS)')
    await screenshot(ipage, 'lti-2-lms-content-added')
    const li = [...platform.lineItems.values()].find((l) => l.resourceId === assignment.id)
    expect(li?.scoreMaximum).toBe(10)
    const link = [...platform.resourceLinks.values()].find((l) => l.lineItemId === li?.id)
    expect(link).toBeTruthy()

    // 2. Student: launches the new link inside the iframe and lands on the assignment.
    const spage = await studentBrowser.newPage()
    frame = await launchInLms(spage, platform.prepareLaunch({ user: student, contextId: 'ctx-E2E', resourceLinkId: link?.id }))
    await frame.waitForURL(new RegExp(`/assignments/${assignment.id}`), { timeout: 30_000 })
    await screenshot(spage, 'lti-3-student-assignment-in-iframe')
    await frame.locator('a[href^="/items/"]').first().click()
    await frame.waitForURL(/\/items\//)
    await frame.getByLabel('Answer to part 1').fill(await rightAnswer(frame))
    await frame.getByRole('button', { name: 'Submit answer' }).click()
    await frame.waitForURL(/\/attempts\//, { timeout: 30_000 })
    const heading = await frame.getByRole('heading', { name: /Attempt 1/ }).textContent()
    await screenshot(spage, 'lti-4-student-answered-in-iframe')
    const attempt = await db.attempt.findFirstOrThrow({ where: { item: { assignmentId: assignment.id } } })

    // 3. The LMS receives the score (background sender), equal to the attempt's score × the points.
    await expect.poll(() => platform.results.size, { timeout: 30_000, interval: 300 }).toBeGreaterThan(0)
    const got = platform.results.get(`${li?.id}|${student.sub}`)
    expect(attempt.score).toBe(1) // the right answer: full marks, so the LMS must get all 10 points
    expect(got?.scoreGiven).toBe(10)
    expect(got?.scoreMaximum).toBe(10)
    expect(heading).toMatch(new RegExp(`${Math.round(attempt.score * 100)}%`))
    const gpage = await studentBrowser.newPage()
    await gpage.goto(`${platform.base}/gradebook/ctx-E2E`)
    expect(await gpage.locator('[data-score]').first().textContent()).toBe(String(got?.scoreGiven))
    await screenshot(gpage, 'lti-5-lms-gradebook-received-score')
  })

  it('a score the LMS refuses shows as failed with the LMS’s message, and the instructor’s “Send again” delivers it', async () => {
    const assignment = await db.assignment.findFirstOrThrow({ where: { title: 'Lasso threshold (LMS)' } })
    const li = [...platform.lineItems.values()].find((l) => l.resourceId === assignment.id)
    const link = [...platform.resourceLinks.values()].find((l) => l.lineItemId === li?.id)
    const second = { sub: 'e2e-stud-2', name: 'Sara Second', email: 'sara@lms.example', roles: [ROLE.learner] }
    const accepted = () => platform.scores.filter((x) => x.lineItemId === li?.id && x.userId === second.sub && x.status === 200)
    // The LMS refuses the next score post (400: not retried by itself); a second student answers (wrongly).
    platform.faults.scoreStatus = 400
    platform.faults.scoreFailures = 1
    const browser = await launchBrowser()
    try {
      const spage = await browser.newPage()
      const frame = await launchInLms(spage, platform.prepareLaunch({ user: second, contextId: 'ctx-E2E', resourceLinkId: link?.id }))
      await frame.waitForURL(new RegExp(`/assignments/${assignment.id}`), { timeout: 30_000 })
      await frame.locator('a[href^="/items/"]').first().click()
      await frame.waitForURL(/\/items\//)
      await frame.getByLabel('Answer to part 1').fill('0')
      await frame.getByRole('button', { name: 'Submit answer' }).click()
      await frame.waitForURL(/\/attempts\//, { timeout: 30_000 })
    } finally {
      await browser.close()
    }
    await expect.poll(() => platform.faults.scoreFailures, { timeout: 30_000, interval: 300 }).toBe(0)

    const ipage = await instructorBrowser.newPage()
    const lms = `${app.baseUrl}/instructor/assignments/${assignment.id}/lms`
    /** Reloads the instructor's passback page until the second student's row has this status (the sender runs every 300 ms). */
    const row = ipage.locator('tr', { hasText: 'Sara Second' })
    const rowShows = (status: string) =>
      expect
        .poll(
          async () => {
            await ipage.goto(lms)
            return row.getAttribute('data-status')
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBe(status)
    await rowShows('FAILED')
    expect(await row.textContent()).toMatch(/The LMS answered 400: .*The gradebook is temporarily unavailable\./)
    expect(accepted()).toEqual([])
    await screenshot(ipage, 'lti-11-instructor-passback-failed')
    await row.getByRole('button', { name: 'Send again' }).click()
    await expect.poll(() => accepted().length, { timeout: 30_000, interval: 300 }).toBe(1)
    await rowShows('SENT')
    const attempt = await db.attempt.findFirstOrThrow({ where: { item: { assignmentId: assignment.id }, user: { name: 'Sara Second' } } })
    expect(accepted()[0].scoreGiven).toBeCloseTo(attempt.score * 10, 9)
    await screenshot(ipage, 'lti-12-instructor-passback-sent-again')
    platform.faults.scoreStatus = 503
  })

  it('from the deep-linking dialog an instructor creates a new assignment in the builder and sends it: the LMS column is worth its points', async () => {
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage()
      const builder = { sub: 'e2e-inst-builder', name: 'Bea Builder', email: 'bea@lms.example', roles: [ROLE.instructor] }
      let frame = await launchInLms(page, platform.prepareLaunch({ user: builder, contextId: 'ctx-E2E-NEW', contextTitle: 'Shrinkage (LMS)', messageType: 'LtiDeepLinkingRequest' }), platform, 'ctx-E2E-NEW')
      await frame.waitForURL(/\/lti\/deep-link\//, { timeout: 30_000 })
      const deepLinkPath = new URL(frame.url()).pathname
      // A new LMS course: nothing to pick yet, only the way into the builder.
      await expect.poll(() => frame.getByText('This course has no assignments yet.').count()).toBe(1)
      await screenshot(page, 'lti-dl-new-1-empty-course')
      await frame.getByRole('link', { name: 'Create a new assignment' }).click()
      await frame.waitForURL(/\/assignments\/new\?deepLink=/, { timeout: 30_000 })
      expect(page.frame({ name: 'tool' })).toBeTruthy() // still inside the LMS iframe
      await expect.poll(() => frame.getByRole('note').textContent()).toMatch(/once you create this assignment, you go back to adding it/)
      await screenshot(page, 'lti-dl-new-2a-builder-in-iframe')
      await frame.getByLabel('Title', { exact: true }).fill('Built in the LMS dialog')
      const title = getTemplate('lasso-1d-lambda-star')?.title
      for (let i = 0; i < 2; i++) await frame.getByRole('button', { name: `Add “${title}”` }).click()
      await expect.poll(() => frame.getByTestId('builder-item').count()).toBe(2)
      await frame.getByTestId('builder-item').nth(0).getByLabel('Points', { exact: true }).fill('3')
      await frame.getByTestId('builder-item').nth(1).getByLabel('Points', { exact: true }).fill('4.5')
      await screenshot(page, 'lti-dl-new-2b-builder-questions')
      await frame.getByRole('button', { name: 'Create assignment' }).click()

      // Back on the content selection, the new assignment chosen and ready to send.
      await frame.waitForURL((u) => u.pathname === deepLinkPath && u.searchParams.has('chosen'), { timeout: 30_000 })
      frame = page.frame({ name: 'tool' }) as Frame
      const chosenId = new URL(frame.url()).searchParams.get('chosen') ?? ''
      const created = await db.assignment.findUniqueOrThrow({ where: { id: chosenId }, include: { items: true, course: { include: { ltiContexts: true } } } })
      expect(created.title).toBe('Built in the LMS dialog')
      expect(created.course.ltiContexts.map((c) => c.contextId)).toEqual(['ctx-E2E-NEW'])
      expect(created.items.map((i) => i.points).sort()).toEqual([3, 4.5])
      await expect.poll(() => frame.getByRole('heading', { name: 'Your new assignment is saved' }).count()).toBe(1)
      expect(await frame.getByText('2 questions · 7.5 points').count()).toBe(1)
      expect(await axeViolations(frame)).toEqual([])
      await screenshot(page, 'lti-dl-new-3-back-with-new-assignment-chosen')
      // The LMS frame on a phone: nothing to scroll sideways.
      await page.setViewportSize({ width: 390, height: 844 })
      expect((await horizontalOverflow(frame)).culprits).toEqual([])
      await screenshot(page, 'lti-dl-new-4-chosen-at-390px')
      await page.setViewportSize({ width: 1100, height: 900 })

      const before = platform.deepLinkResponses.length
      await frame.getByRole('button', { name: 'Add to the LMS: Built in the LMS dialog' }).click()
      await frame.waitForURL(/\/deep-link-return/, { timeout: 30_000 })
      await expect.poll(() => frame.locator('#added').textContent()).toBe('Built in the LMS dialog')
      await screenshot(page, 'lti-dl-new-5-lms-content-added')
      // The platform received one signed LtiDeepLinkingResponse (it verified it) with a line item of 3 + 4.5 points.
      expect(platform.deepLinkResponses.length).toBe(before + 1)
      const [item] = platform.deepLinkResponses[before].contentItems as { type: string; custom?: Record<string, string>; lineItem?: { scoreMaximum: number } }[]
      expect(item).toMatchObject({ type: 'ltiResourceLink', custom: { assignment_id: chosenId }, lineItem: { scoreMaximum: 7.5 } })
      expect([...platform.lineItems.values()].find((l) => l.resourceId === chosenId)?.scoreMaximum).toBe(7.5)
    } finally {
      await browser.close()
    }
  })

  it('a failed launch shows what was wrong, without a stack trace', async () => {
    const page = await studentBrowser.newPage()
    const frame = await launchInLms(page, platform.prepareLaunch({ user: student, contextId: 'ctx-E2E', resourceLinkId: 'x', tamper: { iatOffsetSeconds: -900 } }))
    await expect.poll(() => frame.getByRole('heading', { name: 'The launch has expired' }).count(), { timeout: 30_000 }).toBe(1)
    const text = (await frame.locator('body').textContent()) ?? ''
    expect(text).not.toMatch(/\bat .+\.(js|ts):\d+/)
    await screenshot(page, 'lti-6-failed-launch')
    const jwks = await (await fetch(`${app.baseUrl}/api/lti/jwks`)).json()
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' })
    expect(jwks.keys[0].d).toBeUndefined()
  })

  it('OIDC login initiation answers GET and POST alike: a redirect to the platform with a fresh state and nonce each time', async () => {
    const params = platform.loginParams(platform.prepareLaunch({ user: student, contextId: 'ctx-E2E', resourceLinkId: 'x' }))
    const get = await fetch(`${app.baseUrl}/api/lti/login?${new URLSearchParams(params)}`, { redirect: 'manual' })
    const post = await fetch(`${app.baseUrl}/api/lti/login`, { method: 'POST', body: new URLSearchParams(params), redirect: 'manual' })
    const seen = new Set<string>()
    for (const res of [get, post]) {
      expect(res.status).toBe(302)
      const to = new URL(res.headers.get('location') ?? '')
      expect(`${to.origin}${to.pathname}`).toBe(platform.registration.authUrl)
      expect(Object.fromEntries(['client_id', 'login_hint', 'lti_message_hint', 'redirect_uri', 'response_mode', 'prompt'].map((k) => [k, to.searchParams.get(k)]))).toEqual({
        client_id: platform.clientId,
        login_hint: params.login_hint,
        lti_message_hint: params.lti_message_hint,
        redirect_uri: `${app.baseUrl}/api/lti/launch`,
        response_mode: 'form_post',
        prompt: 'none',
      })
      for (const k of ['state', 'nonce']) seen.add(to.searchParams.get(k) ?? '')
    }
    expect(seen.size).toBe(4)
    expect(await db.ltiLoginState.count({ where: { id: { in: [...seen] } } })).toBe(2)
  })

  it('an LMS on another site: the frame cannot keep cookies, so the launch continues in a new window', async () => {
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage()
      const lmsInstructor = { sub: 'e2e-x-inst', name: 'Xavier Crosssite', email: 'xavier@lms-other.example', roles: [ROLE.instructor] }
      const hint = crossSite.prepareLaunch({ user: lmsInstructor, contextId: 'ctx-X', contextTitle: 'Regression (other LMS)', resourceLinkId: 'x-link-1' })
      const frame = await launchInLms(page, hint, crossSite, 'ctx-X')
      const newWindow = frame.getByRole('button', { name: 'Open LassoLab in a new window' })
      await expect.poll(() => newWindow.isVisible(), { timeout: 30_000 }).toBe(true)
      expect(await frame.getByRole('heading', { name: 'Continue in a new window' }).count()).toBe(1)
      expect(new URL(frame.url()).pathname).toBe('/api/lti/launch')
      await screenshot(page, 'lti-7-cross-site-frame-offers-new-window')
      const [popup] = await Promise.all([browser.waitForEvent('page'), newWindow.click()])
      // The new window continues the same launch: signed in as the LMS's instructor, on the link's page.
      await popup.waitForURL(/\/lti\/links\//, { timeout: 30_000 })
      await expect.poll(() => popup.getByRole('heading', { name: 'What should “LassoLab” open?' }).count(), { timeout: 30_000 }).toBe(1)
      expect(await popup.locator('.name').textContent()).toContain('Xavier Crosssite')
      const ctx = await db.ltiContext.findFirstOrThrow({ where: { contextId: 'ctx-X' }, include: { course: true } })
      expect(ctx.course.title).toBe('Regression (other LMS)')
      await expect.poll(() => frame.getByRole('status').textContent()).toMatch(/open in a new window/)
      await screenshot(popup, 'lti-8-new-window-continues-the-launch')
      await screenshot(page, 'lti-9-lms-frame-after-new-window')
    } finally {
      await browser.close()
    }
  })

  it('the admin page prints the URLs the README names (Canvas JSON, Moodle fields), and the Canvas JSON is served there', async () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## LMS integration'), readme.indexOf('### How it works (lib/server/lti/)'))
    const named = [...new Set([...section.matchAll(/https:\/\/<your LassoLab>(\/[a-z/-]+)/g)].map((m) => m[1]))]
    expect(named.sort()).toEqual(['/api/lti/canvas-config', '/api/lti/jwks', '/api/lti/launch', '/api/lti/login'])
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage()
      await signIn(page, app.baseUrl, 'lti-admin@lassolab.test', 'admin-password')
      await page.goto(`${app.baseUrl}/admin/lti`)
      await expect.poll(() => page.getByRole('heading', { name: 'LMS integration (LTI 1.3)' }).count()).toBe(1)
      const printed = await page.locator('code').allTextContents()
      for (const p of named) expect(printed, p).toContain(`${app.baseUrl}${p}`)
      // The Moodle part: the fields the README tells an administrator to fill in, with the values to paste.
      expect(await page.getByRole('heading', { name: /Moodle: “configure a tool manually”/ }).count()).toBe(1)
      for (const label of ['Tool URL', 'Public keyset', 'Initiate login URL', 'Redirection URI(s)']) {
        expect(await page.getByRole('rowheader', { name: label, exact: true }).count(), label).toBe(1)
      }
      expect(await page.getByText('Simulated LMS on another site').count()).toBe(1)
      await screenshot(page, 'lti-10-admin-page-urls')
      const res = await fetch(`${app.baseUrl}/api/lti/canvas-config`)
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
      const cfg = await res.json()
      expect(cfg).toMatchObject({ oidc_initiation_url: `${app.baseUrl}/api/lti/login`, target_link_uri: `${app.baseUrl}/api/lti/launch`, public_jwk_url: `${app.baseUrl}/api/lti/jwks` })
      const placements = cfg.extensions[0].settings.placements.map((p: { placement: string; message_type: string }) => `${p.placement}:${p.message_type}`)
      expect(placements).toContain('assignment_selection:LtiDeepLinkingRequest')
    } finally {
      await browser.close()
    }
  })
})
