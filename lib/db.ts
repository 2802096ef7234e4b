/**
 * The Prisma client factory. DATABASE_URL picks the store:
 *   file:…            SQLite through @prisma/adapter-better-sqlite3 (the embedded default, data/lassolab.db)
 *   postgresql://…    PostgreSQL through @prisma/adapter-pg (scale-out); `?schema=name` selects a schema
 * A generated client is tied to its provider, so there is one per provider (scripts/generate.mjs).
 * Both expose the same model API; the PostgreSQL one is typed as the SQLite one.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils'
import type BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { PrismaClient } from '@/lib/generated/prisma/client'
import { PrismaClient as PrismaClientPg } from '@/lib/generated/prisma-pg/client'
import { startCheckpointer, stopCheckpointer, WAL_AUTOCHECKPOINT_PAGES } from '@/lib/sqliteCheckpoint'

export type Db = PrismaClient
export const DEFAULT_DATABASE_URL = 'file:./data/lassolab.db'

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url)
}

/** How long a SQLite writer waits for another process's write lock before SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000

/**
 * The SQLite adapter, with the same settings on every connection it opens:
 * - WAL journal: readers do not block the writer, and a commit appends to the log instead of rewriting pages;
 * - synchronous=FULL: the log is fsynced at every commit, so an acknowledged write survives power loss
 *   and kill -9 (NORMAL would only guarantee it survives a process crash). The submission path keeps that
 *   guarantee with its own group commit (lib/server/student.ts sqliteGroupWrite): its transaction commits without
 *   the fsync and the log is fsynced off the main thread before any of its callers is answered;
 * - a busy timeout, so a second process (a migration, a script) waits instead of failing at once;
 * - for a database file, checkpoints of the log in a worker thread (lib/sqliteCheckpoint), not inside the commits
 *   of the thread that answers requests.
 */
class SqliteAdapterFactory extends PrismaBetterSqlite3 {
  /** The adapter's better-sqlite3 connection, once Prisma has opened it (see sqliteConnection). */
  connection: BetterSqlite3.Database | null = null
  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect()
    await adapter.executeScript(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS};`)
    const conn = (adapter as unknown as { client?: BetterSqlite3.Database }).client ?? null
    this.connection = conn
    if (conn && !conn.memory) {
      conn.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`)
      startCheckpointer(conn.name, SQLITE_BUSY_TIMEOUT_MS)
      const release = adapter.dispose.bind(adapter)
      adapter.dispose = async () => {
        this.connection = null
        await stopCheckpointer(conn.name)
        return release()
      }
    }
    return adapter
  }
}
/**
 * The PostgreSQL adapter, remembering the pool it opens: the submission's hot path (lib/server/student.ts) runs its
 * two statements on that same pool as named prepared statements, without Prisma's raw-query layer (which cost
 * about 0.7 ms of CPU per statement) and without PostgreSQL planning its 15-subquery read on every call.
 */
class PgAdapterFactory extends PrismaPg {
  pool: pg.Pool | null = null
  override async connect() {
    const adapter = await super.connect()
    this.pool = adapter.underlyingDriver()
    const release = adapter.dispose.bind(adapter)
    adapter.dispose = async () => {
      this.pool = null
      return release()
    }
    return adapter
  }
}

/**
 * Facts about each client, kept on globalThis: Next.js may bundle this module more than once (route handlers,
 * server components, the proxy), and a module-level map would then be empty in the copy that reads it.
 */
const holder = globalThis as unknown as { __lassolabDbRegistry?: { sqlite: WeakMap<Db, SqliteAdapterFactory>; pg: WeakMap<Db, PgAdapterFactory>; providers: WeakMap<Db, Provider>; urls: WeakMap<object, string> } }
holder.__lassolabDbRegistry ??= { sqlite: new WeakMap(), pg: new WeakMap(), providers: new WeakMap(), urls: new WeakMap() }
const registry = holder.__lassolabDbRegistry
const sqliteFactories = registry.sqlite

