/**
 * The student path in Chromium against the production build: sign in, open the demo assignment, answer with a
 * known mistake and be told which, answer right, read the derivation with the dataset's own numbers.
 * Also: visitors are sent to sign-in; a wrong password gets a clear message; the answer is not in the page.
 */
import Fraction from 'fraction.js'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, launchBrowser, screenshot, signIn, startApp } from './harness'

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

/** Reads the dataset table and the stated loss off the question page, and computes λ* with exact fractions. */
async function readQuestion(page: Page) {
  const rows = await page.locator('#dataset tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => Number(td.textContent?.trim()))),
  )
  const x = rows.map((r) => r[1])
  const y = rows.map((r) => r[2])
  const tex = (await page.locator('annotation[encoding="application/x-tex"]').allTextContents()).join(' ')
  const twoLambda = /2\s*\\lambda\s*\|m\|/.test(tex)
  const n = x.length
  const xbar = x.reduce((s, v) => s.add(v), new Fraction(0)).div(n)
  const ybar = y.reduce((s, v) => s.add(v), new Fraction(0)).div(n)
  const Sxy = x.reduce((s, xi, i) => s.add(new Fraction(xi).sub(xbar).mul(new Fraction(y[i]).sub(ybar))), new Fraction(0))
  const right = Sxy.abs().mul(twoLambda ? 1 : 2)
  // The classic slip: the other convention's threshold.
  const otherConvention = Sxy.abs().mul(twoLambda ? 2 : 1)
  return { x, y, xbar, right, otherConvention }
}

