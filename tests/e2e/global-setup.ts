/**
 * Global setup of the e2e project: builds once, migrates and seeds one SQLite database, starts one
 * `next start`, and provides it to every test file (harness.ts `startApp()`); stops it after the run.
 */
import type { TestProject } from 'vitest/node'
import { launchApp } from './harness'

export default async function setup(project: TestProject) {
  const app = await launchApp()
  const env: Record<string, string> = {}
  for (const k of ['DATABASE_URL', 'AUTH_SECRET', 'PORT']) if (app.env[k] !== undefined) env[k] = String(app.env[k])
  project.provide('e2eApp', { baseUrl: app.baseUrl, databaseUrl: app.databaseUrl, env })
  return async () => {
    await app.stop()
  }
}
