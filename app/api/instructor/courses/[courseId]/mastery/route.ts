import { db } from '@/lib/db'
import { csvResponse } from '@/lib/server/instructor/export'
import { classMasteryCsv } from '@/lib/server/mastery'
import { currentActor } from '@/lib/server/session'

/** The class mastery grid (students × skills) as CSV (course staff). */
export async function GET(req: Request, ctx: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await ctx.params
  return csvResponse(async () => classMasteryCsv(db(), await currentActor(req), courseId))
}