async function openDemoQuestion(page: Page) {
  await page.goto(`${app.baseUrl}/dashboard`)
  await page.getByRole('link', { name: /Lasso warm-up/ }).click()
  await page.locator('a[href^="/items/"]').first().click()
  await page.waitForURL(/\/items\//)
}

describe('student in Chromium', () => {
  it('sends visitors to sign-in and refuses a wrong password with a clear message', async () => {
    const page = await browser.newPage()
    await page.goto(`${app.baseUrl}/dashboard`)
    expect(new URL(page.url()).pathname).toBe('/signin')
    await page.getByLabel('Email').fill('student1@lassolab.test')
    await page.getByLabel('Password').fill('wrong-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.locator('.alert.error').textContent()).toMatch(/email and password do not match/)
    await page.close()
    // The JSON API answers anonymous callers with 401 and a sentence, not a redirect or a stack trace.
    const api = await fetch(`${app.baseUrl}/api/items/does-not-matter`)
    expect(api.status).toBe(401)
    expect(await api.json()).toMatchObject({ error: expect.stringMatching(/sign in/i) })
    const bad = await fetch(`${app.baseUrl}/api/health`, { method: 'POST', body: 'not json', headers: { 'content-type': 'application/json' } })
    expect(bad.status).toBe(400)
  })

  it('answers wrong, is told the mistake, answers right, and reads the derivation with its numbers', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'student1@lassolab.test')
    await expect.poll(() => page.getByRole('heading', { name: /Regression 101/ }).count()).toBe(1)
    await openDemoQuestion(page)

    const first = await readQuestion(page)
    const box = page.getByLabel('Answer to part 1')
    await box.fill('12/7')
    await expect.poll(() => page.locator('.interpreted').textContent(), { timeout: 15_000 }).toMatch(/Interpreted as/)
    // Unreadable input: a message, and no attempt used.
    await box.fill('2 +')
    await page.getByRole('button', { name: 'Submit answer' }).click()
    await expect.poll(() => page.locator('.field-error').first().textContent()).toBeTruthy()
    expect(page.url()).toMatch(/\/items\//)
    await screenshot(page, 'student-question')

    await box.fill(first.otherConvention.toFraction())
    await page.getByRole('button', { name: 'Submit answer' }).click()
    await page.waitForURL(/\/attempts\//)
    const diagnosis = await page.locator('[data-diagnosis]').textContent()
    expect(diagnosis).toMatch(/convention/i)
    expect(await page.getByRole('heading', { name: /Attempt 1/ }).textContent()).toMatch(/0%/)
    // The derivation uses this dataset's numbers: its mean of x appears in it.
    const derivation = page.getByRole('list', { name: 'Worked derivation' })
    await expect.poll(() => derivation.count()).toBe(1)
    const derivationTex = (await derivation.locator('annotation').allTextContents()).join(' ')
    expect(derivationTex.replace(/\s/g, '')).toContain(first.xbar.toFraction().includes('/') ? `\\frac{${first.xbar.n}}{${first.xbar.d}}` : first.xbar.toFraction())
    await screenshot(page, 'student-wrong-diagnosed')

    // Try again: a new dataset, answered right.
    await page.getByRole('link', { name: /Try again/ }).click()
    await page.waitForURL(/\/items\//)
    const second = await readQuestion(page)
    await page.getByLabel('Answer to part 1').fill(second.right.toFraction())
    await page.getByRole('button', { name: 'Submit answer' }).click()
    await page.waitForURL(/\/attempts\//)
    expect(await page.getByRole('heading', { name: /Attempt 2/ }).textContent()).toMatch(/100%/)
    expect(await page.locator('[data-diagnosis]').count()).toBe(0)
    await expect.poll(() => page.getByRole('list', { name: 'Worked derivation' }).locator('li').count()).toBeGreaterThan(4)
    await screenshot(page, 'student-right-derivation')
    await page.close()
  })

  it('keeps the correct answer out of the question page HTML and its RSC payload', async () => {
    for (const email of ['student2@lassolab.test', 'student3@lassolab.test']) {
      const page = await browser.newPage()
      await signIn(page, app.baseUrl, email)
      await openDemoQuestion(page)
      const q = await readQuestion(page)
      const url = page.url()
      const html = await (await page.request.get(url)).text()
      const rsc = await (await page.request.get(url, { headers: { RSC: '1' } })).text()
      const api = await (await page.request.get(url.replace('/items/', '/api/items/'))).text()
      expect(html).toContain('Submit answer')
      expect(rsc.length).toBeGreaterThan(100)
      const value = q.right.valueOf()
      const forms = [value.toFixed(2), value.toFixed(4), String(value)].filter((s) => s.length > 3)
      if (Number(q.right.d) !== 1) forms.push(q.right.toFraction(), `\\frac{${q.right.n}}{${q.right.d}}`)
      for (const body of [html, rsc, api]) {
        for (const f of forms) expect(body.includes(f), `answer ${f} leaked`).toBe(false)
        // No derivation steps and no solved values of any kind.
        const leak = /aria-label=\\?"Worked derivation|soft.?threshold|"lambdaStar"\s*:\s*[-\d]/i.exec(body)
        expect(leak?.[0] ?? null, 'derivation or answer in the page').toBeNull()
      }
      await page.close()
    }
  })

  it('renders math, fonts and figures under the CSP, with no CSP violation in the console', async () => {
    const page = await browser.newPage()
    const violations: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to (load|apply|execute)/i.test(m.text())) violations.push(m.text())
    })
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load (CSP): ${e.violatedDirective} ${e.blockedURI}`))
    })
    await signIn(page, app.baseUrl, 'student1@lassolab.test')
    await openDemoQuestion(page)
    // The attempts made above: the latest result page, with its derivation and figure.
    await page.locator('a[href^="/attempts/"]').last().click()
    await page.waitForURL(/\/attempts\//)
    // The result page's derivation draws this dataset's slope against λ.
    const figure = page.locator('figure svg').first()
    await expect.poll(() => figure.count()).toBe(1)
    expect((await figure.boundingBox())?.width ?? 0).toBeGreaterThan(100)
    expect(await figure.locator('path, line, circle').count()).toBeGreaterThan(2)
    for (const url of [page.url(), `${app.baseUrl}/catalog`]) {
      await page.goto(url)
      await page.evaluate(() => document.fonts.ready)
      expect(await page.locator('.katex-html').count(), `${url}: KaTeX output`).toBeGreaterThan(0)
      // KaTeX's stylesheet applies and its own font loads from this site.
      expect(await page.locator('.katex').first().evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/KaTeX_Main/)
      const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family))
      expect(loaded.some((f) => /KaTeX_Main/.test(f)), `${url}: fonts loaded ${loaded.join(', ')}`).toBe(true)
    }
    expect(violations).toEqual([])
    await page.close()
  })
})
