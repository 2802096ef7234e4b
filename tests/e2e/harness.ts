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
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { inject } from 'vitest'
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
  fs.mkdirSync(resultsDir, { recursive: true })
  buildIfNeeded({ log: (s: string) => console.log(`[e2e] ${s}`) })
  const tag = randomBytes(5).toString('hex')
  const dbFile = path.join(root, 'data', `e2e-${tag}.db`)
  fs.mkdirSync(path.dirname(dbFile), { recursive: true })
  const port = await freePort()
  const env = {
    ...process.env,
    DATABASE_URL: `file:${dbFile}`,
    AUTH_SECRET: `e2e-secret-${tag}`,
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
  }
  execFileSync('node', ['scripts/migrate.mjs', 'deploy'], { cwd: root, env, stdio: 'pipe' })
  execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/seed.ts'], { cwd: root, env, stdio: 'pipe' })
  const log = fs.openSync(path.join(resultsDir, `server-${tag}.log`), 'w')
  const server: ChildProcess = spawn(path.join(root, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env,
    stdio: ['ignore', log, log],
  })
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
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
    databaseUrl: env.DATABASE_URL,
    env,
    async stop() {
      server.kill('SIGTERM')
      await new Promise((r) => setTimeout(r, 300))
      for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`]) fs.rmSync(f, { force: true })
    },
  }
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
