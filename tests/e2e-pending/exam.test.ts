/**
 * An exam end to end in Chromium against the production build: the demo instructor creates a 3-question timed exam
 * with grades hidden until release; a student reads the rules, starts, answers two parts (saved as drafts),
 * reloads (answers still there), leaves, and the server submits at the deadline without the browser; the student
 * sees no score; the instructor releases; the student sees the score and the derivations.
 * Screenshots: test-results/exam-rules.png, exam-sitting.png, exam-after-reload.png, exam-submitted-hidden.png,
 * exam-release.png, exam-released.png, exam-released-attempt.png.
 */
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db'
import { DEMO_JOIN_CODE } from '@/lib/server/demo'
import { getTemplate } from '@/lib/questions/registry'
import { type App, launchBrowser, screenshot, signIn, startApp } from '../e2e/harness'

const TEMPLATES = ['lasso-1d-lambda-star', 'ridge-1d-slope', 'lasso-1d-slope']
/** 1.2 minutes: long enough to answer and reload on a loaded machine, short enough to wait out. */
const LIMIT_MINUTES = '1.2'

let app: App
let browser: BrowserContext
let db: Db
beforeAll(async () => {
  // The servers' deadline sweep runs every 2 s here (default 10 s).
  process.env.EXAM_SWEEP_INTERVAL_MS = '2000'
  app = await startApp()
  browser = await launchBrowser()
  db = createDb(app.databaseUrl)
})
afterAll(async () => {
  await db?.$disconnect()
  await browser?.close()
  await app?.stop()
})

