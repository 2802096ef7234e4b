import { db } from '@/lib/db'
import { canvasCsv, csvResponse } from '@/lib/server/instructor/export'
import { currentActor } from '@/lib/server/session'

/** The course's grades in Canvas's gradebook import format (course staff). */
export async function GET(req: Request, ctx: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await ctx.params
  return csvResponse(async () => canvasCsv(db(), await currentActor(req), courseId))
}
