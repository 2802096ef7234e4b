import { db } from '@/lib/db'
import { courseGradebookCsv, csvResponse } from '@/lib/server/instructor/export'
import { currentActor } from '@/lib/server/session'

/** The course gradebook (students × assignments) as CSV (course staff). */
export async function GET(req: Request, ctx: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await ctx.params
  return csvResponse(async () => courseGradebookCsv(db(), await currentActor(req), courseId))
}
