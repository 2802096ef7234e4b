/**
 * Rate limits, counted by rate-limiter-flexible in a store every app instance shares: Redis when REDIS_URL is
 * set, otherwise the app's own database (the `rate_limit` table of the Prisma schema, through the library's
 * PostgreSQL or SQLite store). Each check is one statement: a read, or one upsert that increments the counter
 * and starts a new window when the old one has passed. On PostgreSQL the submission limit's upsert runs inside the
 * submission's own read (submissionTryCounter), on the same row.
 *
 * Limits (each overridable by environment, for deployments and tests):
 * - sign-in, per account: after RATE_LIMIT_SIGNIN_FAILURES (10) failures within RATE_LIMIT_SIGNIN_WINDOW_SECONDS
 *   (900), every try is refused until the window passes; a successful sign-in clears the count.
 * - sign-in, per address: RATE_LIMIT_SIGNIN_ADDRESS_FAILURES (100) failures per window; successes never count.
 * - sign-up, per address: RATE_LIMIT_SIGNUP_PER_HOUR (30).
 * - join by code, per user: RATE_LIMIT_JOIN_PER_10_MINUTES (30).
 * - submissions, per user: RATE_LIMIT_SUBMIT_PER_MINUTE (120).
 */
import {
  type RateLimiterAbstract,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  RateLimiterSQLite,
} from 'rate-limiter-flexible'
import { type Db, databaseUrlOf, isPostgresUrl, providerOf } from '@/lib/db'
import { WAL_AUTOCHECKPOINT_PAGES } from '@/lib/sqliteCheckpoint'
import { RateLimitedError } from '../errors'

const TABLE = 'rate_limit'

interface Policy {
  points: number
  seconds: number
}

const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name])
  return Number.isFinite(v) && v > 0 ? v : fallback
}

/** Read per call, so a test can shorten a window for the servers it starts. */
export function policies() {
  const signInWindow = envNumber('RATE_LIMIT_SIGNIN_WINDOW_SECONDS', 15 * 60)
  return {
    signInAccount: { points: envNumber('RATE_LIMIT_SIGNIN_FAILURES', 10), seconds: signInWindow },
    signInAddress: { points: envNumber('RATE_LIMIT_SIGNIN_ADDRESS_FAILURES', 100), seconds: signInWindow },
    signUp: { points: envNumber('RATE_LIMIT_SIGNUP_PER_HOUR', 30), seconds: 3600 },
    join: { points: envNumber('RATE_LIMIT_JOIN_PER_10_MINUTES', 30), seconds: 600 },
    submit: { points: envNumber('RATE_LIMIT_SUBMIT_PER_MINUTE', 120), seconds: 60 },
  } satisfies Record<string, Policy>
}
type PolicyName = keyof ReturnType<typeof policies>

type Store = { make(name: string, p: Policy): RateLimiterAbstract; close(): Promise<void> }

