/**
 * The public catalog and ungraded practice in Chromium against the production build:
 * - a visitor opens /catalog and sees every template of the registry with a sample, and no answers;
 * - a signed-in student practices lasso-1d-lambda-star: a malformed answer gets a message, the other
 *   convention's value is named as a mistake, the right value (computed here from the page's own dataset with
 *   exact fractions) scores 100%, the derivation is shown, and "Another variant" brings a new dataset;
 * - bad seeds and unknown templates get a clear page; nothing fits wider than a phone.
 */
import Fraction from 'fraction.js'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db'
import { listTemplates } from '@/lib/questions/registry'
import { type App, horizontalOverflow, launchBrowser, screenshot, signIn, startApp } from './harness'

const PHONE = { width: 390, height: 844 }
const TEMPLATE = 'lasso-1d-lambda-star'

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

async function expectFitsPhone(page: Page) {
  await page.setViewportSize(PHONE)
  const o = await horizontalOverflow(page)
  expect(o.culprits, `wider than ${PHONE.width}px: ${o.culprits.join('; ')}`).toEqual([])
  expect(o.scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(o.width)
}

/** The dataset table as text rows. */
async function datasetRows(page: Page): Promise<string[][]> {
  return page.locator('#dataset tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')))
}

/** Reads the dataset and the stated loss off the page and computes λ* by hand (centered sums, exact fractions). */
async function lambdaStarFromPage(page: Page) {
  const rows = await datasetRows(page)
  expect(rows.length).toBeGreaterThanOrEqual(3)
  const x = rows.map((r) => new Fraction(r[1]))
  const y = rows.map((r) => new Fraction(r[2]))
  const tex = (await page.locator('#q-heading ~ * annotation[encoding="application/x-tex"]').allTextContents()).join(' ')
  const twoLambda = /2\s*\\lambda\s*\|m\|/.test(tex)
  const n = x.length
  const sum = (a: Fraction[]) => a.reduce((s, v) => s.add(v), new Fraction(0))
  const xbar = sum(x).div(n)
  const ybar = sum(y).div(n)
  const Sxy = sum(x.map((xi, i) => xi.sub(xbar).mul(y[i].sub(ybar))))
  return { rows, right: Sxy.abs().mul(twoLambda ? 1 : 2), otherConvention: Sxy.abs().mul(twoLambda ? 2 : 1) }
}

const check = (page: Page) => page.getByRole('button', { name: 'Check answer' }).click()

