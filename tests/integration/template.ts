/**
 * The template database of an integration run, on the backend named by TEST_BACKEND. global-setup.ts migrates
 * it once per run with the project's own runner (scripts/migrate.mjs deploy, as in production); helpers.ts
 * freshDb() gives every test file a copy of it:
 *   sqlite   (default) data/test-template-<random>.db, copied file by file
 *   postgres a database lassolab_tmpl_<random> in the server of TEST_DATABASE_URL
 *            (default postgresql://postgres@127.0.0.1:5432/test), copied by CREATE DATABASE … TEMPLATE
 * This module imports nothing of the app: the global setup runs it in vitest's own process.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
const dataDir = path.join(root, 'data')
export const backend = (process.env.TEST_BACKEND ?? 'sqlite') as 'sqlite' | 'postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The template's file (sqlite) or database name (postgres). */
    integrationTemplate: string | undefined
  }
}

/**
 * A URL of the server of TEST_DATABASE_URL. With `database`: that database, its tables in schema public (the
 * URL the app, the runner and the rate limiter read); without: TEST_DATABASE_URL's own database, for the
 * CREATE/DROP DATABASE statements (never a template or a test database, which must have no other session).
 */
export function pgUrl(database?: string): string {
  const u = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://127.0.0.1:5432/test')
  if (!u.username) u.username = 'postgres'
  u.searchParams.delete('schema')
  if (database) {
    u.pathname = `/${database}`
    u.searchParams.set('schema', 'public')
  }
  return u.toString()
}

/** Runs one statement on the server, in a session of its own. */
export async function pgAdmin(sql: string): Promise<void> {
  const pg = (await import('pg')).default
  const c = new pg.Client({ connectionString: pgUrl() })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

/** A database name as a quoted identifier. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`

/** A SQLite database file and whatever journal it may have left. */
export function removeSqliteFiles(file: string): void {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true })
}

/** A new database file path under data/ (the directory made if missing). */
export function sqliteFile(name: string): string {
  fs.mkdirSync(dataDir, { recursive: true })
  return path.join(dataDir, `${name}.db`)
}

export interface Template {
  /** What freshDb() copies: the file (sqlite) or the database name (postgres). */
  location: string
  remove(): Promise<void>
}

/** Creates and migrates the run's template; removes what it made if the migration fails. */
export async function createTemplate(): Promise<Template> {
  const tag = randomBytes(6).toString('hex')
  let template: Template
  let url: string
  if (backend === 'postgres') {
    const database = `lassolab_tmpl_${tag}`
    await pgAdmin(`CREATE DATABASE ${ident(database)}`)
    url = pgUrl(database)
    template = { location: database, remove: () => pgAdmin(`DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`) }
  } else {
    const file = sqliteFile(`test-template-${tag}`)
    url = `file:${file}`
    template = { location: file, remove: async () => removeSqliteFiles(file) }
  }
  try {
    execFileSync('node', ['scripts/migrate.mjs', 'deploy'], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: 'pipe' })
    if (backend === 'postgres') {
      // CREATE DATABASE … TEMPLATE refuses a template with another session: none may connect from now on.
      await pgAdmin(`ALTER DATABASE ${ident(template.location)} WITH ALLOW_CONNECTIONS false`)
    } else {
      // A plain file copy must see every page: fold any write-ahead log back into the file and remove it.
      const Database = (await import('better-sqlite3')).default
      const conn = new Database(template.location)
      conn.pragma('wal_checkpoint(TRUNCATE)')
      conn.pragma('journal_mode = DELETE')
      conn.close()
    }
  } catch (e) {
    await template.remove()
    throw e
  }
  return template
}
