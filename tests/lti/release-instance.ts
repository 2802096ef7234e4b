/**
 * An app instance that releases an exam, in a process of its own, started as `next start` starts one: the
 * Next.js start-up hook (instrumentation.ts `register()`) runs first, with this instance's settings from the
 * environment (e.g. LTI_WORKER=0: no grade sender here). Then the instructor releases the exam now, and the
 * process prints how many LMS score rows are queued for it as one JSON line.
 *   DATABASE_URL         the test's database
 *   RELEASE_ASSIGNMENT   the exam's assignment id
 *   RELEASE_INSTRUCTOR   the instructor's user id
 */
import { createDb } from '@/lib/db'
import { register } from '../../instrumentation'

async function main() {
  process.env.NEXT_RUNTIME = 'nodejs'
  await register()
  const { releaseExam } = await import('@/lib/server/exams')
  const db = createDb(process.env.DATABASE_URL)
  const assignmentId = process.env.RELEASE_ASSIGNMENT ?? ''
  const out = await releaseExam(db, { userId: process.env.RELEASE_INSTRUCTOR ?? '' }, { assignmentId })
  const queued = await db.ltiScoreOutbox.count({ where: { link: { assignmentId } } })
  await db.$disconnect()
  process.stdout.write(`${JSON.stringify({ released: out.released, queued })}\n`)
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`release instance failed: ${(e as Error).stack}\n`)
    process.exit(1)
  },
)