describe('catalog and practice in Chromium', () => {
  it('shows a visitor every template of the registry, with a sample and a practice link, and no answers', { timeout: 180_000 }, async () => {
    const page = await browser.newPage()
    const res = await page.goto(`${app.baseUrl}/catalog`)
    expect(res?.status()).toBe(200)
    expect(new URL(page.url()).pathname).toBe('/catalog')
    expect(await page.getByRole('heading', { level: 1, name: 'Question catalog' }).count()).toBe(1)
    const templates = listTemplates()
    expect(templates.length).toBeGreaterThan(0)
    for (const t of templates) {
      expect(await page.getByRole('heading', { level: 3, name: t.title, exact: true }).count(), t.title).toBe(1)
      const card = page.locator(`article[data-template="${t.id}"]`)
      expect(await card.getByRole('link', { name: 'Practice this' }).getAttribute('href')).toBe(`/practice/${t.id}`)
      expect(await card.getByRole('heading', { name: 'Sample question' }).count()).toBe(1)
    }
    // Samples, but no inputs, no derivation, no rendering errors.
    expect(await page.locator('main input, main form').count()).toBe(0)
    expect(await page.getByRole('list', { name: 'Worked derivation' }).count()).toBe(0)
    expect(await page.locator('.katex-error').count()).toBe(0)
    expect(await page.locator('main table').count()).toBeGreaterThan(0)
    // The topics' nav jumps to each topic's heading.
    const topicLinks = page.getByRole('navigation', { name: 'Topics' }).getByRole('link')
    expect(await topicLinks.count()).toBeGreaterThan(0)
    for (const href of await topicLinks.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      expect(await page.locator(`h2${href}`).count(), `${href}`).toBe(1)
    }
    // Stable: the same samples on every visit.
    const first = await page.locator('main').innerHTML()
    await page.reload()
    expect(await page.locator('main').innerHTML()).toBe(first)
    await screenshot(page, 'catalog')
    await expectFitsPhone(page)
    await screenshot(page, 'catalog-phone')

    // Practice needs a session: a visitor following "Practice this" is sent to sign in.
    await page.setViewportSize({ width: 1100, height: 900 })
    await page.locator(`article[data-template="${TEMPLATE}"]`).getByRole('link', { name: 'Practice this' }).click()
    await page.waitForURL((u) => u.pathname === '/signin')
    await page.close()
  })

  it('lets a student practice: malformed, a named mistake, the right answer, the derivation, another variant', { timeout: 240_000 }, async () => {
    const attemptsBefore = await db.attempt.count()
    const variantsBefore = await db.variant.count()
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'student1@lassolab.test')
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Practice' }).click()
    await page.waitForURL((u) => u.pathname === '/practice')
    const title = listTemplates().find((t) => t.id === TEMPLATE)?.title as string
    await page.getByRole('link', { name: title }).click()
    // No seed in the address: a fresh random one is chosen.
    await page.waitForURL((u) => u.pathname === `/practice/${TEMPLATE}` && /^[0-9a-f]{32}$/.test(u.searchParams.get('seed') ?? ''), { timeout: 30_000 })
    const firstSeed = new URL(page.url()).searchParams.get('seed')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title)
    const { rows, right, otherConvention } = await lambdaStarFromPage(page)

    // The answer is not in the page before checking.
    expect(await page.getByRole('list', { name: 'Worked derivation' }).count()).toBe(0)

    const box = page.getByLabel('Answer to part 1')
    // Unreadable: a message for the part, no result.
    await box.fill('2 +')
    await check(page)
    await expect.poll(() => page.locator('.field-error[role="alert"]').count(), { timeout: 30_000 }).toBe(1)
    expect(await page.locator('.alert.error[role="alert"]').textContent()).toMatch(/could not be read/)
    expect(await page.locator('[data-practice-result]').count()).toBe(0)

    // The other convention's threshold: named as a mistake, 0%, with the derivation.
    await box.fill(otherConvention.toFraction())
    await expect.poll(() => page.locator('.interpreted').textContent(), { timeout: 15_000 }).toMatch(/Interpreted as/)
    await check(page)
    const result = page.locator('[data-practice-result]')
    await expect.poll(() => result.count(), { timeout: 30_000 }).toBe(1)
    expect(await page.getByRole('heading', { name: /^Result/ }).textContent()).toContain('0%')
    expect(await result.locator('[data-part="lambdaStar"] .badge').textContent()).toBe('incorrect')
    expect(await result.locator('[data-diagnosis]').textContent()).toMatch(/Diagnosed mistake:.*convention/i)
    const derivation = page.getByRole('list', { name: 'Worked derivation' })
    await expect.poll(() => derivation.count()).toBe(1)
    expect(await derivation.locator(':scope > li').count()).toBeGreaterThan(3)
    expect(await page.locator('.katex-error').count()).toBe(0)
    // Keyboard and screen-reader users are taken to the result.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result-heading')
    await screenshot(page, 'practice')

    // The right value, computed here: 100%, correct, and the derivation shows it.
    await box.fill(right.toFraction())
    await check(page)
    await expect.poll(() => page.getByRole('heading', { name: /^Result/ }).textContent(), { timeout: 30_000 }).toContain('100%')
    expect(await result.locator('[data-part="lambdaStar"] .badge').textContent()).toBe('correct')
    expect(await result.locator('[data-diagnosis]').count()).toBe(0)
    const tex = (await derivation.locator('annotation').allTextContents()).join(' ').replace(/\s/g, '')
    const texOf = (f: Fraction) => (Number(f.d) === 1 ? f.toFraction() : `\\frac{${f.n}}{${f.d}}`)
    expect(tex).toContain(texOf(right))
    await screenshot(page, 'practice-right')
    await expectFitsPhone(page)
    await screenshot(page, 'practice-phone')
    await page.setViewportSize({ width: 1100, height: 900 })

    // Another variant: a new seed, a new dataset, and a clean form.
    await page.getByRole('link', { name: 'Another variant' }).click()
    await page.waitForURL((u) => (u.searchParams.get('seed') ?? firstSeed) !== firstSeed, { timeout: 30_000 })
    await expect.poll(() => datasetRows(page).then((r) => JSON.stringify(r)), { timeout: 30_000 }).not.toBe(JSON.stringify(rows))
    expect(await page.locator('[data-practice-result]').count()).toBe(0)
    expect(await page.getByLabel('Answer to part 1').inputValue()).toBe('')

    // The same seed gives the same dataset: the address is a way back to a variant.
    await page.goto(`${app.baseUrl}/practice/${TEMPLATE}?seed=${firstSeed}`)
    expect(await datasetRows(page)).toEqual(rows)

    // Practice is not stored.
    expect(await db.attempt.count()).toBe(attemptsBefore)
    expect(await db.variant.count()).toBe(variantsBefore)
    await page.close()
  })

  it('explains a bad seed and answers 404 for an unknown template', { timeout: 120_000 }, async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'student1@lassolab.test')
    for (const seed of ['not-hex!', 'abc', 'f'.repeat(65)]) {
      const res = await page.goto(`${app.baseUrl}/practice/${TEMPLATE}?seed=${encodeURIComponent(seed)}`)
      expect(res?.status(), seed).toBeLessThan(500)
      expect(await page.locator('main .alert.error[role="alert"]').textContent()).toMatch(/8 to 64 hexadecimal digits/)
      expect(await page.getByRole('link', { name: 'Practice a new variant' }).count()).toBe(1)
    }
    const res = await page.goto(`${app.baseUrl}/practice/no-such-template`)
    expect(res?.status()).toBe(404)
    await page.close()
  })
})
