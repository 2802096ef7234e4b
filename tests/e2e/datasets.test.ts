/**
 * The instructor's own data end to end in Chromium (issue 12, "what it must show", point 3). An instructor, a
 * student and a course of their own (the e2e files share one database and server): the instructor uploads a
 * broken CSV (refused with the row and column named, nothing stored), then the shipped datasets/stackloss.csv;
 * builds an assignment with an OLS question and gives it the Air.Flow → stack.loss columns, 8 rows per student;
 * the student answers from the rows shown, with the slope 1% off (wrong at the default tolerance); the
 * instructor uploads a second version of the dataset (every response ×10), widens the question's tolerance to
 * 2% and regrades: the slope becomes right, recomputed from version 1's rows, and the student's derivation
 * agrees. Every expected number is computed here from the CSV file, not by the app's code.
 * Screenshots, each at 1280 px and 390 px: test-results/datasets-<step>-1280.png and datasets-<step>-390.png.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import Fraction from 'fraction.js'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db'
import { getTemplate } from '@/lib/questions/registry'
import { type App, axeViolations, courseWithInstructorAndStudent, launchBrowser, root, shotsAtTwoWidths, signIn, startApp } from './harness'

const PASSWORD = 'datasets-e2e-password'
const TAG = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
const INSTRUCTOR = { email: `data-teacher-${TAG}@lassolab.test`, name: 'Dana Datakeeper' }
const STUDENT = { email: `data-student-${TAG}@lassolab.test`, name: 'Sam Sampler' }
const TITLE = `Stack loss by hand ${TAG}`
const CSV_PATH = path.join(root, 'datasets/stackloss.csv')
/** The CSV read here with a plain split: [Air.Flow, Water.Temp, Acid.Conc., stack.loss] per row. */
const CSV_ROWS = readFileSync(CSV_PATH, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number))

let app: App
let browser: BrowserContext
let db: Db
let courseId = ''
let itemId = ''

beforeAll(async () => {
  app = await startApp()
  browser = await launchBrowser()
  db = createDb(app.databaseUrl)
  ;({ courseId } = await courseWithInstructorAndStudent(db, { password: PASSWORD, instructor: INSTRUCTOR, student: STUDENT, title: 'Applied regression', joinCode: `DATA-${TAG}`.toUpperCase() }))
})
afterAll(async () => {
  await db?.$disconnect()
  await browser?.close()
  await app?.stop()
})

const shots = (page: Page, name: string) => shotsAtTwoWidths(page, `datasets-${name}`)

async function instructorPage() {
  const page = await browser.newPage()
  await signIn(page, app.baseUrl, INSTRUCTOR.email, PASSWORD)
  return page
}

const datasetRows = async () => ({ datasets: await db.dataset.count({ where: { courseId } }), versions: await db.datasetVersion.count({ where: { dataset: { courseId } } }) })

