/**
 * An exam end to end in Chromium against the production build (issue 10, point 3). An instructor and a student of
 * their own, in a course of their own (the e2e files share one database): the instructor creates a 3-question
 * exam with a 2-minute time limit and grades hidden until release in the builder; the student reads the rules,
 * starts, answers two parts (saved as drafts), reloads (answers and countdown still there), closes the page and
 * waits (the deadline is brought forward in the database to spare the test the rest of the two minutes): the server's deadline sweep (every 2 s in the e2e server, tests/e2e/global-setup.ts) submits the saved
 * answers at the deadline with no browser open. The student then sees no score on the exam, dashboard, assignment
 * or attempt pages; the instructor releases; the student sees the score and the worked derivations.
 * Screenshots, each at 1280 px and 390 px wide: test-results/exam-<step>-1280.png and exam-<step>-390.png.
 */
import Fraction from 'fraction.js'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db'
import { getTemplate } from '@/lib/questions/registry'
import { type App, courseWithInstructorAndStudent, launchBrowser, shotsAtTwoWidths, signIn, startApp } from './harness'

const TEMPLATES = ['lasso-1d-lambda-star', 'ridge-1d-slope', 'lasso-1d-slope']
/** Whole minutes, as an instructor types them: long enough to answer and reload on a loaded machine. */
const LIMIT_MINUTES = 2
const PASSWORD = 'exam-e2e-password'
const TAG = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const INSTRUCTOR = { email: `exam-teacher-${TAG}@lassolab.test`, name: 'Irene Examiner' }
const STUDENT = { email: `exam-student-${TAG}@lassolab.test`, name: 'Sasha Sitter' }
const EXAM_TITLE = 'Midterm: shrinkage'

let app: App
let browser: BrowserContext
let db: Db
let courseId = ''
beforeAll(async () => {
  app = await startApp()
  browser = await launchBrowser()
  db = createDb(app.databaseUrl)
  ;({ courseId } = await courseWithInstructorAndStudent(db, { password: PASSWORD, instructor: INSTRUCTOR, student: STUDENT, title: 'Statistical learning', joinCode: `EXAM-${TAG}`.toUpperCase() }))
})
afterAll(async () => {
  await db?.$disconnect()
  await browser?.close()
  await app?.stop()
})

const shots = shotsAtTwoWidths

/** λ* of question 1 from its dataset and loss as shown (exact fractions, either penalty convention). */
async function lambdaStarOf(question: Locator): Promise<string> {
  const rows = await question.locator('table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => Number(td.textContent?.trim()))),
  )
  const x = rows.map((r) => r[1])
  const y = rows.map((r) => r[2])
  const tex = (await question.locator('annotation[encoding="application/x-tex"]').allTextContents()).join(' ')
  const twoLambda = /2\s*\\lambda\s*\|m\|/.test(tex)
  const xbar = x.reduce((s, v) => s.add(v), new Fraction(0)).div(x.length)
  const ybar = y.reduce((s, v) => s.add(v), new Fraction(0)).div(y.length)
  const sxy = x.reduce((s, xi, i) => s.add(new Fraction(xi).sub(xbar).mul(new Fraction(y[i]).sub(ybar))), new Fraction(0))
  return sxy.abs().mul(twoLambda ? 1 : 2).toFraction()
}

async function studentPage() {
  const page = await browser.newPage()
  await signIn(page, app.baseUrl, STUDENT.email, PASSWORD)
  return page
}

/** The visible text of the page's main region, with no score in it. */
async function expectNoScore(page: Page, where: string) {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, the text as the student sees it
  const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ')
  expect(text, where).not.toMatch(/\d\s*%|of 30 points|\bScore:|\bcorrect\b|incorrect|Correct answer/i)
}

