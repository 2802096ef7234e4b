/**
 * How the deadline sweep runs (documented in README, "Exams"):
 * 1. A timer in every server instance, started from instrumentation.ts, every EXAM_SWEEP_INTERVAL_MS
 *    (default 10 000 ms, with jitter; 0 turns it off). Instances race safely: sessions, closes and releases are claimed
 *    by conditional updates in the database, never by in-memory locks.
 * 2. Opportunistically: opening the exam page or its API submits that student's sitting if its deadline passed.
 * 3. POST /api/exams/sweep for an external scheduler (cron), allowed with the EXAM_SWEEP_TOKEN bearer token.
 */
import type { Db } from '@/lib/db'
import { notifyDueCloses } from './close'
import { notifyDueReleases } from './release'
import { sweepExpiredSessions } from './submit'

export async function runSweep(db: Db, now: Date = new Date()) {
  const submitted = await sweepExpiredSessions(db, now)
  const closed = await notifyDueCloses(db, now)
  const released = await notifyDueReleases(db, now)
  return { submitted, closed, released }
}

const g = globalThis as unknown as { __lassolabSweepTimer?: NodeJS.Timeout }

/** Starts this instance's sweep timer (once per process). */
export function startSweepTimer(getDb: () => Db, intervalMs = Number(process.env.EXAM_SWEEP_INTERVAL_MS ?? 10_000)): void {
  if (g.__lassolabSweepTimer || !(intervalMs > 0)) return
  const tick = async () => {
    try {
      await runSweep(getDb())
    } catch (e) {
      console.error('[exams] sweep failed; it runs again at the next tick', e)
    }
    g.__lassolabSweepTimer = setTimeout(tick, intervalMs * (0.75 + Math.random() * 0.5))
    g.__lassolabSweepTimer.unref?.()
  }
  g.__lassolabSweepTimer = setTimeout(tick, intervalMs * Math.random())
  g.__lassolabSweepTimer.unref?.()
}
