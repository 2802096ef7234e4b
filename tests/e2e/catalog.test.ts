/**
 * The question catalog (issue 4) in Chromium against the production build:
 * - ols-1d: a wrong S_xx early on, and the slope and intercept built on it get carried-forward credit;
 * - every template in the registry: a student answers, and the result page shows the worked derivation with
 *   its pictures (saved as test-results/derivation-<templateId>.png), KaTeX rendered, nothing wider than a phone;
 * - a question page and a result page on a 390×844 phone viewport.
 * Expected values are computed here from the page's own dataset with exact fractions, never by the solver.
 */
import path from 'node:path'
import Fraction from 'fraction.js'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db'
import { getTemplate, listTemplates } from '@/lib/questions/registry'
import type { Step, Submission } from '@/lib/questions/types'
import { materialize } from '@/lib/server/variants'
import { type App, horizontalOverflow, launchBrowser, resultsDir, screenshot, signIn, startApp } from './harness'

const DEMO_JOIN_CODE = 'REG-101'
const PHONE = { width: 390, height: 844 }

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

/** An open assignment in the demo course, one attempt per item on one dataset, derivation after the attempt. */
async function createAssignment(title: string, templateIds: string[]) {
  const course = await db.course.findUniqueOrThrow({ where: { joinCode: DEMO_JOIN_CODE } })
  const now = Date.now()
  return db.assignment.create({
    data: {
      courseId: course.id,
      title,
      opensAt: new Date(now - 3600_000),
      dueAt: new Date(now + 7 * 24 * 3600_000),
      maxAttempts: 1,
      variantPolicy: 'SAME',
      derivationPolicy: 'AFTER_ATTEMPT',
      items: { create: templateIds.map((templateId, i) => ({ templateId, params: '{}', points: 10, position: i + 1 })) },
    },
    include: { items: { orderBy: { position: 'asc' } } },
  })
}

async function openItem(page: Page, itemId: string) {
  await page.goto(`${app.baseUrl}/items/${itemId}`)
  await expect.poll(() => page.getByRole('button', { name: 'Submit answer' }).count(), { timeout: 30_000 }).toBe(1)
}

/** Submits and waits for the result page; a refused submission fails with the page's messages. */
async function submit(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Submit answer' }).click()
  try {
    await page.waitForURL(/\/attempts\//, { timeout: 60_000 })
  } catch {
    const messages = await page.locator('.alert.error, .field-error').allTextContents()
    throw new Error(`the submission was not accepted: ${messages.join(' | ') || '(no message on the page)'}`)
  }
  return new URL(page.url()).pathname.split('/').pop() as string
}

/** The steps the server's template derives for this attempt (to know how many steps and figures to expect). */
async function derivationOf(attemptId: string): Promise<Step[]> {
  const attempt = await db.attempt.findUniqueOrThrow({ where: { id: attemptId }, include: { variant: true } })
  const { template, data } = materialize(attempt.variant)
  return template.derive(data, JSON.parse(attempt.answers) as Submission)
}

/** Reads the (i, x_i, y_i) dataset table off the question page. */
async function readDataset(page: Page) {
  const rows = await page.locator('#dataset tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')),
  )
  expect(rows.length).toBeGreaterThanOrEqual(3)
  for (const r of rows) expect(r.slice(1, 3).every((c) => /^-?\d+(\.\d+)?$/.test(c)), `dataset row ${r.join(', ')}`).toBe(true)
  return { x: rows.map((r) => new Fraction(r[1])), y: rows.map((r) => new Fraction(r[2])) }
}

/** OLS on one feature by hand, exactly: means, centered sums, the uncentered Σx², slope and intercept. */
function olsByHand(x: Fraction[], y: Fraction[]) {
  const n = x.length
  const sum = (a: Fraction[]) => a.reduce((s, v) => s.add(v), new Fraction(0))
  const xbar = sum(x).div(n)
  const ybar = sum(y).div(n)
  const Sxx = sum(x.map((xi) => xi.sub(xbar).mul(xi.sub(xbar))))
  const Sxy = sum(x.map((xi, i) => xi.sub(xbar).mul(y[i].sub(ybar))))
  const sumX2 = sum(x.map((xi) => xi.mul(xi)))
  const m = Sxy.div(Sxx)
  return { xbar, ybar, Sxx, Sxy, sumX2, m, b: ybar.sub(m.mul(xbar)) }
}

/** The badge of one part on the result page. */
const badge = (page: Page, partId: string) => page.locator(`[data-part="${partId}"] .badge`).first().textContent()

