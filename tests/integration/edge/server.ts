/**
 * The production build served by `next start` on this test file's database (TEST_BACKEND), for the checks
 * that only a real server shows: proxy.ts, headers, body limits, rate limits shared by instances.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
// @ts-expect-error: plain ESM script without type declarations
import { buildIfNeeded } from '../../../scripts/build-if-needed.mjs'

const root = path.resolve(import.meta.dirname, '../../..')

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

export interface Server {
  baseUrl: string
  stop(): Promise<void>
}

export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<Server> {
  buildIfNeeded({ log: () => {} })
  const port = await freePort()
  const logDir = path.join(root, 'test-results')
  fs.mkdirSync(logDir, { recursive: true })
  const logFile = path.join(logDir, `edge-server-${port}.log`)
  const log = fs.openSync(logFile, 'w')
  const server: ChildProcess = spawn(path.join(root, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl, AUTH_SECRET: process.env.AUTH_SECRET, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', log, log],
  })
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break
    } catch {}
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`the app did not start; see ${logFile}`)
    await new Promise((r) => setTimeout(r, 150))
  }
  return {
    baseUrl,
    async stop() {
      server.kill('SIGTERM')
      await new Promise((r) => setTimeout(r, 200))
    },
  }
}

/** Posts the credentials form as a browser would (CSRF token and cookie first). */
export async function postSignIn(baseUrl: string, email: string, password: string) {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`)
  const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0])
  const { csrfToken } = (await csrf.json()) as { csrfToken: string }
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: '/dashboard' }),
  })
  const session = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='))
  return { res, cookie: session ? [...jar, session.split(';')[0]].join('; ') : null }
}