describe('a timed exam in Chromium', () => {
  let examId = ''
  /** What the student typed for question 1 (its right answer). */
  let q1Answer = ''

  it('the instructor creates a 3-question timed exam with grades hidden until release in the builder', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, INSTRUCTOR.email, PASSWORD)
    await page.goto(`${app.baseUrl}/instructor/courses/${courseId}`)
    await page.getByRole('link', { name: 'New assignment' }).click()
    await page.waitForURL(/\/assignments\/new$/)
    await page.getByLabel('Title', { exact: true }).fill(EXAM_TITLE)
    for (const id of TEMPLATES) await page.getByRole('button', { name: `Add “${getTemplate(id)!.title}”` }).click()
    await expect.poll(() => page.getByTestId('builder-item').count()).toBe(3)
    await page.getByRole('radio', { name: /Exam: timed/ }).check()
    await page.getByLabel(/^Time limit/).fill(String(LIMIT_MINUTES))
    // The default review options of a new exam hide everything until release; the matrix says so.
    for (const f of ['Score', 'Which parts are right', 'Correct answers', 'Worked derivation']) {
      expect(await page.getByLabel(`${f}: right after submitting`).isChecked(), f).toBe(false)
      expect(await page.getByLabel(`${f}: after the exam closes`).isChecked(), f).toBe(false)
      expect(await page.getByLabel(`${f}: after release`).isChecked(), f).toBe(true)
    }
    await shots(page, 'exam-builder')
    await page.getByRole('button', { name: 'Create assignment' }).click()
    await page.waitForURL(/\/instructor\/assignments\/[^/]+$/, { timeout: 30_000 })
    examId = new URL(page.url()).pathname.split('/').pop()!
    await expect.poll(() => page.getByTestId('exam-kind').textContent()).toMatch(/exam \(2 minutes\)/i)
    await shots(page, 'exam-created')
    const settings = await db.examSettings.findUniqueOrThrow({ where: { assignmentId: examId } })
    expect(settings.timeLimitSeconds).toBe(LIMIT_MINUTES * 60)
    expect(settings.releaseAt).toBeNull()
    expect(await db.assignmentItem.count({ where: { assignmentId: examId } })).toBe(3)
    await page.close()
  }, 300_000)

  it('the student starts, answers two parts, reloads and finds them; the server submits at the deadline with the page closed', async () => {
    const page = await studentPage()
    await page.goto(`${app.baseUrl}/dashboard`)
    await page.getByRole('link', { name: EXAM_TITLE }).click()
    await page.waitForURL(/\/assignments\//)
    await page.getByRole('link', { name: 'Go to the exam' }).click()
    await page.waitForURL(/\/exams\//)
    await expect.poll(() => page.getByRole('heading', { name: 'Before you start' }).count()).toBe(1)
    // The rules are shown before the clock starts, and no question is.
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, the text as the student sees it
    const rules = (await page.getByRole('region', { name: 'Before you start' }).innerText()).replace(/\s+/g, ' ')
    expect(rules).toContain('3 questions, 30 points')
    expect(rules).toContain('You have 2 minutes from the moment you start')
    expect(rules).toMatch(/submitted for you, even if you have closed the page/)
    expect(await page.getByLabel('Answer to part 1').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Start the exam' }).isDisabled()).toBe(true)
    await shots(page, 'exam-rules')
    await page.getByLabel(/I have read the rules/).check()
    await page.getByRole('button', { name: 'Start the exam' }).click()
    await expect.poll(() => page.getByTestId('countdown').count(), { timeout: 30_000 }).toBe(1)
    const session = await db.examSession.findFirstOrThrow({ where: { assignmentId: examId } })
    expect(session.deadlineAt.getTime() - session.startedAt.getTime()).toBe(LIMIT_MINUTES * 60_000)

    const q1 = page.locator('section', { has: page.getByRole('heading', { name: /^Question 1:/ }) })
    const q2 = page.locator('section', { has: page.getByRole('heading', { name: /^Question 2:/ }) })
    // Question 1 right (worked out from its data here), question 2's first part wrong, question 3 left empty.
    const right = await lambdaStarOf(q1)
    await q1.getByLabel('Answer to part 1').fill(right)
    await q2.getByLabel('Answer to part 1').fill('98765')
    await expect.poll(() => q1.getByTestId('draft-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('saved')
    await expect.poll(() => q2.getByTestId('draft-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('saved')
    await shots(page, 'exam-sitting')
    // Drafts are not attempts.
    expect(await db.attempt.count({ where: { item: { assignmentId: examId } } })).toBe(0)
    const timer = page.getByRole('timer', { name: 'Time left' })
    const seconds = async () => {
      const [m, s] = (await timer.textContent())!.split(':').map(Number)
      return m * 60 + s
    }
    const leftBefore = await seconds()

    await page.reload()
    await expect.poll(() => page.getByTestId('countdown').count()).toBe(1)
    expect(await q1.getByLabel('Answer to part 1').inputValue()).toBe(right)
    expect(await q2.getByLabel('Answer to part 1').inputValue()).toBe('98765')
    expect(await page.locator('section', { has: page.getByRole('heading', { name: /^Question 3:/ }) }).getByLabel('Answer to part 1').inputValue()).toBe('')
    // The countdown goes on from the server's deadline: a reload does not give the time back.
    const leftAfter = await seconds()
    expect(leftAfter).toBeGreaterThan(0)
    expect(leftAfter).toBeLessThanOrEqual(leftBefore)
    await shots(page, 'exam-after-reload')

    // The student leaves before the deadline; nothing of theirs is open when the time is up.
    expect((await db.examSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe('ACTIVE')
    await page.close()
    // Rather than wait out the rest of the two minutes, the deadline is brought forward to a few seconds from now
    // (as if the time had passed): the server's sweep, not any page, must submit at that deadline.
    await db.examSession.update({ where: { id: session.id }, data: { deadlineAt: new Date(Date.now() + 3000) } })
    await expect
      .poll(async () => (await db.examSession.findUniqueOrThrow({ where: { id: session.id } })).status, { timeout: 120_000, interval: 500 })
      .toBe('SUBMITTED')
    const done = await db.examSession.findUniqueOrThrow({ where: { id: session.id } })
    expect(done.submittedBy).toBe('DEADLINE')
    expect(done.submittedAt!.getTime()).toBeGreaterThanOrEqual(done.deadlineAt.getTime())
    const attempts = await db.attempt.findMany({ where: { item: { assignmentId: examId } }, include: { item: true } })
    expect(attempts).toHaveLength(3)
    const byPos = new Map(attempts.map((t) => [t.item.position, JSON.parse(t.rawAnswers) as Record<string, string>]))
    expect(Object.values(byPos.get(1)!)).toContain(right)
    expect(Object.values(byPos.get(2)!)).toContain('98765')
    q1Answer = right
  }, 300_000)

  it('the student sees no score until the instructor releases, then the score and the derivations', async () => {
    const page = await studentPage()
    await page.goto(`${app.baseUrl}/exams/${examId}`)
    await expect.poll(() => page.getByTestId('exam-submitted').textContent()).toMatch(/submitted when the time was up/)
    expect(await page.getByTestId('exam-score-hidden').count()).toBe(1)
    expect(await page.getByTestId('exam-score').count()).toBe(0)
    await expectNoScore(page, 'exam page')
    await shots(page, 'exam-submitted-hidden')
    await page.goto(`${app.baseUrl}/dashboard`)
    await expectNoScore(page, 'dashboard')
    await page.goto(`${app.baseUrl}/assignments/${examId}`)
    await expectNoScore(page, 'assignment page')
    await page.goto(`${app.baseUrl}/exams/${examId}`)
    await page.getByRole('link', { name: 'Your answers' }).first().click()
    await page.waitForURL(/\/attempts\//)
    expect(await page.getByText('score not released').count()).toBeGreaterThan(0)
    expect(await page.getByRole('list', { name: 'Worked derivation' }).count()).toBe(0)
    await expectNoScore(page, 'attempt page')
    // The answer the student typed is shown back to them.
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, the text as the student sees it
    expect(await page.locator('main').innerText()).toContain(q1Answer)
    await shots(page, 'exam-attempt-hidden')
    await page.close()

    // One browser profile: sign in as the instructor, then back as the student (never both at once).
    const staff = await browser.newPage()
    await signIn(staff, app.baseUrl, INSTRUCTOR.email, PASSWORD)
    await staff.goto(`${app.baseUrl}/instructor/assignments/${examId}`)
    await staff.getByRole('link', { name: /release of results/ }).click()
    await staff.waitForURL(/\/exam$/)
    await expect.poll(() => staff.getByTestId('exam-counts').textContent()).toMatch(/0 sitting now · 1 submitted \(1 at the deadline/)
    expect(await staff.getByTestId('release-state').textContent()).toMatch(/^Not released/)
    await shots(staff, 'exam-before-release')
    await staff.getByRole('button', { name: 'Release results' }).click()
    await expect.poll(() => staff.getByTestId('release-state').textContent(), { timeout: 30_000 }).toMatch(/^Released/)
    await shots(staff, 'exam-release')
    await staff.close()

    const after = await studentPage()
    await after.goto(`${app.baseUrl}/exams/${examId}`)
    // Question 1 right (10 points), question 2 wrong and question 3 empty: 10 of 30.
    await expect.poll(() => after.getByTestId('exam-score').textContent()).toMatch(/^Score: 10 of 30 points$/)
    expect(await after.getByTestId('exam-score-hidden').count()).toBe(0)
    await shots(after, 'exam-released')
    await after.getByRole('link', { name: 'Your answers and the solution' }).first().click()
    await after.waitForURL(/\/attempts\//)
    await expect.poll(() => after.getByRole('list', { name: 'Worked derivation' }).count()).toBe(1)
    expect(await after.getByText('score not released').count()).toBe(0)
    expect(await after.locator('h1 .badge').textContent()).toBe('100%')
    expect(await after.locator('[data-part]').first().textContent()).toMatch(/correct/)
    await expect.poll(() => after.getByRole('list', { name: 'Worked derivation' }).locator('.katex').count()).toBeGreaterThan(0)
    await shots(after, 'exam-released-attempt')
    await after.close()
  }, 300_000)
})
