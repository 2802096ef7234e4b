/**
 * What students and instructors meet, in Chromium against the production build (issue 9):
 * - axe-core on every page kind, as a visitor, a student, an instructor and a site admin: no violation of any impact;
 * - at 390 px no display math or table is wider than its card unless it scrolls with a visible cue
 *   (a focusable region named "… scrolls sideways" with a faded edge); figures readable on a phone (text at least
 *   9.5 px, nothing cut at the edge, no text over text) and at least half their card wide on a desktop;
 * - student pages: no developer wording, no link to the teaching pages, a one-row header on a phone whose links
 *   open from a Menu button by keyboard, dates in the viewer's own time zone with a relative hint;
 * - a page a role may not open answers 403; a stale tab shows the question as it is now;
 * - display math fitted by ScrollCues stays put (no re-fitting loop that keeps a button from ever being "stable").
 * This file makes its own course, assignments, exam and accounts (the server is shared with the other e2e files).
 * Screenshots at 1280 and 390 px: test-results/polish-*.png.
 */
import { randomBytes } from 'node:crypto'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db'
import { hashPassword } from '@/lib/server/users'
import { type App, axeViolations, launchBrowser, resultsDir, screenshot, scrollStickyTable, signIn, signUpAndJoin, startApp } from './harness'

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 900 }

const TAG = randomBytes(4).toString('hex')
const PASSWORD = 'polish-password'
const TEACHER = { email: `polish-teacher-${TAG}@lassolab.test`, name: 'Tamsin Teacher' }
const JOIN_CODE = `POL-${TAG}`.toUpperCase()
const TEN_DAYS = 10 * 24 * 3600_000

let app: App
let browser: BrowserContext
let db: Db
let courseId = ''
let homework = { id: '', itemId: '', dueAt: new Date() }
let examId = ''
let examCourseId = ''

/** A student of this file's course (and of the exam's, with `exam`), created directly (the first test signs up). */
async function newStudent(name: string, exam = false) {
  const email = `polish-${name.toLowerCase().replace(/\W+/g, '-')}-${TAG}@lassolab.test`
  const user = await db.user.create({ data: { email, name, passwordHash: await hashPassword(PASSWORD) } })
  await db.enrollment.create({ data: { userId: user.id, courseId, role: 'STUDENT' } })
  if (exam) await db.enrollment.create({ data: { userId: user.id, courseId: examCourseId, role: 'STUDENT' } })
  return { ...user, email }
}

/** signIn, saying what the page showed when it did not work. */
async function signInAs(page: Page, email: string, password = PASSWORD) {
  try {
    await signIn(page, app.baseUrl, email, password)
  } catch (e) {
    await screenshot(page, `polish-signin-failure-${TAG}`)
    // biome-ignore lint/performance/useDomNodeTextContent: the text as shown
    throw new Error(`sign-in as ${email} failed at ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 400)} (${e})`)
  }
}

beforeAll(async () => {
  app = await startApp()
  browser = await launchBrowser()
  db = createDb(app.databaseUrl)
  const teacher = await db.user.create({ data: { ...TEACHER, passwordHash: await hashPassword(PASSWORD) } })
  const course = await db.course.create({
    data: { title: `Regression polish ${TAG}`, joinCode: JOIN_CODE, enrollments: { create: [{ userId: teacher.id, role: 'INSTRUCTOR' }] } },
  })
  courseId = course.id
  const now = Date.now()
  // Due in ten days and two hours: "in 10 days" in any time zone.
  const dueAt = new Date(now + TEN_DAYS + 2 * 3600_000)
  const a = await db.assignment.create({
    data: {
      courseId,
      title: 'When does the slope vanish?',
      opensAt: new Date(now - 3600_000),
      dueAt,
      maxAttempts: 3,
      variantPolicy: 'NEW_PER_ATTEMPT',
      derivationPolicy: 'AFTER_ATTEMPT',
      items: { create: [{ templateId: 'lasso-1d-lambda-star', params: JSON.stringify({ convention: 'lambda' }), points: 10, position: 1 }] },
    },
    include: { items: true },
  })
  homework = { id: a.id, itemId: a.items[0].id, dueAt }
  // The exam in a course of its own, so that the homework is the only assignment on most students' dashboards.
  const examCourse = await db.course.create({
    data: { title: `Exams ${TAG}`, joinCode: `POX-${TAG}`.toUpperCase(), enrollments: { create: [{ userId: teacher.id, role: 'INSTRUCTOR' }] } },
  })
  examCourseId = examCourse.id
  const exam = await db.assignment.create({
    data: {
      courseId: examCourseId,
      title: 'Midterm (polish)',
      opensAt: new Date(now - 3600_000),
      dueAt: new Date(now + TEN_DAYS),
      maxAttempts: 1,
      variantPolicy: 'SAME',
      derivationPolicy: 'AFTER_DUE',
      items: { create: [{ templateId: 'ols-1d', params: '{}', points: 10, position: 1 }] },
      exam: { create: { timeLimitSeconds: 1800 } },
    },
  })
  examId = exam.id
}, 900_000)
afterAll(async () => {
  await db?.$disconnect()
  await browser?.close()
  await app?.stop()
})

