#!/usr/bin/env node
// Derives prisma/pg/schema.prisma (PostgreSQL) from prisma/schema.prisma (SQLite), the one schema source.
//   node scripts/derive-pg-schema.mjs           write it
//   node scripts/derive-pg-schema.mjs --check   exit 1 when the committed file differs (tests/unit/schema-drift.test.ts)
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const src = path.join(root, 'prisma/schema.prisma')
const out = path.join(root, 'prisma/pg/schema.prisma')

export function derivePgSchema(text) {
  const header = '// GENERATED from prisma/schema.prisma by scripts/derive-pg-schema.mjs: do not edit.\n'
  const body = text
    .replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
    .replace(/output\s*=\s*"\.\.\/lib\/generated\/prisma"/, 'output   = "../../lib/generated/prisma-pg"')
  if (body === text) throw new Error('derive-pg-schema: no provider/output line matched in prisma/schema.prisma')
  return header + body
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const want = derivePgSchema(fs.readFileSync(src, 'utf8'))
  if (process.argv.includes('--check')) {
    const have = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : ''
    if (have !== want) {
      console.error('prisma/pg/schema.prisma is out of date: run `npm run db:derive-pg`')
      process.exit(1)
    }
  } else {
    fs.mkdirSync(path.dirname(out), { recursive: true })
    fs.writeFileSync(out, want)
    console.log('wrote prisma/pg/schema.prisma')
  }
}
