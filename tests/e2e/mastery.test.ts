/**
 * Mastery in Chromium against the production build (the e2e run's shared server and database). The student is
 * an account of its own, made by this test (signs up and joins the demo course by its join code), so what other
 * files do with the demo students does not matter. The student makes the convention mistake on the demo
 * assignment; "My skills" shows penalty conventions at "Practising" with the mistake open; "Practise what I got
 * wrong" brings a practice variant where the two conventions give different answers (read off the page and
 * computed here with exact fractions); two right answers (each followed by the worked contrast with that
 * variant's numbers) close the mistake and move the skill up; the instructor sees it in the class grid.
 * Screenshots at 1280 and 390 px in test-results/mastery-*.png.
 */
import Fraction from 'fraction.js'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, launchBrowser, screenshot, signIn, signUpAndJoin, startApp } from './harness'

const JOIN_CODE = 'REG-101'
/** A student of this test only (unique per run: the database is shared and may be reused). */
const STUDENT = { name: 'Mia Mastery', email: `mastery-${Date.now().toString(36)}@lassolab.test`, password: 'mastery-e2e-pass' }
const DESKTOP = { width: 1280, height: 900 }
const PHONE = { width: 390, height: 844 }

let app: App
let browser: BrowserContext
beforeAll(async () => {
  app = await startApp()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

/** λ* in the stated convention and in the other one, from the dataset and the loss on the page. */
async function lambdaStars(page: Page) {
  const rows = await page.locator('#dataset tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')))
  const x = rows.map((r) => new Fraction(r[1]))
  const y = rows.map((r) => new Fraction(r[2]))
  const tex = (await page.locator('#q-heading ~ * annotation[encoding="application/x-tex"], .question annotation[encoding="application/x-tex"]').allTextContents()).join(' ')
  const all = tex || (await page.locator('annotation[encoding="application/x-tex"]').allTextContents()).join(' ')
  const twoLambda = /2\s*\\lambda\s*\|m\|/.test(all)
  const n = x.length
  const sum = (a: Fraction[]) => a.reduce((s, v) => s.add(v), new Fraction(0))
  const xbar = sum(x).div(n)
  const ybar = sum(y).div(n)
  const sxy = sum(x.map((xi, i) => xi.sub(xbar).mul(y[i].sub(ybar)))).abs()
  return { right: sxy.mul(twoLambda ? 1 : 2), other: sxy.mul(twoLambda ? 2 : 1) }
}

const skillLevel = (page: Page, skill: string) => page.locator(`[data-skills] tr[data-skill="${skill}"] [data-level]`).getAttribute('data-level')

/** Screenshots at 1280 px and at 390 px (where the page must not scroll sideways); back to 1280 px. */
async function shots(page: Page, name: string) {
  await page.setViewportSize(DESKTOP)
  await screenshot(page, `${name}-1280`)
  await page.setViewportSize(PHONE)
  const o = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }))
  expect(o.scroll, `${name}: wider than a 390 px phone`).toBeLessThanOrEqual(o.width)
  await screenshot(page, `${name}-390`)
  await page.setViewportSize(DESKTOP)
}