async function openStore(databaseUrl: string): Promise<Store> {
  const redisUrl = process.env.REDIS_URL
  if (redisUrl) {
    const { Redis } = await import('ioredis')
    const client = new Redis(redisUrl, { maxRetriesPerRequest: 2 })
    const prefix = process.env.REDIS_KEY_PREFIX ?? 'lassolab'
    return {
      make: (name, p) => new RateLimiterRedis({ storeClient: client, keyPrefix: `${prefix}:rl:${name}`, points: p.points, duration: p.seconds }),
      close: async () => void (await client.quit()),
    }
  }
  if (isPostgresUrl(databaseUrl)) {
    const pg = (await import('pg')).default
    const u = new URL(databaseUrl)
    const schemaName = u.searchParams.get('schema') ?? undefined
    u.searchParams.delete('schema')
    // Counters may lose their last increments in a crash of the database server (as on SQLite below), so their
    // commits do not wait for the log to reach the disk.
    const pool = new pg.Pool({ connectionString: u.toString(), max: Number(process.env.RATE_LIMIT_POOL_MAX ?? 3), options: '-c synchronous_commit=off' })
    return {
      make: (name, p) =>
        new RateLimiterPostgres({
          storeClient: pool,
          storeType: 'pool',
          schemaName,
          tableName: TABLE,
          tableCreated: true,
          keyPrefix: name,
          points: p.points,
          duration: p.seconds,
        }),
      close: () => pool.end(),
    }
  }
  const Database = (await import('better-sqlite3')).default
  const conn = new Database(databaseUrl.replace(/^file:/, ''), { timeout: 10_000 })
  // Counters may lose their last increments on power loss; they never need an fsync of their own.
  conn.pragma('synchronous = NORMAL')
  // Its commits leave the log's checkpoints to the server's worker thread too (lib/sqliteCheckpoint).
  conn.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`)
  // The library prepares its statement on every call (more CPU than running it); the few texts it uses are
  // prepared once here. It calls only prepare and transaction on a better-sqlite3 client.
  const prepared = new Map<string, ReturnType<typeof conn.prepare>>()
  const client = {
    prepare(sql: string) {
      let st = prepared.get(sql)
      if (!st) {
        st = conn.prepare(sql)
        prepared.set(sql, st)
      }
      return st
    },
    transaction: conn.transaction.bind(conn),
  }
  return {
    make: (name, p) =>
      new RateLimiterSQLite({
        storeClient: client,
        storeType: 'better-sqlite3',
        tableName: TABLE,
        tableCreated: true,
        keyPrefix: name,
        points: p.points,
        duration: p.seconds,
      }),
    close: async () => void conn.close(),
  }
}

// One store per database URL and process; the counters themselves live in the store, never here.
const g = globalThis as unknown as { __lassolabLimits?: Map<string, { store: Promise<Store>; limiters: Map<string, RateLimiterAbstract> }> }

async function limiter(db: Db, name: PolicyName): Promise<RateLimiterAbstract> {
  const databaseUrl = databaseUrlOf(db)
  g.__lassolabLimits ??= new Map()
  let entry = g.__lassolabLimits.get(databaseUrl)
  if (!entry) {
    entry = { store: openStore(databaseUrl), limiters: new Map() }
    g.__lassolabLimits.set(databaseUrl, entry)
  }
  const p = policies()[name]
  const id = `${name}:${p.points}:${p.seconds}`
  let l = entry.limiters.get(id)
  if (!l) {
    l = (await entry.store).make(name, p)
    entry.limiters.set(id, l)
  }
  return l
}

/** Closes the stores opened by this process (tests). */
export async function closeRateLimitStores(): Promise<void> {
  const all = [...(g.__lassolabLimits?.values() ?? [])]
  g.__lassolabLimits?.clear()
  await Promise.all(all.map(async (e) => (await e.store).close()))
}

const minutes = (seconds: number) => {
  const m = Math.ceil(seconds / 60)
  return m <= 1 ? 'a minute' : `${m} minutes`
}

/** Counts one try for `key`; over the limit → RateLimitedError with the seconds until the window ends. */
async function consume(db: Db, name: PolicyName, key: string, message: (wait: string) => string): Promise<void> {
  try {
    await (await limiter(db, name)).consume(key)
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e
    throw new RateLimitedError(message(minutes(e.msBeforeNext / 1000)), e.msBeforeNext / 1000)
  }
}

const submittingTooFast = (wait: string) => `You are submitting too fast. Wait ${wait} and submit again; nothing was recorded.`

/** Submissions per user (one upsert). */
export function limitSubmission(db: Db, userId: string) {
  return consume(db, 'submit', userId, submittingTooFast)
}

/** A submission try to be counted by the caller's own statement, in the library's row of the `rate_limit` table. */
export interface TryCounter {
  /** The row's key, as the library names it (`<prefix>:<key>`). */
  key: string
  /** The window's length in milliseconds. */
  windowMs: number
  /** Throws RateLimitedError when the count the statement returned is over the limit. */
  check(consumed: number, expireMs: number): void
}

/**
 * The submission limit counted inside the submission's own read (lib/server/student.ts), saving a round trip on
 * the hot path, when the store is the app's PostgreSQL (no REDIS_URL). The statement is the library's upsert on
 * the library's row (key "submit:<userId>", points, expire in epoch ms), so the library and this read count
 * one counter. Null otherwise: the caller counts with limitSubmission.
 */
export function submissionTryCounter(db: Db, userId: string): TryCounter | null {
  if (process.env.REDIS_URL || providerOf(db) !== 'postgresql') return null
  const p = policies().submit
  return {
    key: `submit:${userId}`,
    windowMs: p.seconds * 1000,
    check(consumed, expireMs) {
      if (consumed <= p.points) return
      const seconds = Math.max(0, expireMs - Date.now()) / 1000
      throw new RateLimitedError(submittingTooFast(minutes(seconds)), seconds)
    },
  }
}

/** Join-by-code tries per user (one upsert). */
export function limitJoin(db: Db, userId: string) {
  return consume(db, 'join', userId, (wait) => `Too many join attempts. Wait ${wait} and try again.`)
}

/** Sign-ups per address (one upsert). */
export function limitSignUp(db: Db, address: string) {
  return consume(db, 'signUp', address, (wait) => `Too many new accounts from your network. Try again in ${wait}.`)
}

/**
 * The client's address, for the per-address limits. X-Forwarded-For lists the hops, each proxy appending the address
 * it received the request from, so everything left of what our own proxies appended was written by the client and
 * may be forged: the address is the entry TRUST_PROXY_HOPS (default 1: one reverse proxy in front of the app, as in
 * any HTTPS deployment) from the right, never the leftmost. Next.js sets the header to the socket's address only
 * when it is absent, so an app served with no proxy in front cannot tell a forged address from a real one; the
 * per-account sign-in limit does not depend on addresses at all.
 */
export function clientAddress(headers: Headers, hops: number = envNumber('TRUST_PROXY_HOPS', 1)): string {
  const list = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean)
  if (list.length === 0) return headers.get('x-real-ip')?.trim().slice(0, 100) || 'unknown'
  return list[Math.max(0, list.length - Math.max(1, Math.floor(hops)))].slice(0, 100)
}

const accountKey = (email: string) => email.trim().toLowerCase().slice(0, 320)

/**
 * Before checking a password: refuses (RateLimitedError) when the account or the address has used up its
 * failures in the current window, right password or not. Two reads.
 */
export async function signInGate(db: Db, email: string, address: string): Promise<{ accountFailures: number }> {
  const p = policies()
  const [account, addr] = await Promise.all([(await limiter(db, 'signInAccount')).get(accountKey(email)), (await limiter(db, 'signInAddress')).get(address)])
  if (account && account.consumedPoints >= p.signInAccount.points) {
    throw new RateLimitedError(
      `Too many failed sign-ins for this account. For its protection, sign-in is paused: try again in ${minutes(account.msBeforeNext / 1000)}.`,
      account.msBeforeNext / 1000,
    )
  }
  if (addr && addr.consumedPoints >= p.signInAddress.points) {
    throw new RateLimitedError(`Too many failed sign-ins from your network. Try again in ${minutes(addr.msBeforeNext / 1000)}.`, addr.msBeforeNext / 1000)
  }
  return { accountFailures: account?.consumedPoints ?? 0 }
}

/** After a wrong password: counts it against the account and the address. */
export async function signInFailed(db: Db, email: string, address: string): Promise<void> {
  const ignoreLimit = (e: unknown) => {
    if (!(e instanceof RateLimiterRes)) throw e
  }
  await Promise.all([
    (await limiter(db, 'signInAccount')).consume(accountKey(email)).catch(ignoreLimit),
    (await limiter(db, 'signInAddress')).consume(address).catch(ignoreLimit),
  ])
}

/** After a successful sign-in: the account's failures are forgiven. */
export async function signInSucceeded(db: Db, email: string, accountFailures: number): Promise<void> {
  if (accountFailures > 0) await (await limiter(db, 'signInAccount')).delete(accountKey(email))
}
