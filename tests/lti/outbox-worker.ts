/**
 * One app instance's grade sender, in a process of its own (the two-instance passback test starts two): it
 * opens DATABASE_URL, prints "ready", waits for "go" on stdin, then drains the LTI score outbox in a loop (as
 * lib/server/lti/worker.ts does in the app, with test-sized backoff) until "stop" on stdin; then it prints its
 * totals as one JSON line and exits.
 *   OUTBOX_INSTANCE   the instance name written into the lease (lockedBy)
 *   OUTBOX_BACKOFF_MS first retry delay (doubles per try)
 */
import readline from 'node:readline'
import { createDb } from '@/lib/db'
import { drainOutbox } from '@/lib/server/lti/outbox'

const instance = process.env.OUTBOX_INSTANCE ?? `worker-${process.pid}`
const backoffMs = Number(process.env.OUTBOX_BACKOFF_MS ?? 15)
const db = createDb(process.env.DATABASE_URL)
const totals = { instance, pid: process.pid, passes: 0, sent: 0, retried: 0, failed: 0 }
let stop = false

async function main() {
  await db.ltiScoreOutbox.count()
  const lines = readline.createInterface({ input: process.stdin })
  const go = new Promise<void>((resolve) => {
    lines.on('line', (l) => {
      if (l.trim() === 'go') resolve()
      if (l.trim() === 'stop') {
        stop = true
        resolve()
      }
    })
  })
  process.stdout.write('ready\n')
  await go
  while (!stop) {
    // One row per pass, so that two instances interleave their claims.
    const s = await drainOutbox(db, { instance, limit: 1, backoffMs, leaseMs: 30_000 })
    totals.passes++
    totals.sent += s.sent
    totals.retried += s.retried
    totals.failed += s.failed
    await new Promise((r) => setTimeout(r, 5))
  }
  lines.close()
  await db.$disconnect()
  process.stdout.write(`${JSON.stringify(totals)}\n`)
}

main().catch((e) => {
  process.stderr.write(`outbox worker ${instance} failed: ${(e as Error).stack}\n`)
  process.exit(1)
})
