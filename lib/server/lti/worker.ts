/**
 * The background work of one app instance: drain the score outbox every few seconds and sync stale rosters.
 * Nothing is held in memory between runs; any number of instances may run this at once (rows are claimed).
 */
import { db } from '@/lib/db'
import { drainOutbox } from './outbox'
import { syncStaleRosters } from './nrps'

const g = globalThis as unknown as { __lassolabLtiWorker?: boolean }

export function startLtiWorker() {
  if (g.__lassolabLtiWorker) return
  g.__lassolabLtiWorker = true
  const every = Number(process.env.LTI_OUTBOX_INTERVAL_MS ?? 2000)
  let busy = false
  let lastRoster = 0
  const tick = async () => {
    if (busy) return
    busy = true
    try {
      await drainOutbox(db())
      if (Date.now() - lastRoster > 15 * 60_000) {
        lastRoster = Date.now()
        await syncStaleRosters(db())
      }
    } catch (e) {
      console.error(`[lti] background work failed: ${(e as Error).message}`)
    } finally {
      busy = false
    }
  }
  setInterval(tick, every).unref()
}
