#!/usr/bin/env node
// `npm start`: everything a fresh clone needs, each step skipped when already done:
//   install dependencies → generate Prisma clients → secrets → migrate the database → seed the demo course →
//   build → serve on http://localhost:3000 (PORT and HOSTNAME override).
import { execFileSync, spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { buildIfNeeded } from './build-if-needed.mjs'
import { serverNodeOptions } from './server-flags.mjs'

const root = path.resolve(import.meta.dirname, '..')
process.chdir(root)
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' }
const say = (s) => console.log(`\x1b[1m[lassolab]\x1b[0m ${s}`)
const run = (cmd, args, extra = {}) => execFileSync(cmd, args, { stdio: 'inherit', env, ...extra })
const bin = (name) => path.join(root, 'node_modules/.bin', name)

// 1. Dependencies: install when node_modules is missing or older than the lockfile.
const lock = path.join(root, 'package-lock.json')
const installed = path.join(root, 'node_modules/.package-lock.json')
if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
  say('Installing dependencies with `npm ci` (first run: about 2 to 3 minutes, better-sqlite3 compiles from source)…')
  run('npm', ['ci', '--no-audit', '--no-fund'])
} else say('Dependencies already installed.')

// 2. Prisma clients (postinstall makes them; regenerate if someone deleted them).
if (!fs.existsSync(path.join(root, 'lib/generated/prisma/client.ts')) || !fs.existsSync(path.join(root, 'lib/generated/prisma-pg/client.ts'))) {
  say('Generating the Prisma clients…')
  run('node', ['scripts/generate.mjs'])
}

// 3. Secrets: AUTH_SECRET signs sessions and variant seeds; kept in data/.secrets so sessions survive restarts.
fs.mkdirSync(path.join(root, 'data'), { recursive: true })
const secretsFile = path.join(root, 'data/.secrets.json')
let secrets = {}
if (fs.existsSync(secretsFile)) secrets = JSON.parse(fs.readFileSync(secretsFile, 'utf8'))
if (!secrets.AUTH_SECRET) {
  secrets.AUTH_SECRET = crypto.randomBytes(32).toString('base64url')
  fs.writeFileSync(secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  say('Created a random AUTH_SECRET in data/.secrets.json.')
}
env.AUTH_SECRET ??= secrets.AUTH_SECRET
env.DATABASE_URL ??= 'file:./data/lassolab.db'

// 4. Database: apply pending migrations (creates the SQLite file on first run).
say(`Migrating the database (${env.DATABASE_URL.replace(/\/\/[^@/]*@/, '//…@')})…`)
run('node', ['scripts/migrate.mjs', 'deploy'])

// 5. Demo course and accounts.
run(bin('tsx'), ['scripts/seed.ts'])

// 6. Build when the sources changed since the last build.
buildIfNeeded({ log: say, env })

// 7. Serve.
const port = env.PORT ?? '3000'
const host = env.HOSTNAME ?? '0.0.0.0'
say(`Serving on http://localhost:${port}  (Ctrl+C to stop)`)
// LMS administrators paste these (README, "LMS integration"); LTI_TOOL_URL is the public https URL in production.
const toolUrl = (env.LTI_TOOL_URL || env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '')
say(`LTI 1.3: Canvas developer key JSON URL ${toolUrl}/api/lti/canvas-config; Moodle values and platform registration on ${toolUrl}/admin/lti`)
const server = spawn(bin('next'), ['start', '-p', port, '-H', host], { stdio: 'inherit', env: { ...env, NODE_OPTIONS: serverNodeOptions(env.NODE_OPTIONS) } })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig))
server.on('exit', (code) => process.exit(code ?? 0))
