import { db } from '@/lib/db'
import { attemptsCsv, csvResponse } from '@/lib/server/instructor/export'
import { currentActor } from '@/lib/server/session'

/** Every attempt of the assignment as CSV (course staff). */
export async function GET(req: Request, ctx: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await ctx.params
  return csvResponse(async () => attemptsCsv(db(), await currentActor(req), assignmentId))
}
