/**
 * The instructor flow in Chromium against the production build, as a new user would meet it:
 * the demo instructor creates a course and an assignment of three templates in the builder (with a live sample
 * and a parameter error it must explain), a newly signed-up student joins by code and completes it (with the
 * classic convention slip on λ*), and the instructor reads the gradebook, the statistics and the misconception
 * report with that student's mistake, and downloads the gradebook CSV.
 * Screenshots: test-results/instructor-builder.png, instructor-gradebook.png, instructor-misconceptions.png
 * (and instructor-stats.png, instructor-preview.png, instructor-regrade.png).
 * Then an edit of graded work lists what it changes before saving, and a regrade after widening a tolerance.
 */
import fs from 'node:fs'
import Fraction from 'fraction.js'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db'
import { getTemplate } from '@/lib/questions/registry'
import { materialize } from '@/lib/server/variants'
import { type App, launchBrowser, screenshot, signIn, signUpAndJoin, startApp } from './harness'

const TEMPLATES = ['lasso-1d-lambda-star', 'lasso-1d-slope', 'ridge-1d-slope']
const JOIN_CODE = 'SHRINK-2026'
const STUDENT = { name: 'Noor Newcomer', email: 'noor@example.test', password: 'a-long-password' }

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

/** λ* from the dataset and the loss shown on the page, with exact fractions; and the other convention's value. */
async function lambdaStarFromPage(page: Page) {
  const rows = await page.locator('#dataset tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => Number(td.textContent?.trim()))),
  )
  const x = rows.map((r) => r[1])
  const y = rows.map((r) => r[2])
  const tex = (await page.locator('annotation[encoding="application/x-tex"]').allTextContents()).join(' ')
  const twoLambda = /2\s*\\lambda\s*\|m\|/.test(tex)
  const xbar = x.reduce((s, v) => s.add(v), new Fraction(0)).div(x.length)
  const ybar = y.reduce((s, v) => s.add(v), new Fraction(0)).div(y.length)
  const Sxy = x.reduce((s, xi, i) => s.add(new Fraction(xi).sub(xbar).mul(new Fraction(y[i]).sub(ybar))), new Fraction(0))
  return { right: Sxy.abs().mul(twoLambda ? 1 : 2).toFraction(), otherConvention: Sxy.abs().mul(twoLambda ? 2 : 1).toFraction() }
}