/** Two animation frames: what ScrollCues does after layout has run. */
const settle = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))

/**
 * Display math and tables wider than their card with no visible scroll cue. A box counts as cued when it is the
 * scroll container, focusable, named, and fades the side that hides content.
 */
async function uncuedOverflow(page: Page): Promise<string[]> {
  // The cues are set by client code once the page is hydrated and its fonts are in: a reader sees them within a
  // moment of the page appearing, so allow that moment (up to 5 s), then report what is still uncued.
  await page.waitForLoadState('networkidle')
  await page.evaluate(() => document.fonts.ready)
  let found = await uncuedNow(page)
  for (let tries = 0; found.length > 0 && tries < 10; tries++) {
    await page.waitForTimeout(500)
    found = await uncuedNow(page)
  }
  return found
}

async function uncuedNow(page: Page): Promise<string[]> {
  await settle(page)
  return page.evaluate(() => {
    const out: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>('.katex-display, table')) {
      const box = el.tagName === 'TABLE' ? (el.closest('.table-wrap') as HTMLElement | null) : el
      const card = el.closest('.card, .steps > li, main') as HTMLElement
      const content = el.tagName === 'TABLE' ? el.scrollWidth : ((el.firstElementChild as HTMLElement | null)?.scrollWidth ?? 0)
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

/**
 * Figure faults as a reader meets them: text smaller than `minPx` on screen, text cut by the figure's edge, text
 * drawn over other text (a tick label under the axis label, two marker labels), and a figure narrower than
 * `minShare` of its card.
 */
async function figureFaults(page: Page, minPx: number, minShare: number): Promise<string[]> {
  await settle(page)
  return page.evaluate(
    ({ minPx, minShare }) => {
      const out: string[] = []
      document.querySelectorAll<SVGSVGElement>('figure svg').forEach((svg, k) => {
        const vb = svg.viewBox.baseVal
        const shown = svg.getBoundingClientRect()
        const scale = shown.width / vb.width
        const card = svg.closest('.card, .steps > li') as HTMLElement | null
        if (card) {
          const cs = getComputedStyle(card)
          const inner = card.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
          if (shown.width < minShare * inner) out.push(`figure ${k}: ${Math.round(shown.width)} px wide in a ${Math.round(inner)} px card`)
        }
        const boxes: { text: string; b: DOMRect }[] = []
        for (const t of svg.querySelectorAll<SVGTextElement>('text')) {
          const px = parseFloat(getComputedStyle(t).fontSize) * scale
          const text = t.textContent ?? ''
          if (px < minPx) out.push(`figure ${k}: "${text}" is ${px.toFixed(1)} px`)
          const b = t.getBBox()
          if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > vb.width + 0.5 || b.y + b.height > vb.height + 0.5) out.push(`figure ${k}: "${text}" is cut at the edge`)
          boxes.push({ text, b })
        }
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const [a, c] = [boxes[i].b, boxes[j].b]
            const ox = Math.min(a.x + a.width, c.x + c.width) - Math.max(a.x, c.x)
            const oy = Math.min(a.y + a.height, c.y + c.height) - Math.max(a.y, c.y)
            if (ox > 1 && oy > 1) out.push(`figure ${k}: "${boxes[i].text}" overlaps "${boxes[j].text}"`)
          }
      })
      return out
    },
    { minPx, minShare },
  )
}

/**
 * Raw TeX a reader would meet: `$` or a TeX command in the page's text outside KaTeX's output (a "Diagnosed mistake"
 * heading reading "Did not center $x$"), or in an aria-label ("Component $w_{1}$").
 */
async function rawTex(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const clone = document.getElementById('main')!.cloneNode(true) as HTMLElement
    for (const k of Array.from(clone.querySelectorAll('.katex, svg, script'))) k.remove()
    const text = clone.textContent ?? ''
    const inText = Array.from(text.matchAll(/\$|\\[a-zA-Z]+|\^\{|_\{/g), (m) => `text: …${text.slice(Math.max(0, m.index - 30), m.index + 30)}…`)
    const inLabels = Array.from(document.querySelectorAll('[aria-label]'), (el) => el.getAttribute('aria-label') ?? '')
      .filter((l) => /\$|\\[a-zA-Z]+|_\{/.test(l))
      .map((l) => `aria-label: ${l}`)
    return [...inText, ...inLabels]
  })
}

async function both(page: Page, name: string) {
  await page.setViewportSize(DESKTOP)
  await page.evaluate(() => window.scrollTo(0, 0))
  await settle(page)
  await screenshot(page, `polish-${name}-1280`)
  await page.setViewportSize(PHONE)
  await settle(page)
  await screenshot(page, `polish-${name}-390`)
  await page.setViewportSize(DESKTOP)
}

/**
 * On a practice page: answers every part (1 in each number box, the first choice, the order as listed) and checks
 * it, then waits until it is graded (with the derivation) or refused with a message (1 outside a part's domain).
 */
async function checkOnce(page: Page): Promise<boolean> {
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Check answer' }) })
  if ((await form.count()) === 0) return false
  for (const input of await form.locator('input[type=text]').all()) await input.fill('1')
  for (const fs of await form.locator('fieldset').all()) {
    const selects = await fs.locator('select').all()
    for (const [k, sel] of selects.entries()) await sel.selectOption({ index: Math.min(k + 1, selects.length) })
    const radio = fs.locator('input[type=radio]').first()
    if ((await radio.count()) > 0) await radio.check()
  }
  await page.getByRole('button', { name: 'Check answer' }).click()
  await expect
    .poll(async () => (await page.locator('[data-practice-result]').count()) + (await page.locator('.field-error, .alert.error').count()), { timeout: 30_000 })
    .toBeGreaterThan(0)
  return true
}

/** Answers the homework question once (wrong), from the question page. */
async function answerOnce(page: Page, answer = '1') {
  await page.goto(`${app.baseUrl}/items/${homework.itemId}`)
  await page.getByLabel('Answer to part 1').fill(answer)
  await page.getByRole('button', { name: 'Submit answer' }).click()
  await page.waitForURL(/\/attempts\//)
}

describe('student and instructor pages in Chromium', () => {
  it('student pages: no developer wording, no teaching link, dates in the viewer’s zone', async () => {
    const page = await browser.newPage()
    await page.goto(`${app.baseUrl}/signin`)
    expect(await page.locator('main').textContent()).not.toMatch(/README|npm start/)
    await signUpAndJoin(page, app.baseUrl, { name: 'Sol Student', email: `polish-sol-${TAG}@lassolab.test`, password: PASSWORD }, JOIN_CODE)
    // The viewer is in Tokyo (UTC+9), whatever the server's zone.
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Tokyo' })
    await page.goto(`${app.baseUrl}/dashboard`)
    const due = page.locator('time').first()
    await expect.poll(() => due.getAttribute('data-local'), { timeout: 15_000 }).toBe('yes')
    const dueText = (await due.textContent()) ?? ''
    const dueHour = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', timeZone: 'Asia/Tokyo', hourCycle: 'h23' }).format(homework.dueAt)
    expect(dueText).toMatch(/GMT\+9/)
    expect(dueText).toContain(`${dueHour}:`)
    expect(dueText).toMatch(/\(in 10 days\)/)
    expect(await page.getByTestId('attempts-left').first().textContent()).toMatch(/3 attempts left on 1 open question/)
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instructor' }).count()).toBe(0)

    const seen: string[] = []
    await page.goto(`${app.baseUrl}/assignments/${homework.id}`)
    seen.push((await page.locator('main').textContent()) ?? '')
    await answerOnce(page)
    seen.push((await page.locator('main').textContent()) ?? '')
    await page.goto(`${app.baseUrl}/items/${homework.itemId}`)
    seen.push((await page.locator('main').textContent()) ?? '')
    // The part says what it is worth (10 points, one part).
    expect(await page.locator('main').textContent()).toMatch(/\(10 points\)/)
    await page.goto(`${app.baseUrl}/practice/ols-1d?seed=${'1'.repeat(32)}`)
    seen.push((await page.locator('main').textContent()) ?? '')
    await page.goto(`${app.baseUrl}/catalog`)
    seen.push((await page.locator('main').textContent()) ?? '')
    for (const text of seen) expect(text).not.toMatch(/lib\/solver|README|npm start|own earlier values|needs the role|you are student/)
    await page.close()
  }, 600_000)

  it('the header keeps one row on a phone; its links open from a Menu button by keyboard, none cut off', async () => {
    const page = await browser.newPage()
    const student = await newStudent('Mena Menu')
    await signInAs(page, student.email)
    await page.setViewportSize(PHONE)
    await page.goto(`${app.baseUrl}/dashboard`)
    await settle(page)
    const header = page.locator('header.site')
    // One row: the brand, the Menu button and the account (a 44 px control plus padding), not two or three.
    expect((await header.boundingBox())!.height).toBeLessThan(64)
    const menu = page.getByRole('button', { name: 'Menu' })
    expect(await menu.getAttribute('aria-expanded')).toBe('false')
    await menu.focus()
    await page.keyboard.press('Enter')
    expect(await menu.getAttribute('aria-expanded')).toBe('true')
    const nav = page.getByRole('navigation', { name: 'Main' })
    for (const name of ['Dashboard', 'Question catalog', 'Practice', 'My skills']) {
      const link = nav.getByRole('link', { name })
      expect(await link.isVisible(), name).toBe(true)
      // Wholly on screen and not under anything: the point at its middle and its right end belong to the link.
      const hit = await link.evaluate((a) => {
        const r = a.getBoundingClientRect()
        const at = (x: number) => a.contains(document.elementFromPoint(x, r.top + r.height / 2))
        return { right: r.right, whole: at(r.left + r.width / 2) && at(r.right - 2) }
      })
      expect(hit.whole, name).toBe(true)
      expect(hit.right, name).toBeLessThanOrEqual(PHONE.width)
    }
    await screenshot(page, 'polish-header-menu-open-390')
    // Tab reaches the links; Escape closes the menu and gives focus back to the button.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Dashboard')
    await page.keyboard.press('Escape')
    expect(await menu.getAttribute('aria-expanded')).toBe('false')
    expect(await nav.getByRole('link', { name: 'My skills' }).isVisible()).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Menu')
    // Following a link from the menu closes it on the next page.
    await page.keyboard.press('Enter')
    await nav.getByRole('link', { name: 'My skills' }).click()
    await page.waitForURL(/\/skills/)
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false')
    // On a desktop the links are in the header row and there is no Menu button.
    await page.setViewportSize(DESKTOP)
    expect(await menu.isVisible()).toBe(false)
    expect(await nav.getByRole('link', { name: 'My skills' }).isVisible()).toBe(true)
    await both(page, 'skills')
    await page.close()
  }, 600_000)

  it('a page the role may not open answers 403, with a sentence and no developer wording', async () => {
    const page = await browser.newPage()
    const student = await newStudent('Ned Nosy')
    await signInAs(page, student.email)
    const r = await page.request.get(`${app.baseUrl}/instructor/assignments/${homework.id}/gradebook`)
    expect(r.status()).toBe(403)
    const html = await r.text()
    expect(html).toContain('Not available')
    expect(html).not.toMatch(/needs the role|you are student/)
    await page.close()
  }, 600_000)

  it('a stale tab shows the question as it is now, not the old dataset under "No attempts left"', async () => {
    const page = await browser.newPage()
    const student = await newStudent('Stella Stale')
    await signInAs(page, student.email)
    await page.goto(`${app.baseUrl}/items/${homework.itemId}`)
    const stale = await browser.newPage()
    await stale.goto(`${app.baseUrl}/items/${homework.itemId}`)
    const oldData = await stale.locator('#dataset').textContent()
    for (let i = 0; i < 3; i++) await answerOnce(page)
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

  it('at 390 px no display math or table overflows its card without a visible scroll cue; figures are readable', async () => {
    const page = await browser.newPage()
    const student = await newStudent('Phoebe Phone')
    await signInAs(page, student.email)
    await page.setViewportSize(PHONE)
    const failures: string[] = []
    const check = async (label: string) => {
      for (const f of await uncuedOverflow(page)) failures.push(`${label}: ${f}`)
      for (const f of await rawTex(page)) failures.push(`${label}: raw TeX ${f}`)
      for (const f of await figureFaults(page, 9.5, 0)) failures.push(`${label} (390 px): ${f}`)
      await page.setViewportSize(DESKTOP)
      for (const f of await figureFaults(page, 9.5, 0.5)) failures.push(`${label} (1280 px): ${f}`)
      await page.setViewportSize(PHONE)
    }
    // The lasso-path question (its loss), and the derivations with the mean, S_xy, the 7-column table and figures.
    const seed = 'ab'.repeat(16)
    const ids = ['lasso-path-breakpoints', 'ols-1d', 'lasso-1d-lambda-star', 'lasso-2d-sparsity', 'coordinate-descent-step', 'ridge-vs-lasso', 'lasso-kkt-check', 'choosing-lambda']
    for (const id of ids) {
      await page.goto(`${app.baseUrl}/practice/${id}?seed=${seed}`)
      await check(`practice ${id}`)
      if (await checkOnce(page)) await check(`practice ${id} after checking`)
      if (id === 'lasso-1d-lambda-star' || id === 'lasso-path-breakpoints' || id === 'lasso-kkt-check') await both(page, `practice-${id}`)
      // Each figure on its own, as a phone shows it (to look at).
      const figures = page.locator('figure svg')
      for (let k = 0; k < (await figures.count()); k++) await figures.nth(k).screenshot({ path: `${resultsDir}/polish-figure-${id}-${k}-390.png` })
      await page.setViewportSize(PHONE)
    }
    await answerOnce(page)
    await check('attempt page')
    await both(page, 'attempt')
    expect(failures).toEqual([])
    await page.close()
  }, 600_000)

  it('display math fitted to a phone stays put: the page settles and a button below it is stable', async () => {
    const page = await browser.newPage()
    const student = await newStudent('Sam Steady')
    await signInAs(page, student.email)
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport)
      for (const id of ['lasso-path-breakpoints', 'lasso-kkt-check', 'coordinate-descent-step']) {
        await page.goto(`${app.baseUrl}/practice/${id}?seed=${'ef'.repeat(16)}`)
        await page.waitForLoadState('networkidle')
        await settle(page)
        // Over one second: the button never moves and no formula's size or scroll state is rewritten.
        const probe = await page.evaluate(async () => {
          const button = Array.from(document.querySelectorAll('button')).find((b) => /Check answer/.test(b.textContent ?? ''))!
          let rewrites = 0
          const observer = new MutationObserver((records) => {
            rewrites += records.length
          })
          observer.observe(document.getElementById('main')!, { attributes: true, attributeFilter: ['style', 'class', 'tabindex'], subtree: true })
          const tops = new Set<number>()
          const end = performance.now() + 1000
          while (performance.now() < end) {
            tops.add(Math.round(button.getBoundingClientRect().top * 10))
            await new Promise((r) => requestAnimationFrame(r))
          }
          observer.disconnect()
          return { rewrites, positions: tops.size }
        })
        expect(probe, `${id} at ${viewport.width} px`).toEqual({ rewrites: 0, positions: 1 })
        // A change elsewhere in the page (as a preview or a draft's "Saved" makes) does not re-fit the formulas.
        const rewrites = await page.evaluate(async () => {
          let n = 0
          const observer = new MutationObserver((records) => {
            n += records.filter((r) => (r.target as Element).closest('.katex-display, .table-wrap')).length
          })
          observer.observe(document.getElementById('main')!, { attributes: true, attributeFilter: ['style', 'class', 'tabindex', 'role', 'aria-label'], subtree: true })
          const note = document.createElement('span')
          document.getElementById('main')!.append(note)
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
          note.remove()
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
          observer.disconnect()
          return n
        })
        expect(rewrites, `${id} at ${viewport.width} px: formulas rewritten after an unrelated change`).toBe(0)
        // What Playwright's click waits for ("stable"): it must not time out.
        await page.getByRole('button', { name: 'Check answer' }).click({ trial: true, timeout: 5000 })
      }
    }
    await page.close()
  }, 600_000)

  it('instructor: a refused form keeps what was typed; the course gradebook names the course and keeps names in view', async () => {
    const page = await browser.newPage()
    await signInAs(page, TEACHER.email)
    await page.goto(`${app.baseUrl}/instructor`)
    await page.getByLabel('Title').fill('Kept title')
    await page.getByLabel('Join code (optional)').fill('!!')
    await page.getByRole('button', { name: 'Create course' }).click()
    await expect.poll(() => page.locator('.field-error, .alert.error').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    expect(await page.getByLabel('Title').inputValue()).toBe('Kept title')
    expect(await page.getByLabel('Join code (optional)').inputValue()).toBe('!!')

    const course = await db.course.findUniqueOrThrow({ where: { id: courseId } })
    const students = await db.enrollment.count({ where: { courseId, role: 'STUDENT' } })
    expect(students).toBeGreaterThan(0)
    await page.goto(`${app.baseUrl}/instructor/courses/${courseId}/gradebook`)
    expect(await page.getByRole('navigation', { name: 'Breadcrumb' }).textContent()).toContain(course.title)
    expect(await page.getByTestId('course-gradebook').locator('tbody tr').count()).toBe(students)
    await page.setViewportSize(PHONE)
    const stuck = await scrollStickyTable(page)
    if (stuck.scrolled > 0) expect(Math.abs(stuck.after - stuck.before)).toBeLessThan(2)
    await both(page, 'course-gradebook')
    await page.close()
  }, 600_000)

  it('axe-core finds no violation of any impact on any page kind', async () => {
    const page = await browser.newPage()
    const failures: string[] = []
    const audit = async (path: string, widths = [DESKTOP, PHONE]) => {
      const res = await page.goto(`${app.baseUrl}${path}`)
      expect(res?.status(), path).toBeLessThan(500)
      for (const w of widths) {
        await page.setViewportSize(w)
        await settle(page)
        for (const v of await axeViolations(page)) failures.push(`${path} at ${w.width}: ${v}`)
      }
      await page.setViewportSize(DESKTOP)
    }
    await page.goto('about:blank')
    await page.context().clearCookies()
    for (const p of ['/', '/signin', '/signup', '/catalog', '/no-such-page', '/invitations/not-a-token']) await audit(p)

    const student = await newStudent('Ada Audit', true)
    await signInAs(page, student.email)
    for (const p of ['/dashboard', '/join', `/assignments/${homework.id}`, `/items/${homework.itemId}`, '/practice', '/skills', `/exams/${examId}`]) await audit(p)
    for (const id of ['lasso-path-breakpoints', 'ols-1d', 'choosing-lambda']) {
      await audit(`/practice/${id}?seed=${'cd'.repeat(16)}`)
      if (await checkOnce(page)) for (const v of await axeViolations(page)) failures.push(`practice ${id} after checking: ${v}`)
    }
    await answerOnce(page)
    const attempt = await db.attempt.findFirstOrThrow({ where: { userId: student.id } })
    await audit(`/attempts/${attempt.id}`)
    // The question after an attempt, and a page a student may not open (403).
    await audit(`/items/${homework.itemId}`)
    await audit(`/instructor/assignments/${homework.id}`)
    await both(page, 'dashboard-student')

    await signInAs(page, TEACHER.email)
    const a = `/instructor/assignments/${homework.id}`
    for (const p of [
      '/instructor',
      `/instructor/courses/${courseId}`,
      `/instructor/courses/${courseId}/assignments/new`,
      `/instructor/courses/${courseId}/gradebook`,
      `/instructor/courses/${courseId}/mastery`,
      `/instructor/courses/${courseId}/lms`,
      a,
      `${a}/edit`,
      `${a}/gradebook`,
      `${a}/stats`,
      `${a}/misconceptions`,
      `${a}/preview`,
      `${a}/extensions`,
      `${a}/delete`,
      `${a}/lms`,
      `${a}/students/${student.id}`,
      `/instructor/items/${homework.itemId}/regrade`,
      `/instructor/assignments/${examId}`,
      `/instructor/assignments/${examId}/exam`,
    ])
      await audit(p, [DESKTOP])

    // The site admin's LTI page (the account the e2e server's ADMIN_EMAILS names; lti.test.ts makes it alike).
    await db.user.upsert({
      where: { email: 'lti-admin@lassolab.test' },
      create: { email: 'lti-admin@lassolab.test', name: 'Admin', passwordHash: await hashPassword('admin-password') },
      update: {},
    })
    await signInAs(page, 'lti-admin@lassolab.test', 'admin-password')
    await audit('/admin/lti', [DESKTOP])
    expect(failures).toEqual([])
    await page.close()
  }, 900_000)
})
