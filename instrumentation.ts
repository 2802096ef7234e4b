/** Server start-up hooks (Next.js): each instance runs the exam deadline sweep on a timer (lib/server/exams/sweep.ts). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const [{ db }, { startSweepTimer }] = await Promise.all([import('@/lib/db'), import('@/lib/server/exams/sweep')])
  startSweepTimer(db)
}