async function submitAnswers(page: Page, answers: string[]) {
  for (const [i, a] of answers.entries()) await page.getByLabel(`Answer to part ${i + 1}`).fill(a)
  await page.getByRole('button', { name: 'Submit answer' }).click()
  await page.waitForURL(/\/attempts\//, { timeout: 30_000 })
}

describe('instructor flow in Chromium', () => {
  let assignmentId = ''

  it('the demo instructor creates a course and an assignment of three templates in the builder', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'instructor@lassolab.test')
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instructor' }).click()
    await page.waitForURL(/\/instructor$/)
    await page.getByLabel('Title').fill('Shrinkage seminar')
    await page.getByLabel('Join code (optional)').fill(JOIN_CODE)
    await page.getByRole('button', { name: 'Create course' }).click()
    await page.waitForURL(/\/instructor\/courses\//)
    await expect.poll(() => page.getByTestId('join-code').textContent()).toBe(JOIN_CODE)

    await page.getByRole('link', { name: 'New assignment' }).click()
    await page.waitForURL(/\/assignments\/new$/)
    // Every catalog entry has a description and a sample variant beside it.
    await expect.poll(() => page.getByTestId('catalog-lasso-1d-lambda-star').locator('.katex').count()).toBeGreaterThan(0)
    await page.getByLabel('Title', { exact: true }).fill('Week 3: shrinkage by hand')
    for (const id of TEMPLATES) await page.getByRole('button', { name: `Add “${getTemplate(id)!.title}”` }).click()
    await expect.poll(() => page.getByTestId('builder-item').count()).toBe(3)
    await page.getByLabel('Maximum attempts per question').fill('3')
    await page.getByLabel('Penalty per retry (% of the score, per attempt after the first)').fill('10')

    // A parameter the template's schema refuses: a clear message at the field, nothing saved.
    const first = page.getByTestId('builder-item').first()
    await first.locator('summary', { hasText: 'Parameters' }).click()
    await first.getByLabel('Fewest data points').fill('99')
    await page.getByRole('button', { name: 'Create assignment' }).click()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Question 1, Fewest data points: At most/)
    await expect.poll(() => first.locator('.field-error').count()).toBeGreaterThan(0)
    expect(page.url()).toMatch(/\/assignments\/new$/)
    await first.getByLabel('Fewest data points').fill('5')

    // The live sample with these parameters, stepped to the next seed.
    await first.getByRole('button', { name: 'Sample with these parameters' }).click()
    await expect.poll(() => first.locator('.sample .katex').count()).toBeGreaterThan(0)
    await first.getByRole('button', { name: 'Next sample' }).click()
    await expect.poll(() => first.getByText('sample 2').count()).toBe(1)
    await screenshot(page, 'instructor-builder')

    await page.getByRole('button', { name: 'Create assignment' }).click()
    await page.waitForURL(/\/instructor\/assignments\/[^/]+$/, { timeout: 30_000 })
    assignmentId = new URL(page.url()).pathname.split('/').pop()!
    const items = await db.assignmentItem.findMany({ where: { assignmentId }, orderBy: { position: 'asc' } })
    expect(items.map((i) => i.templateId)).toEqual(TEMPLATES)
    expect((await db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).retryPenalty).toBeCloseTo(0.1, 12)

    // Preview as a student would see it, stepping through seeds.
    await page.getByRole('navigation', { name: 'Assignment' }).getByRole('link', { name: 'Preview' }).click()
    await page.waitForURL(/\/preview/)
    // The dataset (statement and table) differs from seed to seed.
    const studentView = page.locator('section[aria-labelledby="sv-h"]')
    const view1 = await studentView.textContent()
    await page.getByRole('link', { name: 'Next seed' }).click()
    await page.waitForURL(/seed=2/)
    await expect.poll(() => studentView.textContent()).not.toBe(view1)
    expect(await page.getByLabel('Seed', { exact: true }).inputValue()).toBe('2')
    await screenshot(page, 'instructor-preview')
    await page.close()
  })

  it('a new student signs up, joins by code and completes the assignment, slipping on the convention once', async () => {
    const page = await browser.newPage()
    await signUpAndJoin(page, app.baseUrl, STUDENT, JOIN_CODE.toLowerCase())
    await page.getByRole('link', { name: 'Week 3: shrinkage by hand' }).click()
    await page.waitForURL(/\/assignments\//)
    const itemLinks = await page.locator('a[href^="/items/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))
    expect(itemLinks).toHaveLength(3)

    // Q1, λ*: the other convention first (a named mistake), then right.
    await page.goto(`${app.baseUrl}${itemLinks[0]}`)
    const q1 = await lambdaStarFromPage(page)
    await submitAnswers(page, [q1.otherConvention])
    await expect.poll(() => page.locator('[data-diagnosis]').textContent()).toMatch(/other penalty convention/)
    await page.goto(`${app.baseUrl}${itemLinks[0]}`)
    await submitAnswers(page, [q1.right])
    await expect.poll(() => page.locator('h1 .badge').textContent()).toMatch(/90%/)

    // Q2 and Q3: answered right, from the student's own stored variant.
    for (const href of itemLinks.slice(1)) {
      await page.goto(`${app.baseUrl}${href}`)
      const variantId = await page.locator('input[name="variantId"]').inputValue()
      const { template, data } = materialize(await db.variant.findUniqueOrThrow({ where: { id: variantId } }))
      const solved = template.solve(data)
      await submitAnswers(page, template.parts(data).map((p) => String(solved[p.id])))
      await expect.poll(() => page.locator('h1 .badge').textContent()).toMatch(/100%/)
    }
    await page.close()
  })

  it('the instructor sees the gradebook, the statistics and the misconception report, and downloads the CSV', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'instructor@lassolab.test')
    await page.goto(`${app.baseUrl}/dashboard`)
    await page.getByRole('heading', { name: /Shrinkage seminar/ }).getByRole('link', { name: 'Teach' }).click()
    await page.waitForURL(/\/instructor\/courses\//)
    await expect.poll(() => page.getByRole('cell', { name: STUDENT.email }).count()).toBe(1)
    await page.getByRole('link', { name: 'gradebook', exact: true }).click()
    await page.waitForURL(/\/gradebook$/)

    const row = page.getByTestId('gradebook').getByRole('row').filter({ hasText: STUDENT.email })
    await expect.poll(() => row.count()).toBe(1)
    const cells = await row.locator('td').allTextContents()
    // Q1 earned 90% of 10 points (one retry at 10%), Q2 and Q3 full: 29 of 30.
    expect(await row.getByTestId('cell-points').allTextContents()).toEqual(['9', '10', '10'])
    expect(cells[3]).toBe('29')
    expect(cells[4]).toBe('97%')
    await screenshot(page, 'instructor-gradebook')

    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: 'Download gradebook CSV' }).click()
    const file = await (await download).path()
    const csv = fs.readFileSync(file, 'utf8')
    const lines = csv.trim().split('\n')
    expect(lines[0]).toMatch(/^Student,Email,Q1 /)
    expect(lines.find((l) => l.includes(STUDENT.email))).toMatch(new RegExp(`^${STUDENT.name},${STUDENT.email},9,10,10,29,30,96\\.67,`))

    await page.getByRole('link', { name: 'Statistics' }).click()
    await page.waitForURL(/\/stats$/)
    const q1 = page.getByTestId('item-stats').getByRole('row').filter({ hasText: 'Q1.' })
    // One student: solved on attempt 2, so 0% right on the first attempt.
    expect(await q1.locator('td').allTextContents()).toEqual(['1 / 1', '90%', '100%', '0%', '2.0', '2'])
    await expect.poll(() => page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(2)
    await screenshot(page, 'instructor-stats')

    await page.getByRole('link', { name: 'Misconceptions' }).click()
    await page.waitForURL(/\/misconceptions$/)
    const mistakeRow = page.getByTestId('misconception-item').first().locator('tr[data-mistake="other-convention"]')
    expect((await mistakeRow.locator('td').allTextContents()).slice(1, 3)).toEqual(['1', '1'])
    await expect.poll(() => mistakeRow.getByRole('link', { name: `${STUDENT.name} (attempt 1)` }).count()).toBe(1)
    await expect.poll(() => page.getByTestId('misconception-item').first().locator('svg[role="img"]').count()).toBe(1)
    await screenshot(page, 'instructor-misconceptions')

    // The example link opens the student's attempt with the diagnosis.
    await mistakeRow.getByRole('link', { name: `${STUDENT.name} (attempt 1)` }).click()
    await page.waitForURL(/\/attempts\//)
    await expect.poll(() => page.locator('[data-diagnosis]').textContent()).toMatch(/other penalty convention/)
    await page.close()
  })

  it('an edit of graded work says what it changes before saving; a regrade shows its diff, then applies it', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'instructor@lassolab.test')
    await page.goto(`${app.baseUrl}/instructor/assignments/${assignmentId}`)
    await page.getByRole('link', { name: 'Edit assignment' }).click()
    await page.waitForURL(/\/edit$/)
    await page.getByTestId('builder-item').first().getByLabel('Points', { exact: true }).fill('20')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.poll(() => page.getByTestId('edit-changes').textContent()).toMatch(/worth 20 instead of 10 points/)
    expect(page.url()).toMatch(/\/edit$/)
    await page.getByRole('button', { name: 'Save these changes' }).click()
    await page.waitForURL(/\/instructor\/assignments\/[^/]+$/)
    expect((await db.assignmentItem.findFirstOrThrow({ where: { assignmentId, position: 1 } })).points).toBe(20)

    // Widen Q1's tolerance to 100%: the other-convention answer (2× or ½× of λ*) now counts as right.
    await page.getByRole('link', { name: 'tolerance & regrade' }).first().click()
    await page.waitForURL(/\/regrade$/)
    await expect.poll(() => page.getByTestId('regrade-changed').textContent()).toBe('0 would change')
    await page.getByLabel('Relative').fill('1')
    await page.getByLabel('Absolute').fill('0.000001')
    await page.getByRole('button', { name: 'Save tolerance' }).click()
    await expect.poll(() => page.getByTestId('regrade-changed').textContent()).toBe('1 would change')
    const diff = page.getByTestId('regrade-diff').getByRole('row').filter({ hasText: STUDENT.email })
    expect((await diff.locator('td').allTextContents()).slice(1, 4)).toEqual(['1', '0%', '100%'])
    await screenshot(page, 'instructor-regrade')
    await page.getByLabel(/^Reason/).fill('Any convention accepted this week')
    await page.getByRole('button', { name: 'Apply to 1 attempt' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Regrade applied' }).textContent()).toMatch(/Regrade applied: 1 attempt changed/)
    const audit = await db.gradeChange.findMany({ where: { attempt: { itemId: (await db.assignmentItem.findFirstOrThrow({ where: { assignmentId, position: 1 } })).id } } })
    expect(audit).toEqual([expect.objectContaining({ kind: 'REGRADE', fromScore: 0, toScore: 1, reason: 'Any convention accepted this week' })])
    await page.close()
  })
})
