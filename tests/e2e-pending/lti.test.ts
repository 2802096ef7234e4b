/**
 * LTI 1.3 end to end in Chromium: the simulated LMS's course page launches LassoLab inside an iframe.
 * An instructor deep-links an assignment (the LMS gets a link and a grade column), a student launches that link,
 * answers a question, and the LMS receives the score (sent by the app's background outbox sender).
 * Screenshots of each step go to test-results/lti-*.png.
 */
import type { BrowserContext, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db'
import { savePlatform } from '@/lib/server/lti/platforms'
import { hashPassword } from '@/lib/server/users'
import { type Platform, ROLE, startPlatform } from '../lti/platform'
import { type App, launchBrowser, screenshot, startApp } from '../e2e/harness'

let app: App
let platform: Platform
let db: Db
let instructorBrowser: BrowserContext
let studentBrowser: BrowserContext

beforeAll(async () => {
  process.env.LTI_OUTBOX_INTERVAL_MS = '300'
  process.env.ADMIN_EMAILS = 'lti-admin@lassolab.test'
  // The LMS starts first: its origin is one the app's pages may be framed by (FRAME_ANCESTORS).
  const tool = { loginUrl: '', launchUrl: '', jwks: '' }
  platform = await startPlatform({ tool })
  process.env.FRAME_ANCESTORS = platform.base
  app = await startApp()
  Object.assign(tool, { loginUrl: `${app.baseUrl}/api/lti/login`, launchUrl: `${app.baseUrl}/api/lti/launch`, jwks: `${app.baseUrl}/api/lti/jwks` })
  db = createDb(app.databaseUrl)
  const admin = await db.user.create({ data: { email: 'lti-admin@lassolab.test', name: 'Admin', passwordHash: await hashPassword('admin-password') } })
  await savePlatform(db, { userId: admin.id }, platform.registration)
  instructorBrowser = await launchBrowser()
  studentBrowser = await launchBrowser()
}, 1_500_000) // includes `next build` when the sources changed
afterAll(async () => {
  await instructorBrowser?.close()
  await studentBrowser?.close()
  await db?.$disconnect()
  await platform?.stop()
  await app?.stop()
})

const instructor = { sub: 'e2e-inst', name: 'Irene Instructor', email: 'irene@lms.example', roles: [ROLE.instructor] }
const student = { sub: 'e2e-stud', name: 'Stefan Student', email: 'stefan@lms.example', roles: [ROLE.learner] }

/** Opens the LMS course page and clicks its launch button; returns the tool's frame. */
async function launchInLms(page: Page, hint: string): Promise<Frame> {
  await page.goto(`${platform.base}/course/ctx-E2E?hint=${encodeURIComponent(hint)}`)
  await page.getByRole('button', { name: 'Open LassoLab' }).click()
  const frame = page.frame({ name: 'tool' })
  if (!frame) throw new Error('no tool frame')
  return frame
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
    await frame.getByLabel('Answer to part 1').fill('3')
    await frame.getByRole('button', { name: 'Submit answer' }).click()
    await frame.waitForURL(/\/attempts\//, { timeout: 30_000 })
    const heading = await frame.getByRole('heading', { name: /Attempt 1/ }).textContent()
    await screenshot(spage, 'lti-4-student-answered-in-iframe')
    const attempt = await db.attempt.findFirstOrThrow({ where: { item: { assignmentId: assignment.id } } })

    // 3. The LMS receives the score (background sender), equal to the attempt's score × the points.
    await expect.poll(() => platform.results.size, { timeout: 30_000, interval: 300 }).toBeGreaterThan(0)
    const got = platform.results.get(`${li?.id}|${student.sub}`)
    expect(got?.scoreGiven).toBeCloseTo(attempt.score * 10, 6)
    expect(got?.scoreMaximum).toBe(10)
    expect(heading).toMatch(new RegExp(`${Math.round(attempt.score * 100)}%`))
    const gpage = await studentBrowser.newPage()
    await gpage.goto(`${platform.base}/gradebook/ctx-E2E`)
    expect(await gpage.locator('[data-score]').first().textContent()).toBe(String(got?.scoreGiven))
    await screenshot(gpage, 'lti-5-lms-gradebook-received-score')
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
})
