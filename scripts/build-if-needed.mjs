// Runs `next build` unless the sources are unchanged since the last build (a hash of them is kept in .next/).
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const SKIP = new Set(['node_modules', '.next', 'data', 'test-results', '.git', 'tests', 'coverage', 'bench-results'])

export function sourceHash() {
  const hash = crypto.createHash('sha256')
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) walk(p)
      } else if (/\.(tsx?|mjs|css|json|prisma)$/.test(e.name)) hash.update(path.relative(root, p)).update(fs.readFileSync(p))
    }
  }
  walk(root)
  return hash.digest('hex')
}

/** Builds when needed; returns true when it built. */
export function buildIfNeeded({ log = console.log, env = process.env } = {}) {
  const digest = sourceHash()
  const stamp = path.join(root, '.next/lassolab-source-hash')
  if (fs.existsSync(path.join(root, '.next/BUILD_ID')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === digest) {
    log('Build is up to date.')
    return false
  }
  log('Building the app (next build)…')
  execFileSync(path.join(root, 'node_modules/.bin/next'), ['build'], { cwd: root, stdio: 'inherit', env: { ...env, NEXT_TELEMETRY_DISABLED: '1' } })
  fs.writeFileSync(stamp, digest)
  return true
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) buildIfNeeded()
