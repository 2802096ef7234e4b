/**
 * Global setup of the e2e project: builds once, migrates and seeds one SQLite database, starts one
 * `next start`, and provides it to every test file (harness.ts `startApp()`); stops it after the run.
 */
import type { TestProject } from 'vitest/node'
import { launchApp } from './harness'

/**
 * Server settings the e2e files rely on (short background intervals, the LTI admin account). A file that
 * needs a server configured differently calls harness.ts `launchApp()` for a server of its own.
 */
const SERVER_ENV = { EXAM_SWEEP_INTERVAL_MS: '2000', LTI_OUTBOX_INTERVAL_MS: '300', ADMIN_EMAILS: 'lti-admin@lassolab.test' }

export default async function setup(project: TestProject) {
  Object.assign(process.env, SERVER_ENV)
  const app = await launchApp()
  const env: Record<string, string> = {}
  for (const k of ['DATABASE_URL', 'AUTH_SECRET', 'PORT', ...Object.keys(SERVER_ENV)]) if (app.env[k] !== undefined) env[k] = String(app.env[k])
  project.provide('e2eApp', { baseUrl: app.baseUrl, databaseUrl: app.databaseUrl, env })
  return async () => {
    await app.stop()
  }
}
