import { db } from '@/lib/db'
import { jsonHandler } from '@/lib/server/http'
import { gradebook, itemStats, misconceptionReport } from '@/lib/server/instructor/results'
import { currentActor } from '@/lib/server/session'

/** Gradebook, per-question statistics and the misconception report as JSON (course staff). */
export async function GET(req: Request, ctx: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await ctx.params
  return jsonHandler(async () => {
    const actor = await currentActor(req)
    return {
      gradebook: await gradebook(db(), actor, assignmentId),
      stats: await itemStats(db(), actor, assignmentId),
      misconceptions: await misconceptionReport(db(), actor, assignmentId),
    }
  })
}
