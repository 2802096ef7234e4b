/**
 * Next.js start-up hook, once per server instance:
 * - the listeners of exam releases (the LTI score outbox queues an exam's LMS scores at its release). Always,
 *   before anything can release an exam: a release is handed out once, so an instance that released an exam
 *   without them would lose those scores for good;
 * - the exam deadline sweep on a timer (lib/server/exams/sweep.ts; EXAM_SWEEP_INTERVAL_MS, 0 turns it off);
 * - the LTI background work (score outbox, roster sync), unless LTI_WORKER=0.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  await import('./lib/server/lti/outbox')
  const [{ db }, { startSweepTimer }] = await Promise.all([import('@/lib/db'), import('@/lib/server/exams/sweep')])
  startSweepTimer(db)
  if (process.env.LTI_WORKER !== '0') {
    const { startLtiWorker } = await import('./lib/server/lti/worker')
    startLtiWorker()
  }
}
