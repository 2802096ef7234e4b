/** One schema source: the PostgreSQL schema must be exactly what the derivation script makes of the SQLite one. */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: plain ESM script without type declarations
import { derivePgSchema } from '../../scripts/derive-pg-schema.mjs'

const root = path.resolve(import.meta.dirname, '../..')
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8')

describe('prisma schemas', () => {
  it('prisma/pg/schema.prisma is derived from prisma/schema.prisma', () => {
    expect(read('prisma/pg/schema.prisma')).toBe(derivePgSchema(read('prisma/schema.prisma')))
  })

  it('the derivation only changes the provider and the client output', () => {
    const src = read('prisma/schema.prisma')
    const pg: string = derivePgSchema(src)
    expect(pg).toContain('provider = "postgresql"')
    expect(pg).not.toContain('"sqlite"')
    const models = (s: string) => s.slice(s.indexOf('model '))
    expect(models(pg)).toBe(models(src))
  })

  it('detects drift: a changed source no longer matches the committed PostgreSQL schema', () => {
    const changed = read('prisma/schema.prisma').replace('model Course {', 'model Course {\n  extra String?')
    expect(derivePgSchema(changed)).not.toBe(read('prisma/pg/schema.prisma'))
  })

  it('both providers have the same migration history', () => {
    const names = (dir: string) =>
      fs
        .readdirSync(path.join(root, dir), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name.replace(/^\d+_/, ''))
    expect(names('prisma/pg/migrations')).toEqual(names('prisma/migrations'))
  })

  it('the --check mode of the script passes on the committed files', () => {
    expect(() => execFileSync('node', ['scripts/derive-pg-schema.mjs', '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow()
  })
})
