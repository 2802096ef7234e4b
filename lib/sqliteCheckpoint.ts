/**
 * WAL checkpoints of the server's SQLite database, off the main thread.
 *
 * In WAL mode a commit appends pages to the log; a checkpoint copies them back into the database file and fsyncs
 * it. SQLite runs one automatically inside the commit that takes the log past 1000 pages, on the thread that
 * commits: in this server, the one thread that answers every request, which then stalls for the copy and the
 * fsync. Under a burst of submissions that is the slowest one percent of answers (npm run bench, 50 connections).
 *
 * So the server's connections raise the automatic threshold to WAL_AUTOCHECKPOINT_PAGES (a safety net: a main
 * thread checkpoint happens only if the log grows that far), and a worker thread with its own connection runs a
 * PASSIVE checkpoint every CHECKPOINT_EVERY_MS. A passive checkpoint never waits for readers or writers: it copies
 * what no reader still needs, and the log restarts from the beginning once everything is copied. The durability
 * of commits is unchanged (each is in the fsynced log before it is acknowledged); only where the copy-back runs moves.
 * One worker per database file per process; it does not keep the process alive.
 */
import { Worker } from 'node:worker_threads'

/** The automatic checkpoint threshold of the server's connections (pages of the log; ~40 MB at 4 KB pages). */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000
export const CHECKPOINT_EVERY_MS = 500

// Runs in the worker: CommonJS, resolved from the server's working directory like the app's own better-sqlite3.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads')
const Database = require('better-sqlite3')
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs, fileMustExist: true })
db.pragma('synchronous = FULL')
db.pragma('wal_autocheckpoint = 0')
setInterval(() => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    if (r && r.checkpointed > 0) parentPort.postMessage(r.checkpointed)
  } catch (e) {
    // SQLITE_BUSY (a checkpoint by another process) and the like: the next round tries again.
  }
}, workerData.everyMs)
`

const holder = globalThis as unknown as { __lassolabCheckpointers?: Map<string, { worker: Worker; pages: number; stopping: boolean }> }
holder.__lassolabCheckpointers ??= new Map()
const running = holder.__lassolabCheckpointers

/** Starts the checkpoint worker of a database file, once per process. */
export function startCheckpointer(file: string, busyTimeoutMs: number): void {
  if (running.has(file)) return
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, everyMs: CHECKPOINT_EVERY_MS, busyTimeoutMs } })
  const entry = { worker, pages: 0, stopping: false }
  running.set(file, entry)
  worker.unref()
  worker.on('message', (pages: number) => {
    entry.pages += pages
  })
  const stop = (why: string) => {
    if (running.get(file) === entry) running.delete(file)
    // The automatic checkpoint (WAL_AUTOCHECKPOINT_PAGES) still bounds the log; the next connection starts a new worker.
    if (why && !entry.stopping) console.error(`[db] the SQLite checkpoint worker stopped: ${why}`)
  }
  worker.on('error', (e) => stop(e.message))
  worker.on('exit', (code) => stop(code === 0 ? '' : `exit code ${code}`))
}

/** Pages the worker has copied back into a database file so far (for tests and diagnostics). */
export function checkpointedPages(file: string): number | null {
  return running.get(file)?.pages ?? null
}

/** Stops a database file's checkpoint worker (a client closing its last connection; tests). */
export async function stopCheckpointer(file: string): Promise<void> {
  const entry = running.get(file)
  if (!entry) return
  running.delete(file)
  entry.stopping = true
  await entry.worker.terminate()
}