/** Text of a region outside KaTeX output: leftover `$` or TeX commands there mean math that was not rendered. */
async function unrenderedMath(page: Page, selector: string) {
  return page.locator(selector).evaluateAll((els) =>
    els.flatMap((el) => {
      const clone = el.cloneNode(true) as HTMLElement
      for (const k of Array.from(clone.querySelectorAll('.katex, svg'))) k.remove()
      const text = clone.textContent ?? ''
      return Array.from(text.matchAll(/\$|\\[a-zA-Z]+|\^\{|_\{/g)).map((m) => text.slice(Math.max(0, m.index - 30), m.index + 30))
    }),
  )
}

describe('question catalog in Chromium', () => {
  it('ols-1d: a wrong S_xx costs only that part; the slope and intercept built on it get carried-forward credit', { timeout: 240_000 }, async () => {
    expect(getTemplate('ols-1d'), 'ols-1d must be in lib/questions/registry.ts').toBeDefined()
    const assignment = await createAssignment('OLS step by step (e2e)', ['ols-1d'])
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'student1@lassolab.test')
    await openItem(page, assignment.items[0].id)

    const { x, y } = await readDataset(page)
    const hand = olsByHand(x, y)
    // The slip: Σx² instead of the centered S_xx; then S_xy right, and m, b computed consistently from the slip.
    expect(hand.sumX2.equals(hand.Sxx), 'this dataset cannot show the slip (x̄ = 0)').toBe(false)
    const mine = { m: hand.Sxy.div(hand.sumX2) }
    const myB = hand.ybar.sub(mine.m.mul(hand.xbar))
    expect(mine.m.equals(hand.m)).toBe(false)

    await page.locator('#part-xMean').fill(hand.xbar.toFraction())
    await page.locator('#part-yMean').fill(hand.ybar.toFraction())
    await page.locator('#part-Sxx').fill(hand.sumX2.toFraction())
    await page.locator('#part-Sxy').fill(hand.Sxy.toFraction())
    await page.locator('#part-m').fill(mine.m.toFraction())
    await page.locator('#part-b').fill(myB.toFraction())
    // The previews come from the server (GET /api/answers/preview), one per field.
    await expect.poll(() => page.locator('.interpreted').filter({ hasText: 'Interpreted as' }).count(), { timeout: 15_000 }).toBe(6)
    const attemptId = await submit(page)

    expect(await badge(page, 'xMean')).toBe('correct')
    expect(await badge(page, 'yMean')).toBe('correct')
    expect(await badge(page, 'Sxx')).toBe('incorrect')
    expect(await page.locator('[data-part="Sxx"] [data-diagnosis]').textContent()).toMatch(/center/i)
    // The diagnosis, the feedback and the derivation are rendered math, not raw TeX.
    expect(await page.locator('.katex-error').count()).toBe(0)
    expect(await unrenderedMath(page, 'main')).toEqual([])
    expect(await badge(page, 'Sxy')).toBe('correct')
    expect(await badge(page, 'm')).toBe('correct (carried forward)')
    expect(await badge(page, 'b')).toBe('correct (carried forward)')
    // Partial: exactly the S_xx part's points are lost.
    const attempt = await db.attempt.findUniqueOrThrow({ where: { id: attemptId }, include: { variant: true } })
    const { template, data } = materialize(attempt.variant)
    const parts = template.parts(data)
    const total = parts.reduce((s, p) => s + p.points, 0)
    const lost = parts.find((p) => p.id === 'Sxx')?.points ?? Number.NaN
    const pct = Math.round((100 * (total - lost)) / total)
    const heading = await page.getByRole('heading', { name: /Attempt 1/ }).textContent()
    expect(heading).toContain(`${pct}%`)
    expect(pct).toBeGreaterThan(0)
    expect(pct).toBeLessThan(100)

    // One attempt used: the derivation is shown, with the true S_xx and slope, and the student's own line drawn.
    const derivation = page.getByRole('list', { name: 'Worked derivation' })
    const tex = (await derivation.locator('annotation').allTextContents()).join(' ').replace(/\s/g, '')
    const texOf = (f: Fraction) => (Number(f.d) === 1 ? f.toFraction() : `${f.s < 0 ? '-' : ''}\\frac{${f.n}}{${f.d}}`)
    expect(tex).toContain(texOf(hand.Sxx))
    expect(tex).toContain(texOf(hand.m))
    await expect.poll(() => derivation.locator('svg[role="img"]').count()).toBeGreaterThan(0)
    expect(await derivation.locator('svg[role="img"]').first().isVisible()).toBe(true)
    expect(await derivation.textContent()).toMatch(/your line/i)
    await screenshot(page, 'catalog-ols-1d-carried-forward')
    await page.close()
  })

  describe('every template: the derivation after an attempt, with its pictures', () => {
    const templates = listTemplates()
    const items = new Map<string, string>()
    beforeAll(async () => {
      const a = await createAssignment('Catalog tour (e2e)', templates.map((t) => t.id))
      for (const item of a.items) items.set(item.templateId, item.id)
      const page = await browser.newPage()
      await signIn(page, app.baseUrl, 'student2@lassolab.test')
      await page.close()
    })

    it('has templates in the registry', () => {
      expect(templates.length).toBeGreaterThan(0)
    })

    for (const t of templates) {
      it(`${t.id}: answers any readable value and reads the derivation`, { timeout: 180_000 }, async () => {
        const page = await browser.newPage()
        await openItem(page, items.get(t.id) as string)
        const form = page.getByRole('form', { name: 'Your answers' })
        // Any readable answer: '1' for numbers, the first option for choices, labels in order for orderings.
        for (const input of await form.locator('input[type="text"]').all()) await input.fill('1')
        for (const fieldset of await form.locator('fieldset').all()) {
          const radios = fieldset.locator('input[type="radio"]')
          if ((await radios.count()) > 0) await radios.first().check()
          const boxes = fieldset.locator('input[type="checkbox"]')
          if ((await boxes.count()) > 0) await boxes.first().check()
          const selects = await fieldset.locator('select').all()
          for (const [i, select] of selects.entries()) await select.selectOption({ index: i + 1 })
        }
        expect(await unrenderedMath(page, 'main')).toEqual([])
        const attemptId = await submit(page)

        const steps = await derivationOf(attemptId)
        const derivation = page.getByRole('list', { name: 'Worked derivation' })
        await expect.poll(() => derivation.count(), { timeout: 30_000 }).toBe(1)
        // Saved first, so that a failing check below still leaves the picture to look at.
        await screenshot(page, `derivation-${t.id}`)
        for (const [k, svg] of (await derivation.locator('figure svg').all()).entries()) {
          await svg.screenshot({ path: path.join(resultsDir, `derivation-${t.id}-figure-${k + 1}.png`) })
        }
        expect(steps.length).toBeGreaterThan(0)
        expect(await derivation.locator(':scope > li').count()).toBe(steps.length)
        const figures = steps.filter((s) => s.figure).length
        const svgs = derivation.locator('figure svg[role="img"]')
        expect(await svgs.count()).toBe(figures)
        for (const svg of await svgs.all()) {
          expect(await svg.isVisible()).toBe(true)
          const box = await svg.boundingBox()
          expect(box && box.width > 200 && box.height > 100, `figure size ${JSON.stringify(box)}`).toBe(true)
        }
        // KaTeX rendered everywhere: no error spans, no raw TeX left in the text.
        expect(await page.locator('.katex-error').count()).toBe(0)
        expect(await unrenderedMath(page, 'main')).toEqual([])

        // On a phone the page does not scroll sideways (wide tables and formulas scroll in their own boxes).
        // As a phone loads it: at its own width from the start.
        await page.setViewportSize(PHONE)
        await page.reload()
        await expect.poll(() => derivation.count(), { timeout: 30_000 }).toBe(1)
        const overflow = await horizontalOverflow(page)
        expect(overflow.culprits, `wider than ${PHONE.width}px: ${overflow.culprits.join('; ')}`).toEqual([])
        expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.width)
        await page.close()
      })
    }
  })

  it('works on a phone: the ols-1d question page and its result page at 390×844', { timeout: 240_000 }, async () => {
    expect(getTemplate('ols-1d'), 'ols-1d must be in lib/questions/registry.ts').toBeDefined()
    const assignment = await createAssignment('OLS on a phone (e2e)', ['ols-1d'])
    const page = await browser.newPage()
    await page.setViewportSize(PHONE)
    await signIn(page, app.baseUrl, 'student3@lassolab.test')
    await openItem(page, assignment.items[0].id)
    const { x, y } = await readDataset(page)
    const hand = olsByHand(x, y)
    let overflow = await horizontalOverflow(page)
    expect(overflow.culprits, overflow.culprits.join('; ')).toEqual([])
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.width)
    for (const [id, v] of Object.entries({ xMean: hand.xbar, yMean: hand.ybar, Sxx: hand.Sxx, Sxy: hand.Sxy, m: hand.m, b: hand.b })) {
      await page.locator(`#part-${id}`).fill(v.toFraction())
    }
    await screenshot(page, 'phone-question')
    await submit(page)
    expect(await page.getByRole('heading', { name: /Attempt 1/ }).textContent()).toContain('100%')
    await expect.poll(() => page.getByRole('list', { name: 'Worked derivation' }).locator('svg[role="img"]').count()).toBeGreaterThan(0)
    overflow = await horizontalOverflow(page)
    expect(overflow.culprits, overflow.culprits.join('; ')).toEqual([])
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.width)
    expect(await unrenderedMath(page, 'main')).toEqual([])
    await screenshot(page, 'phone-result')
    await page.close()
  })
})
