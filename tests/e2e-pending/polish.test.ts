/**
 * What students and instructors meet, in Chromium against the production build (issue 9):
 * - axe-core on every page kind, as a visitor, a student and an instructor: no violation of any impact;
 * - at 390 px no display math or table is wider than its card unless it scrolls with a visible cue
 *   (a focusable region named "… scrolls sideways" with a faded edge);
 * - student pages: no developer wording, no link to the teaching pages, a header of at most two rows on a phone,
 *   dates in the viewer's own time zone with a relative hint;
 * - a page a role may not open answers 403; a stale tab shows the question as it is now.
 * Screenshots at 1280 and 390 px: test-results/polish-*.png.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db'
import { type App, launchBrowser, screenshot, signIn, startApp } from '../e2e/harness'

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 900 }
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

let app: App
let browser: BrowserContext
let db: Db
beforeAll(async () => {
  app = await startApp()
  browser = await launchBrowser()
  db = createDb(app.databaseUrl)
}, 900_000)
afterAll(async () => {
  await db?.$disconnect()
  await browser?.close()
  await app?.stop()
})

/** Every axe-core violation on the page (any impact), as "rule: target" lines. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global script
    const axe = (window as any).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations as { id: string; impact: string; nodes: { target: string[] }[] }[]
  })
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`))
}

/**
 * Display math and tables wider than their card with no visible scroll cue. A box counts as cued when it is the
 * scroll container, focusable, named, and fades the side that hides content.
 */
async function uncuedOverflow(page: Page): Promise<string[]> {
  // ScrollCues runs after layout: let it settle.
  await page.waitForTimeout(150)
  return page.evaluate(() => {
    const out: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>('.katex-display, table')) {
      const box = el.tagName === 'TABLE' ? (el.closest('.table-wrap') as HTMLElement | null) : el
      const card = el.closest('.card, .steps > li, main') as HTMLElement
      const content = el.tagName === 'TABLE' ? el.scrollWidth : (el.firstElementChild as HTMLElement | null)?.scrollWidth ?? 0
      const room = (box ?? el).clientWidth
      const fitsCard = (box ?? el).getBoundingClientRect().right <= card.getBoundingClientRect().right + 1
      if (content <= room + 1 && fitsCard) continue
      const cue =
        box &&
        fitsCard &&
        box.classList.contains('scrolls') &&
        box.tabIndex === 0 &&
        /scrolls sideways/.test(box.getAttribute('aria-label') ?? '') &&
        getComputedStyle(box).overflowX === 'auto' &&
        getComputedStyle(box).maskImage !== 'none'
      if (!cue) out.push(`${el.tagName.toLowerCase()} ${content}px in ${room}px: ${(el.textContent ?? '').slice(0, 40)}`)
    }
    return out
  })
}

async function both(page: Page, name: string) {
  await page.setViewportSize(DESKTOP)
  await screenshot(page, `polish-${name}-1280`)
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(100)
  await screenshot(page, `polish-${name}-390`)
  await page.setViewportSize(DESKTOP)
}

async function demo() {
  const course = await db.course.findFirstOrThrow({ where: { joinCode: 'REG-101' }, include: { assignments: { include: { items: true } } } })
  const assignment = course.assignments[0]
  const student = await db.user.findUniqueOrThrow({ where: { email: 'student1@lassolab.test' } })
  return { course, assignment, item: assignment.items[0], student }
}