describe('an instructor’s dataset in a question, graded and regraded, in Chromium', () => {
  /** The (x, y) rows the student was shown, and the answers computed from them here. */
  let shown: { x: number[]; y: number[] } = { x: [], y: [] }
  let slope = new Fraction(0)
  let attemptUrl = ''

  it('the instructor uploads a broken CSV (refused, nothing stored), then the shipped stack loss file', async () => {
    const page = await instructorPage()
    await page.goto(`${app.baseUrl}/instructor/courses/${courseId}`)
    await page.getByRole('link', { name: 'Datasets: your own data for questions' }).click()
    await page.waitForURL(/\/datasets$/)
    const form = page.getByRole('form', { name: 'Upload a dataset' })
    await form.getByLabel('Name').fill('Stack loss')
    await form.getByLabel('CSV file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('Air.Flow,stack.loss\n80,42\n75,\n62,28\n') })
    await form.getByRole('button', { name: 'Upload dataset' }).click()
    await expect.poll(() => form.getByRole('alert').first().textContent(), { timeout: 30_000 }).toMatch(/Row 2, column “stack\.loss”: the value is missing/)
    expect(await datasetRows()).toEqual({ datasets: 0, versions: 0 })
    await shots(page, 'refused')
    expect(await axeViolations(page)).toEqual([])

    await form.getByLabel('Name').fill('Stack loss')
    await form.getByLabel('Source (where the data come from, optional)').fill('Brownlee (1965), public domain')
    await form.getByLabel('CSV file').setInputFiles(CSV_PATH)
    await form.getByRole('button', { name: 'Upload dataset' }).click()
    await page.waitForURL(/\/instructor\/datasets\/[^/?]+\?version=1/, { timeout: 30_000 })
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Stored version 1: 21 rows, 4 columns/)
    expect(await datasetRows()).toEqual({ datasets: 1, versions: 1 })
    // The preview lists the file's rows.
    const preview = await page.getByTestId('dataset-preview').locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).slice(1).map((td) => Number(td.textContent))),
    )
    expect(preview).toEqual(CSV_ROWS)
    await shots(page, 'data-page')
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  }, 300_000)

  it('the instructor builds an assignment and gives its question the Air.Flow and stack.loss columns, 8 rows each', async () => {
    const page = await instructorPage()
    await page.goto(`${app.baseUrl}/instructor/courses/${courseId}/assignments/new`)
    await page.getByLabel('Title', { exact: true }).fill(TITLE)
    await page.getByRole('button', { name: `Add “${getTemplate('ols-1d')!.title}”` }).click()
    await expect.poll(() => page.getByTestId('builder-item-data').textContent()).toMatch(/can use a dataset of your own/)
    await page.getByRole('button', { name: 'Create assignment' }).click()
    await page.waitForURL(/\/instructor\/assignments\/[^/]+$/, { timeout: 30_000 })
    const assignmentId = new URL(page.url()).pathname.split('/').pop()!
    itemId = (await db.assignmentItem.findFirstOrThrow({ where: { assignmentId } })).id
    // The builder names the data of a saved question and links to its choice.
    await page.goto(`${app.baseUrl}/instructor/assignments/${assignmentId}/edit`)
    await expect.poll(() => page.getByTestId('builder-item-data').textContent()).toMatch(/Data: drawn by the template/)
    await page.getByRole('link', { name: 'Choose the data for question 1' }).click()
    await page.waitForURL(/\/data$/)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Data for Q1/)
    const form = page.getByRole('form', { name: 'Use this dataset in question 1' })
    await form.getByRole('group', { name: /Feature column/ }).getByLabel('Air.Flow').check()
    await form.getByRole('group', { name: /Response column/ }).getByLabel('stack.loss').check()
    await form.getByLabel('Rows per student').fill('8')
    await shots(page, 'question-data')
    expect(await axeViolations(page)).toEqual([])
    await form.getByRole('button', { name: 'Use these columns in question 1' }).click()
    await expect.poll(() => form.getByRole('status').textContent(), { timeout: 30_000 }).toMatch(/new variants of this question use “Stack loss”, version 1/)
    const item = await db.assignmentItem.findUniqueOrThrow({ where: { id: itemId }, include: { datasetVersion: true } })
    expect(item.datasetVersion?.version).toBe(1)
    expect(JSON.parse(item.dataColumns!)).toEqual({ features: ['Air.Flow'], y: 'stack.loss', sampleSize: 8 })
    // The assignment page shows the data and the link to change it.
    await page.goto(`${app.baseUrl}/instructor/assignments/${assignmentId}`)
    await expect.poll(() => page.getByRole('link', { name: 'Stack loss, version 1' }).count()).toBe(1)
    await expect.poll(() => page.getByRole('link', { name: 'Data of question 1' }).count()).toBe(1)
    await page.close()
  }, 300_000)

  it('the student answers from 8 rows of the file, with the slope 1% off', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, STUDENT.email, PASSWORD)
    await page.goto(`${app.baseUrl}/items/${itemId}`)
    const table = page.locator('table').first()
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBe(8)
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => Number(td.textContent?.trim()))))
    shown = { x: rows.map((r) => r[1]), y: rows.map((r) => r[2]) }
    // Every shown row is an (Air.Flow, stack.loss) row of the CSV.
    const pairs = CSV_ROWS.map((r) => `${r[0]}|${r[3]}`)
    for (let i = 0; i < 8; i++) expect(pairs).toContain(`${shown.x[i]}|${shown.y[i]}`)
    // OLS by hand, in exact fractions.
    const n = 8
    const xbar = shown.x.reduce((s, v) => s.add(v), new Fraction(0)).div(n)
    const ybar = shown.y.reduce((s, v) => s.add(v), new Fraction(0)).div(n)
    const Sxx = shown.x.reduce((s, v) => s.add(new Fraction(v).sub(xbar).pow(2)), new Fraction(0))
    const Sxy = shown.x.reduce((s, v, i) => s.add(new Fraction(v).sub(xbar).mul(new Fraction(shown.y[i]).sub(ybar))), new Fraction(0))
    slope = Sxy.div(Sxx)
    const b = ybar.sub(slope.mul(xbar))
    const answers = [xbar, ybar, Sxx, Sxy].map((f) => f.toFraction())
    answers.push((slope.valueOf() * 1.01).toPrecision(8), b.toFraction())
    for (const [k, a] of answers.entries()) await page.getByLabel(new RegExp(`^Answer to part ${k + 1}\\b`)).fill(a)
    await shots(page, 'student-question')
    await page.getByRole('button', { name: 'Submit answer' }).click()
    await page.waitForURL(/\/attempts\//, { timeout: 30_000 })
    attemptUrl = page.url()
    const attempt = await db.attempt.findFirstOrThrow({ where: { itemId }, orderBy: { submittedAt: 'desc' } })
    const parts = JSON.parse(attempt.grade) as Record<string, { correct: boolean }>
    expect(Object.entries(parts).map(([k, g]) => [k, g.correct])).toEqual([
      ['xMean', true],
      ['yMean', true],
      ['Sxx', true],
      ['Sxy', true],
      ['m', false],
      ['b', true],
    ])
    await page.close()
  }, 300_000)

  it('after a second version and a wider tolerance, the regrade recomputes from version 1: the slope is right', async () => {
    const page = await instructorPage()
    const dataset = await db.dataset.findFirstOrThrow({ where: { courseId } })
    // Version 2: every stack loss ×10 (a slope 10 times larger): if the regrade read it, the answer would stay wrong.
    await page.goto(`${app.baseUrl}/instructor/datasets/${dataset.id}`)
    const tenfold = readFileSync(CSV_PATH, 'utf8').trim().split('\n').map((line, i) => (i === 0 ? line : line.replace(/,(\d+)$/, (_, v) => `,${Number(v) * 10}`))).join('\n')
    const upload = page.getByRole('form', { name: 'Upload a new version of Stack loss' })
    await upload.getByLabel('CSV file').setInputFiles({ name: 'stackloss-x10.csv', mimeType: 'text/csv', buffer: Buffer.from(tenfold) })
    await upload.getByRole('button', { name: 'Upload new version' }).click()
    await page.waitForURL(/\?version=2/, { timeout: 30_000 })
    expect(await datasetRows()).toEqual({ datasets: 1, versions: 2 })
    await expect.poll(() => page.getByTestId('dataset-versions').textContent()).toMatch(/Version 1.*1 student variant/s)

    await page.goto(`${app.baseUrl}/instructor/items/${itemId}/regrade`)
    const tolerance = page.getByRole('form', { name: 'Answer tolerance' })
    await tolerance.getByLabel('Relative').fill('0.02')
    await tolerance.getByLabel('Absolute').fill('1e-6')
    await tolerance.getByRole('button', { name: 'Save tolerance' }).click()
    await expect.poll(() => page.getByTestId('regrade-changed').textContent(), { timeout: 30_000 }).toBe('1 would change')
    await page.reload()
    await expect.poll(() => page.getByTestId('regrade-changed').textContent()).toBe('1 would change')
    expect(await page.getByTestId('regrade-datasets').textContent()).toMatch(/Stack loss, version 1 \(1 attempt\)/)
    await page.getByLabel(/^Reason/).fill('Two per cent is precise enough for the slope')
    await shots(page, 'regrade')
    expect(await axeViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Apply to 1 attempt' }).click()
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 }).toMatch(/Regrade applied: 1 attempt changed/)
    const attempt = await db.attempt.findFirstOrThrow({ where: { itemId } })
    expect(attempt.rawScore).toBe(1)
    // The regraded slope is judged against the slope of the 8 rows of version 1, computed above from the CSV.
    const submitted = Number((JSON.parse(attempt.answers) as Record<string, number>).m)
    expect(Math.abs(submitted - slope.valueOf()) / Math.abs(slope.valueOf())).toBeGreaterThan(0.005)
    expect(Math.abs(submitted - slope.valueOf()) / Math.abs(slope.valueOf())).toBeLessThan(0.02)
    await page.close()

    // The student's attempt page: full score, the same 8 rows, and the derivation's verdict agrees with the grade.
    const student = await browser.newPage()
    await signIn(student, app.baseUrl, STUDENT.email, PASSWORD)
    await student.goto(attemptUrl)
    const derivation = student.getByRole('list', { name: 'Worked derivation' })
    await expect.poll(() => derivation.count(), { timeout: 30_000 }).toBe(1)
    expect(await student.getByRole('heading', { name: /Attempt 1/ }).textContent()).toMatch(/100%/)
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text as the student reads it
    const text = (await derivation.innerText()).replace(/\s+/g, ' ')
    expect(text).toMatch(/Part 5 \(.{1,20}\): your answer .{1,60}? is correct\./)
    expect(text).not.toMatch(/Part 5 \(.{1,20}\): your answer .{1,60}? is not correct/)
    // The means step shows x̄ of the version 1 rows, as computed here.
    const tex = (await derivation.locator('annotation').allTextContents()).join(' ').replace(/\s/g, '')
    const xbar = shown.x.reduce((s, v) => s.add(v), new Fraction(0)).div(8)
    expect(tex).toContain(xbar.toFraction().includes('/') ? `\\frac{${xbar.n}}{${xbar.d}}` : xbar.toFraction())
    await shots(student, 'attempt-after-regrade')
    await student.close()
  }, 300_000)
})
