/** Next.js start-up hook: each server instance runs the LTI background work (score outbox, roster sync). */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.LTI_WORKER !== '0') {
    const { startLtiWorker } = await import('./lib/server/lti/worker')
    startLtiWorker()
  }
}