describe('a timed exam in Chromium', () => {
  let examId = ''

  it('the instructor creates a 3-question timed exam with grades hidden until release', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'instructor@lassolab.test')
    const course = await db.course.findUniqueOrThrow({ where: { joinCode: DEMO_JOIN_CODE } })
    await page.goto(`${app.baseUrl}/instructor/courses/${course.id}/assignments/new`)
    await page.getByLabel('Title', { exact: true }).fill('Midterm: shrinkage')
    for (const id of TEMPLATES) await page.getByRole('button', { name: `Add “${getTemplate(id)!.title}”` }).click()
    await expect.poll(() => page.getByTestId('builder-item').count()).toBe(3)
    await page.getByRole('radio', { name: /Exam: timed/ }).check()
    await page.getByLabel(/^Time limit/).fill(LIMIT_MINUTES)
    // The default review options hide the score until release; the matrix says so.
    expect(await page.getByLabel('Score: right after submitting').isChecked()).toBe(false)
    expect(await page.getByLabel('Score: after release').isChecked()).toBe(true)
    await page.getByRole('button', { name: 'Create assignment' }).click()
    await page.waitForURL(/\/instructor\/assignments\/[^/]+$/, { timeout: 30_000 })
    examId = new URL(page.url()).pathname.split('/').pop()!
    await expect.poll(() => page.getByTestId('exam-kind').textContent()).toMatch(/exam/i)
    const settings = await db.examSettings.findUniqueOrThrow({ where: { assignmentId: examId } })
    expect(settings.timeLimitSeconds).toBe(72)
    await page.close()
  }, 300_000)

  it('the student starts, answers two parts, reloads and finds them; the server submits at the deadline', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'student1@lassolab.test')
    await page.goto(`${app.baseUrl}/assignments/${examId}`)
    await page.getByRole('link', { name: 'Go to the exam' }).click()
    await page.waitForURL(/\/exams\//)
    await expect.poll(() => page.getByRole('heading', { name: 'Before you start' }).count()).toBe(1)
    // No question is shown before the start.
    expect(await page.getByLabel('Answer to part 1').count()).toBe(0)
    await screenshot(page, 'exam-rules')
    await page.getByLabel(/I have read the rules/).check()
    await page.getByRole('button', { name: 'Start the exam' }).click()
    await expect.poll(() => page.getByTestId('countdown').count(), { timeout: 30_000 }).toBe(1)

    const q1 = page.locator('section', { has: page.getByRole('heading', { name: /^Question 1:/ }) })
    const q2 = page.locator('section', { has: page.getByRole('heading', { name: /^Question 2:/ }) })
    await q1.getByLabel('Answer to part 1').fill('12/7')
    await q2.getByLabel('Answer to part 1').fill('0.25')
    await expect.poll(() => q1.getByTestId('draft-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('saved')
    await expect.poll(() => q2.getByTestId('draft-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('saved')
    await screenshot(page, 'exam-sitting')
    // Drafts are not attempts.
    expect(await db.attempt.count({ where: { item: { assignmentId: examId } } })).toBe(0)

    await page.reload()
    await expect.poll(() => page.getByTestId('countdown').count()).toBe(1)
    expect(await q1.getByLabel('Answer to part 1').inputValue()).toBe('12/7')
    expect(await q2.getByLabel('Answer to part 1').inputValue()).toBe('0.25')
    await screenshot(page, 'exam-after-reload')

    // The student leaves; the server submits at the deadline on its own.
    await page.close()
    const session = await db.examSession.findFirstOrThrow({ where: { assignmentId: examId } })
    await expect
      .poll(async () => (await db.examSession.findUniqueOrThrow({ where: { id: session.id } })).status, { timeout: 180_000, interval: 1000 })
      .toBe('SUBMITTED')
    const done = await db.examSession.findUniqueOrThrow({ where: { id: session.id } })
    expect(done.submittedBy).toBe('DEADLINE')
    const attempts = await db.attempt.findMany({ where: { item: { assignmentId: examId } }, include: { item: true } })
    expect(attempts).toHaveLength(3)
    const byPos = new Map(attempts.map((t) => [t.item.position, JSON.parse(t.rawAnswers)]))
    expect(Object.values(byPos.get(1)!)).toContain('12/7')
    expect(Object.values(byPos.get(2)!)).toContain('0.25')
  }, 300_000)

  it('the student sees no score until the instructor releases, then the score and the derivations', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'student1@lassolab.test')
    await page.goto(`${app.baseUrl}/exams/${examId}`)
    await expect.poll(() => page.getByTestId('exam-submitted').textContent()).toMatch(/submitted when the time was up/)
    expect(await page.getByTestId('exam-score-hidden').count()).toBe(1)
    expect(await page.getByTestId('exam-score').count()).toBe(0)
    expect(await page.locator('main').textContent()).not.toMatch(/\d+%/)
    await screenshot(page, 'exam-submitted-hidden')
    await page.getByRole('link', { name: 'Your answers' }).first().click()
    await page.waitForURL(/\/attempts\//)
    expect(await page.getByText('score not released').count()).toBeGreaterThan(0)
    expect(await page.getByRole('list', { name: 'Worked derivation' }).count()).toBe(0)

    // One browser profile: sign in as the instructor, then back as the student (never both at once).
    await page.close()
    const staff = await browser.newPage()
    await signIn(staff, app.baseUrl, 'instructor@lassolab.test')
    await staff.goto(`${app.baseUrl}/instructor/assignments/${examId}/exam`)
    await expect.poll(() => staff.getByTestId('exam-counts').textContent()).toMatch(/1 submitted \(1 at the deadline/)
    await staff.getByRole('button', { name: 'Release results' }).click()
    await expect.poll(() => staff.getByTestId('release-state').textContent(), { timeout: 30_000 }).toMatch(/^Released/)
    await screenshot(staff, 'exam-release')
    await staff.close()

    const after = await browser.newPage()
    await signIn(after, app.baseUrl, 'student1@lassolab.test')
    await after.goto(`${app.baseUrl}/exams/${examId}`)
    await expect.poll(() => after.getByTestId('exam-score').textContent()).toMatch(/Score: .* of 30 points/)
    await screenshot(after, 'exam-released')
    await after.getByRole('link', { name: 'Your answers and the solution' }).first().click()
    await after.waitForURL(/\/attempts\//)
    await expect.poll(() => after.getByRole('list', { name: 'Worked derivation' }).count()).toBe(1)
    expect(await after.getByText('score not released').count()).toBe(0)
    expect(await after.locator('h1 .badge').textContent()).toMatch(/%/)
    await expect.poll(() => after.getByRole('list', { name: 'Worked derivation' }).locator('.katex').count()).toBeGreaterThan(0)
    await screenshot(after, 'exam-released-attempt')
    await after.close()
  }, 300_000)
})
