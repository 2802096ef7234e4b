/**
 * The Prisma client factory. DATABASE_URL picks the store:
 *   file:…            SQLite through @prisma/adapter-better-sqlite3 (the embedded default, data/lassolab.db)
 *   postgresql://…    PostgreSQL through @prisma/adapter-pg (scale-out); `?schema=name` selects a schema
 * A generated client is tied to its provider, so there is one per provider (scripts/generate.mjs).
 * Both expose the same model API; the PostgreSQL one is typed as the SQLite one.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '@/lib/generated/prisma/client'
import { PrismaClient as PrismaClientPg } from '@/lib/generated/prisma-pg/client'

export type Db = PrismaClient
export const DEFAULT_DATABASE_URL = 'file:./data/lassolab.db'

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url)
}

// Which database each client talks to, for the stores that need their own connection (lib/server/edge/rateLimit).
const urls = new WeakMap<object, string>()

/** The DATABASE_URL a client was created with. */
export function databaseUrlOf(db: Db): string {
  return urls.get(db) ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL
}

export function createDb(url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): Db {
  const client = openClient(url)
  urls.set(client, url)
  return client
}

function openClient(url: string): Db {
  if (isPostgresUrl(url)) {
    const u = new URL(url)
    const schema = u.searchParams.get('schema') ?? undefined
    u.searchParams.delete('schema')
    const adapter = new PrismaPg({ connectionString: u.toString(), max: Number(process.env.DB_POOL_MAX ?? 10) }, schema ? { schema } : undefined)
    return new PrismaClientPg({ adapter }) as unknown as Db
  }
  if (!url.startsWith('file:')) throw new Error(`DATABASE_URL must start with file: or postgresql://, got "${url}"`)
  const adapter = new PrismaBetterSqlite3({ url, timeout: 10_000 })
  return new PrismaClient({ adapter })
}

const g = globalThis as unknown as { __lassolabDb?: Db }

/** The process-wide client (one pool per server instance; no other state is kept in memory). */
export function db(): Db {
  g.__lassolabDb ??= createDb()
  return g.__lassolabDb
}
