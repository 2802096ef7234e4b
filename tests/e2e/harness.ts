/**
 * End-to-end harness: the production build served by `next start` on 127.0.0.1 with a fresh, migrated and
 * seeded SQLite database, and Debian's Chromium driven by playwright-core.
 * One server for the whole e2e run: tests/e2e/global-setup.ts builds once, starts it and provides it;
 * `startApp()` in a test file returns that shared app (its `stop()` does nothing; the global teardown stops
 * it). Test files share the database, so each makes its own courses/assignments/accounts where it needs a
 * clean slate. Run outside the e2e project (no provided app), `startApp()` starts a server of its own.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { type BrowserContext, chromium, type Frame, type Page } from 'playwright-core'
import { expect, inject } from 'vitest'
import type { Db } from '@/lib/db'
import { hashPassword } from '@/lib/server/users'
// @ts-expect-error: plain ESM script without type declarations
import { buildIfNeeded } from '../../scripts/build-if-needed.mjs'

export const root = path.resolve(import.meta.dirname, '../..')
export const resultsDir = path.join(root, 'test-results')
export const DEMO_PASSWORD = 'lassolab-demo'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

export interface App {
  baseUrl: string
  databaseUrl: string
  env: NodeJS.ProcessEnv
  stop(): Promise<void>
}

/** What the global setup hands to the test files (serializable). */
export interface SharedApp {
  baseUrl: string
  databaseUrl: string
  env: Record<string, string>
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eApp: SharedApp | undefined
  }
}

/** The app for a test file: the server shared by the whole e2e run, or (outside it) a server of its own. */
export async function startApp(): Promise<App> {
  const shared = inject('e2eApp')
  if (shared) return { ...shared, env: { ...process.env, ...shared.env }, async stop() {} }
  return launchApp()
}

/** Builds if needed, then serves the app on a fresh SQLite database with the demo course. */
export async function launchApp(): Promise<App> {
  const tag = randomBytes(5).toString('hex')
  const dbFile = path.join(root, 'data', `e2e-${tag}.db`)
  fs.mkdirSync(path.dirname(dbFile), { recursive: true })
  const databaseUrl = `file:${dbFile}`
  const env = { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: `e2e-secret-${tag}`, NEXT_TELEMETRY_DISABLED: '1' }
  execFileSync('node', ['scripts/migrate.mjs', 'deploy'], { cwd: root, env, stdio: 'pipe' })
  execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/seed.ts'], { cwd: root, env, stdio: 'pipe' })
  const server = await startServer(env)
  return {
    ...server,
    async stop() {
      await server.stop()
      for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`]) fs.rmSync(f, { force: true })
    },
  }
}

/**
 * Builds if needed, then serves the production build with `env` (DATABASE_URL of an already migrated database,
 * AUTH_SECRET…) on a free port of 127.0.0.1. `stop()` ends the server (SIGTERM, or SIGKILL to simulate a crash).
 */
export async function startServer(env: NodeJS.ProcessEnv): Promise<App & { server: ChildProcess; stop(signal?: NodeJS.Signals): Promise<void> }> {
  fs.mkdirSync(resultsDir, { recursive: true })
  buildIfNeeded({ log: (s: string) => console.log(`[e2e] ${s}`) })
  const tag = randomBytes(5).toString('hex')
  const port = await freePort()
  const fullEnv: NodeJS.ProcessEnv = { NEXT_TELEMETRY_DISABLED: '1', ...env, PORT: String(port) }
  const log = fs.openSync(path.join(resultsDir, `server-${tag}.log`), 'w')
  const server: ChildProcess = spawn(path.join(root, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env: fullEnv,
    stdio: ['ignore', log, log],
  })
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 90_000
  for (;;) {
    try {
      const r = await fetch(`${baseUrl}/api/health`)
      if (r.ok) break
    } catch {}
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`the app did not start; see test-results/server-${tag}.log`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    baseUrl,
    databaseUrl: String(fullEnv.DATABASE_URL),
    env: fullEnv,
    server,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (server.exitCode !== null) return
      const exited = new Promise((r) => server.once('exit', r))
      server.kill(signal)
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
    },
  }
}

/** Signs in through Auth.js's credentials callback without a browser; returns the session cookie header. */
export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`)
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string }
  const jar = new Map(csrfRes.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]))
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: '/dashboard' }),
  })
  const session = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='))
  if (!session) throw new Error(`sign-in failed for ${email} (status ${res.status})`)
  return session.split(';')[0]
}

export async function launchBrowser(): Promise<BrowserContext> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lassolab-chromium-'))
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** Signs in as `email`, dropping any session the browser context already has. */
export async function signIn(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD) {
  // Off the app first: a request still in flight from the last page would set the old session cookie again
  // (Auth.js renews it on every request), and /signin would send the old user on to the dashboard.
  await page.goto('about:blank')
  await page.context().clearCookies()
  await page.goto(`${baseUrl}/signin`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30_000 })
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(resultsDir, `${name}.png`), fullPage: true })
}

/**
 * Full-page screenshots `<name>-1280.png` and `<name>-390.png` (a phone), taken from the top of the page; at
 * 390 px nothing may be wider than the screen (a soft expectation: the rest of the flow still runs).
 */