/** Answers the demo question once (wrong), from the question page. */
async function answerOnce(page: Page, itemId: string, answer = '1') {
  await page.goto(`${app.baseUrl}/items/${itemId}`)
  await page.getByLabel('Answer to part 1').fill(answer)
  await page.getByRole('button', { name: 'Submit answer' }).click()
  await page.waitForURL(/\/attempts\//)
}

describe('student and instructor pages in Chromium', () => {
  it('student pages: no developer wording, no teaching link, two header rows on a phone, dates in the viewer’s zone', async () => {
    const page = await browser.newPage()
    await page.goto(`${app.baseUrl}/signin`)
    expect(await page.locator('main').textContent()).not.toMatch(/README|npm start/)
    await signIn(page, app.baseUrl, 'student2@lassolab.test')
    // The viewer is in Tokyo (UTC+9), whatever the server's zone.
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Tokyo' })
    const { assignment, item } = await demo()
    await page.goto(`${app.baseUrl}/dashboard`)
    const due = page.locator('time').first()
    await expect.poll(() => due.getAttribute('data-local'), { timeout: 15_000 }).toBe('yes')
    const dueText = (await due.textContent()) ?? ''
    const dueHour = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', timeZone: 'Asia/Tokyo', hourCycle: 'h23' }).format(assignment.dueAt!)
    expect(dueText).toMatch(/GMT\+9/)
    expect(dueText).toContain(`${dueHour}:`)
    expect(dueText).toMatch(/\(in 1[34] days\)/)
    expect(await page.getByTestId('attempts-left').first().textContent()).toMatch(/3 attempts left on 1 open question/)

    const nav = page.getByRole('navigation', { name: 'Main' })
    expect(await nav.getByRole('link', { name: 'Instructor' }).count()).toBe(0)

    await page.setViewportSize(PHONE)
    const rows = await page.evaluate(() => {
      const tops = ['.brand', 'nav[aria-label="Main"]', '.who'].map((s) => Math.round(document.querySelector(s)!.getBoundingClientRect().top / 10))
      return new Set(tops).size
    })
    expect(rows).toBeLessThanOrEqual(2)
    await page.setViewportSize(DESKTOP)

    const seen: string[] = []
    await page.goto(`${app.baseUrl}/assignments/${assignment.id}`)
    seen.push((await page.locator('main').textContent()) ?? '')
    await answerOnce(page, item.id)
    seen.push((await page.locator('main').textContent()) ?? '')
    await page.goto(`${app.baseUrl}/items/${item.id}`)
    seen.push((await page.locator('main').textContent()) ?? '')
    await page.goto(`${app.baseUrl}/practice/ols-1d?seed=${'1'.repeat(32)}`)
    seen.push((await page.locator('main').textContent()) ?? '')
    await page.goto(`${app.baseUrl}/catalog`)
    seen.push((await page.locator('main').textContent()) ?? '')
    for (const text of seen) {
      expect(text).not.toMatch(/lib\/solver|README|npm start|own earlier values|needs the role|you are student/)
    }
    await page.close()
  }, 600_000)

  it('a page the role may not open answers 403, with a sentence and no developer wording', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'student3@lassolab.test')
    const { assignment } = await demo()
    const r = await page.request.get(`${app.baseUrl}/instructor/assignments/${assignment.id}/gradebook`)
    expect(r.status()).toBe(403)
    const html = await r.text()
    expect(html).toContain('Not available')
    expect(html).not.toMatch(/needs the role|you are student/)
    await page.close()
  }, 600_000)

  it('a stale tab shows the question as it is now, not the old dataset under "No attempts left"', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'student3@lassolab.test')
    const { item } = await demo()
    await page.goto(`${app.baseUrl}/items/${item.id}`)
    const stale = await browser.newPage()
    await stale.goto(`${app.baseUrl}/items/${item.id}`)
    const oldData = await stale.locator('#dataset').textContent()
    for (let i = 0; i < 3; i++) await answerOnce(page, item.id)
    await stale.getByLabel('Answer to part 1').fill('2')
    await stale.getByRole('button', { name: 'Submit answer' }).click()
    await expect.poll(() => stale.getByText('You have used every attempt').count(), { timeout: 30_000 }).toBe(1)
    expect(await stale.getByRole('button', { name: 'Submit answer' }).count()).toBe(0)
    expect(await stale.locator('#dataset').textContent()).not.toBe(oldData)
    // A finished question does not read as if another attempt were coming.
    expect(await stale.locator('main').textContent()).not.toMatch(/attempt 3 of 3/)
    expect(await stale.locator('main').textContent()).toMatch(/3 of 3 attempts used/)
    await both(stale, 'student-question-closed')
    await stale.close()
    await page.close()
  }, 600_000)

  it('at 390 px no display math or table overflows its card without a visible scroll cue', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'student1@lassolab.test')
    await page.setViewportSize(PHONE)
    const failures: string[] = []
    const check = async (label: string) => {
      for (const f of await uncuedOverflow(page)) failures.push(`${label}: ${f}`)
    }
    // The lasso-path question (its loss), and the derivations with the mean, S_xy and the 7-column table.
    const seed = 'ab'.repeat(16)
    for (const id of ['lasso-path-breakpoints', 'ols-1d', 'lasso-1d-lambda-star', 'lasso-2d-sparsity', 'coordinate-descent-step']) {
      await page.goto(`${app.baseUrl}/practice/${id}?seed=${seed}`)
      await check(`practice ${id}`)
      const box = page.getByLabel('Answer to part 1')
      if ((await box.count()) > 0) {
        await box.fill('1')
        await page.getByRole('button', { name: 'Check answer' }).click()
        // Graded (with the derivation), or refused with a message when 1 is outside the part's domain.
        await expect.poll(async () => (await page.locator('[data-practice-result]').count()) + (await page.locator('.field-error, .alert.error').count()), { timeout: 30_000 }).toBeGreaterThan(0)
        await check(`practice ${id} after checking`)
      }
      if (id === 'lasso-1d-lambda-star') await both(page, 'practice-derivation')
      await page.setViewportSize(PHONE)
    }
    const { item } = await demo()
    await answerOnce(page, item.id)
    await check('attempt page')
    await both(page, 'attempt')
    expect(failures).toEqual([])
    await page.close()
  }, 600_000)

  it('instructor: a refused form keeps what was typed; the course gradebook names the course and keeps names in view', async () => {
    const page = await browser.newPage()
    await signIn(page, app.baseUrl, 'instructor@lassolab.test')
    await page.goto(`${app.baseUrl}/instructor`)
    await page.getByLabel('Title').fill('Kept title')
    await page.getByLabel('Join code (optional)').fill('!!')
    await page.getByRole('button', { name: 'Create course' }).click()
    await expect.poll(() => page.locator('.field-error, .alert.error').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    expect(await page.getByLabel('Title').inputValue()).toBe('Kept title')
    expect(await page.getByLabel('Join code (optional)').inputValue()).toBe('!!')

    const { course } = await demo()
    await page.goto(`${app.baseUrl}/instructor/courses/${course.id}/gradebook`)
    expect(await page.getByRole('navigation', { name: 'Breadcrumb' }).textContent()).toContain(course.title)
    expect(await page.getByTestId('course-gradebook').locator('tbody tr').count()).toBe(3)
    await page.setViewportSize(PHONE)
    const stuck = await page.evaluate(() => {
      const wrap = document.querySelector('.sticky-first') as HTMLElement
      const name = wrap.querySelector('tbody th') as HTMLElement
      const before = name.getBoundingClientRect().left
      wrap.scrollLeft = 400
      return { before, after: name.getBoundingClientRect().left, scrolled: wrap.scrollLeft }
    })
    if (stuck.scrolled > 0) expect(Math.abs(stuck.after - stuck.before)).toBeLessThan(2)
    await both(page, 'course-gradebook')
    await page.close()
  }, 600_000)

  it('axe-core finds no violation of any impact on any page kind', async () => {
    const page = await browser.newPage()
    const { course, assignment, item, student } = await demo()
    const failures: string[] = []
    const audit = async (path: string) => {
      await page.goto(`${app.baseUrl}${path}`)
      for (const v of await axeViolations(page)) failures.push(`${path}: ${v}`)
    }
    await page.context().clearCookies()
    for (const p of ['/', '/signin', '/signup', '/catalog']) await audit(p)

    await signIn(page, app.baseUrl, 'student1@lassolab.test')
    for (const p of ['/dashboard', '/join', `/assignments/${assignment.id}`, `/items/${item.id}`, '/practice', `/practice/lasso-path-breakpoints?seed=${'cd'.repeat(16)}`]) await audit(p)
    const attempt = await db.attempt.findFirst({ where: { userId: student.id } })
    if (attempt) await audit(`/attempts/${attempt.id}`)
    await both(page, 'dashboard-student')

    await signIn(page, app.baseUrl, 'instructor@lassolab.test')
    const a = `/instructor/assignments/${assignment.id}`
    for (const p of [
      '/instructor',
      `/instructor/courses/${course.id}`,
      `/instructor/courses/${course.id}/assignments/new`,
      `/instructor/courses/${course.id}/gradebook`,
      a,
      `${a}/edit`,
      `${a}/gradebook`,
      `${a}/stats`,
      `${a}/misconceptions`,
      `${a}/preview`,
      `${a}/extensions`,
      `${a}/delete`,
      `${a}/students/${student.id}`,
      `/instructor/items/${item.id}/regrade`,
    ])
      await audit(p)
    expect(failures).toEqual([])
    await page.close()
  }, 600_000)
})