/**
 * The SQLite connection under a client, once it has run a query (null before, and for PostgreSQL). For a
 * multi-statement write that must not wait between its statements: a Prisma transaction on SQLite keeps the
 * write lock across awaits, during which another connection of the same process (the rate limiter's) would
 * wait for it synchronously, blocking the very thread that holds it, until its busy timeout.
 */
export function sqliteConnection(db: Db): BetterSqlite3.Database | null {
  return sqliteFactories.get(db)?.connection ?? null
}

/**
 * The connection (SQLite) or pool (PostgreSQL) under a client, for the statements the submission's hot path runs
 * without Prisma; connects the client first if it has run no query yet.
 */
export async function rawConnection(db: Db): Promise<{ sqlite: BetterSqlite3.Database; pg?: undefined } | { pg: pg.Pool; sqlite?: undefined }> {
  if (!sqliteConnection(db) && !pgPool(db)) await db.$connect()
  const sqlite = sqliteConnection(db)
  if (sqlite) return { sqlite }
  const pool = pgPool(db)
  if (pool) return { pg: pool }
  throw new Error('The database client did not connect.')
}

/** The PostgreSQL pool under a client, once it has connected (null before, and for SQLite). */
export function pgPool(db: Db): pg.Pool | null {
  return registry.pg.get(db)?.pool ?? null
}

/**
 * Result parsing for queries run on pgPool: Prisma's DateTime columns are `timestamp(3)` without time zone holding
 * UTC, which node-postgres would read as local time; every other type keeps node-postgres's parser.
 */
export const pgQueryTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMP_OID) return (text: string) => new Date(`${text.replace(' ', 'T')}Z`)
    return pg.types.getTypeParser(oid, format as 'text')
  },
} as pg.CustomTypesConfig
const TIMESTAMP_OID = 1114

export type Provider = 'sqlite' | 'postgresql'
const providers = registry.providers

/** Which store a client talks to, for the few statements written in SQL (the submission path in lib/server/student.ts). */
export function providerOf(db: Db): Provider {
  return providers.get(db) ?? 'sqlite'
}

// Which database each client talks to, for the stores that need their own connection (lib/server/edge/rateLimit).
const urls = registry.urls

/** The DATABASE_URL a client was created with. */
export function databaseUrlOf(db: Db): string {
  return urls.get(db) ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL
}

export function createDb(url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): Db {
  const client = openClient(url)
  providers.set(client, isPostgresUrl(url) ? 'postgresql' : 'sqlite')
  urls.set(client, url)
  return client
}

function openClient(url: string): Db {
  if (isPostgresUrl(url)) {
    const u = new URL(url)
    const schema = u.searchParams.get('schema') ?? undefined
    u.searchParams.delete('schema')
    // Model queries name the schema themselves; the search path makes the hand-written SQL of the hot path
    // (lib/server/student.ts) resolve to the same tables.
    if (schema) u.searchParams.set('options', `-c search_path="${schema.replaceAll('"', '""')}"`)
    const adapter = new PgAdapterFactory({ connectionString: u.toString(), max: Number(process.env.DB_POOL_MAX ?? 10) }, schema ? { schema } : undefined)
    const client = new PrismaClientPg({ adapter }) as unknown as Db
    registry.pg.set(client, adapter)
    return client
  }
  if (!url.startsWith('file:')) throw new Error(`DATABASE_URL must start with file: or postgresql://, got "${url}"`)
  const adapter = new SqliteAdapterFactory({ url, timeout: SQLITE_BUSY_TIMEOUT_MS })
  const client = new PrismaClient({ adapter })
  sqliteFactories.set(client, adapter)
  return client
}

const g = globalThis as unknown as { __lassolabDb?: Db }

/** The process-wide client (one pool per server instance; no other state is kept in memory). */
export function db(): Db {
  g.__lassolabDb ??= createDb()
  return g.__lassolabDb
}