export async function shotsAtTwoWidths(page: Page, name: string) {
  // From the top: a sticky element (the exam's countdown) would otherwise be drawn where the page was scrolled to.
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.setViewportSize({ width: 1280, height: 900 })
  await screenshot(page, `${name}-1280`)
  await page.setViewportSize({ width: 390, height: 844 })
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
  await screenshot(page, `${name}-390`)
  const wide = (await horizontalOverflow(page, 'body *')).culprits
  await page.setViewportSize({ width: 1280, height: 900 })
  expect.soft(wide, `${name}: wider than 390 px`).toEqual([])
}

/**
 * A course of a test file's own (the e2e files share one database): an instructor and a student created with
 * `password`, enrolled in a new course with a unique join code.
 */
export async function courseWithInstructorAndStudent(
  db: Db,
  opts: { password: string; instructor: { email: string; name: string }; student: { email: string; name: string }; title: string; joinCode: string },
) {
  const passwordHash = await hashPassword(opts.password)
  const teacher = await db.user.create({ data: { ...opts.instructor, passwordHash } })
  const student = await db.user.create({ data: { ...opts.student, passwordHash } })
  const course = await db.course.create({
    data: {
      title: opts.title,
      joinCode: opts.joinCode,
      enrollments: { create: [{ userId: teacher.id, role: 'INSTRUCTOR' }, { userId: student.id, role: 'STUDENT' }] },
    },
  })
  return { courseId: course.id, instructorId: teacher.id, studentId: student.id }
}

/**
 * Page-level horizontal overflow (what a phone user would have to scroll sideways for) and its culprits: elements
 * matching `scope` that stick out of the viewport and are not inside a horizontally scrolling box that fits.
 */
export async function horizontalOverflow(page: Pick<Page, 'evaluate'>, scope = 'main *, body > *') {
  return page.evaluate((selector) => {
    const doc = document.documentElement
    const width = doc.clientWidth
    const culprits = Array.from(document.querySelectorAll(selector))
      .filter((el) => {
        const r = el.getBoundingClientRect()
        if (r.width === 0 || r.right <= width + 1) return false
        for (let p = el.parentElement; p; p = p.parentElement) {
          const ox = getComputedStyle(p).overflowX
          if ((ox === 'auto' || ox === 'scroll' || ox === 'hidden') && p.getBoundingClientRect().right <= width + 1) return false
        }
        return true
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).split(' ').join('.')} "${(el.textContent ?? '').slice(0, 30)}" right=${Math.round(el.getBoundingClientRect().right)}`)
    return { scrollWidth: doc.scrollWidth, width, culprits }
  }, scope)
}

/** A new user signs up through /signup (landing on the dashboard), then joins a course by its code. */
export async function signUpAndJoin(page: Page, baseUrl: string, user: { name: string; email: string; password: string }, joinCode: string) {
  await page.goto('about:blank')
  await page.context().clearCookies()
  await page.goto(`${baseUrl}/signup`)
  await page.getByLabel('Name').fill(user.name)
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password (at least 8 characters)').fill(user.password)
  await page.getByRole('button', { name: /Create account|Sign up/ }).click()
  await page.waitForURL(/\/dashboard/, { timeout: 30_000 })
  await page.getByRole('link', { name: 'Join a course' }).click()
  await page.getByLabel('Join code').fill(joinCode)
  await page.getByRole('button', { name: 'Join the course' }).click()
  await page.waitForURL(/\/dashboard/)
}

/**
 * Every axe-core violation on the page or frame (any impact), as "rule (impact): target" lines, once the page has
 * settled (fonts in). axe is evaluated, not added as a script tag, so the page's CSP does not stop it. Client code finishes a
 * page after hydration (the scroll cues of wide formulas and tables, with their focus and label, are set again after
 * a resize): a reader meets the finished page within a moment, so a violation counts only if it is still there
 * after up to 4 s (on a slow machine the first look may come before that code has run).
 */
let axeSource: string | undefined
export async function axeViolations(target: Page | Frame): Promise<string[]> {
  axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await target.evaluate(() => document.fonts.ready.then(() => undefined))
  const once = async () => {
    await target.evaluate(axeSource as string)
    const violations = await target.evaluate(async () => {
      // biome-ignore lint/suspicious/noExplicitAny: axe is a global of the evaluated script
      const r = await (window as any).axe.run(document, { resultTypes: ['violations'] })
      return r.violations as { id: string; impact: string; nodes: { target: string[] }[] }[]
    })
    return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`))
  }
  let found = await once()
  for (let tries = 0; found.length > 0 && tries < 8; tries++) {
    await new Promise((r) => setTimeout(r, 500))
    found = await once()
  }
  return found
}

/**
 * A table whose first column sticks (`.sticky-first`, the gradebooks on a phone), scrolled sideways by 400 px: where
 * its first row header was before and after, and how far the box really scrolled (0 when the table fits).
 */
export function scrollStickyTable(page: Page): Promise<{ before: number; after: number; scrolled: number }> {
  return page.evaluate(() => {
    const wrap = document.querySelector('.sticky-first') as HTMLElement
    const name = wrap.querySelector('tbody th') as HTMLElement
    const before = name.getBoundingClientRect().left
    wrap.scrollLeft = 400
    return { before, after: name.getBoundingClientRect().left, scrolled: wrap.scrollLeft }
  })
}