describe('mastery in Chromium', () => {
  it('convention mistake → targeted practice that tells the conventions apart → right twice → skill up → in the class grid', { timeout: 300_000 }, async () => {
    const page = await browser.newPage()
    await page.setViewportSize(DESKTOP)

    // A new student: signs up and joins the demo course by its code.
    await signUpAndJoin(page, app.baseUrl, STUDENT, JOIN_CODE)

    // Nothing yet on their skills page.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My skills' }).click()
    await page.waitForURL((u) => u.pathname === '/skills')
    expect(await skillLevel(page, 'conventions')).toBe('not-started')

    // The mistake, on the assignment.
    await page.goto(`${app.baseUrl}/dashboard`)
    await page.getByRole('link', { name: /Lasso warm-up/ }).click()
    await page.locator('a[href^="/items/"]').first().click()
    await page.waitForURL(/\/items\//)
    const asked = await lambdaStars(page)
    await page.getByLabel('Answer to part 1').fill(asked.other.toFraction())
    await page.getByRole('button', { name: 'Submit answer' }).click()
    await page.waitForURL(/\/attempts\//)
    expect(await page.locator('[data-diagnosis]').textContent()).toMatch(/convention/i)

    // My skills: conventions at "Practising", the mistake open.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My skills' }).click()
    await page.waitForURL((u) => u.pathname === '/skills')
    expect(await skillLevel(page, 'conventions')).toBe('practising')
    expect(await skillLevel(page, 'ridge-shrinkage')).toBe('not-started')
    expect(await page.locator('[data-mistakes]').textContent()).toMatch(/Used the other penalty convention.*open \(0 of 2/)
    expect(await page.locator('[data-next]').textContent()).toMatch(/still open.*Penalty conventions.*other penalty convention/)
    expect(await page.locator('.katex-error').count()).toBe(0)
    await shots(page, 'mastery-skills-before')

    let seed: string | null = null
    for (let round = 1; round <= 2; round++) {
      await page.getByRole('link', { name: round === 1 ? 'Practise what I got wrong' : 'Next targeted question' }).click()
      const before = seed
      await page.waitForURL((u) => u.pathname === '/practice/lasso-1d-lambda-star' && u.searchParams.get('target') === 'other-convention' && u.searchParams.get('seed') !== before, { timeout: 30_000 })
      seed = new URL(page.url()).searchParams.get('seed')
      expect(await page.locator('[data-target="other-convention"]').textContent()).toMatch(/Chosen for a mistake you made: Used the other penalty convention/)
      const { right, other } = await lambdaStars(page)
      // The variant tells the conventions apart.
      expect(right.equals(other)).toBe(false)
      // Nothing of the answer before checking.
      expect(await page.locator('[data-contrast]').count()).toBe(0)
      await page.getByLabel('Answer to part 1').fill(right.toFraction())
      await page.getByRole('button', { name: 'Check answer' }).click()
      await expect.poll(() => page.getByRole('heading', { name: /^Result/ }).textContent(), { timeout: 30_000 }).toContain('100%')
      // The worked contrast, with this variant's numbers: the right value and the other convention's.
      const contrast = page.locator('[data-contrast-for="other-convention"]')
      expect(await contrast.count()).toBe(1)
      const tex = (await contrast.locator('annotation').allTextContents()).join(' ').replace(/\s/g, '')
      const texOf = (f: Fraction) => (Number(f.d) === 1 ? f.toFraction() : `\\frac{${f.n}}{${f.d}}`)
      expect(tex).toContain(texOf(right))
      expect(tex).toContain(texOf(other))
      expect(await page.locator('.katex-error').count()).toBe(0)
      if (round === 1) await shots(page, 'mastery-targeted-contrast')
    }

    // The skill moved up; the mistake is closed.
    await page.goto(`${app.baseUrl}/skills`)
    expect(await skillLevel(page, 'conventions')).toBe('familiar')
    expect(await page.locator('[data-mistakes]').count()).toBe(0)
    await shots(page, 'mastery-skills-after')
    // Own CSV.
    const csv = await page.evaluate(() => fetch('/api/skills').then((r) => r.text()))
    expect(csv).toMatch(/Penalty conventions,Familiar,3,2,2/)
    await page.close()

    // The instructor's class grid.
    const staff = await browser.newPage()
    await staff.setViewportSize(DESKTOP)
    await signIn(staff, app.baseUrl, 'instructor@lassolab.test')
    await staff.goto(`${app.baseUrl}/instructor`)
    await staff.getByRole('link', { name: /Regression 101/ }).first().click()
    await staff.getByRole('link', { name: /Class mastery/ }).click()
    await staff.waitForURL(/\/mastery$/)
    const row = staff.locator(`[data-testid="mastery-grid"] tr[data-student="${STUDENT.email}"]`)
    expect(await row.locator('td[data-skill="conventions"] [data-level]').getAttribute('data-level')).toBe('familiar')
    expect(await staff.locator('.katex-error').count()).toBe(0)
    await shots(staff, 'mastery-class-grid')
    const gridCsv = await staff.evaluate(() => fetch(location.pathname.replace('/instructor/courses/', '/api/instructor/courses/')).then((r) => r.text()))
    expect(gridCsv.split('\n').find((l) => l.includes(STUDENT.email))).toContain('Familiar')
    await staff.close()
  })
})
