/**
 * The server's SQLite log is copied back into the database file by the checkpoint worker (lib/sqliteCheckpoint),
 * not inside commits on the thread that answers requests. Runs on a SQLite file of its own whatever TEST_BACKEND is:
 * the worker belongs to every SQLite deployment.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createDb, sqliteConnection } from '@/lib/db'
import { CHECKPOINT_EVERY_MS, checkpointedPages, WAL_AUTOCHECKPOINT_PAGES } from '@/lib/sqliteCheckpoint'
import { backend } from './helpers'
import { removeSqliteFiles, sqliteFile } from './template'

const file = sqliteFile(`checkpoint-${randomBytes(4).toString('hex')}`)
afterAll(() => removeSqliteFiles(file))

describe(`SQLite checkpoints in a worker thread (${backend} run)`, () => {
  it('copies committed pages into the database file in the background, and stops with the client', async () => {
    const db = createDb(`file:${file}`)
    await db.$executeRawUnsafe('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)')
    const conn = sqliteConnection(db)
    if (!conn) throw new Error('no SQLite connection')
    // Commits on this connection would checkpoint by themselves only past the raised threshold.
    expect(Number(conn.pragma('wal_autocheckpoint', { simple: true }))).toBe(WAL_AUTOCHECKPOINT_PAGES)
    const before = fs.statSync(conn.name).size
    // About 100 pages of rows in 200 commits: far below both thresholds (1000 pages by default, and the raised one).
    for (let i = 0; i < 200; i++) await db.$executeRawUnsafe('INSERT INTO t (v) VALUES (?)', `${i}:${'x'.repeat(2000)}`)
    // The rows reach the database file itself, not only the log (a round may copy part of them, the next the rest).
    await vi.waitFor(
      () => {
        expect(checkpointedPages(conn.name)).toBeGreaterThan(90)
        expect(fs.statSync(conn.name).size - before).toBeGreaterThan(200 * 2000)
      },
      { timeout: 20 * CHECKPOINT_EVERY_MS, interval: 50 },
    )
    const name = conn.name
    await db.$disconnect()
    expect(checkpointedPages(name)).toBeNull()
    // Nothing was lost on the way: a new client (and a new worker) reads every row.
    const again = createDb(`file:${file}`)
    const [{ n }] = await again.$queryRawUnsafe<{ n: bigint | number }[]>('SELECT COUNT(*) AS n FROM t')
    expect(Number(n)).toBe(200)
    await again.$disconnect()
  })
})
