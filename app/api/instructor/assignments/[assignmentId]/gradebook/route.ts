import { db } from '@/lib/db'
import { csvResponse, gradebookCsv } from '@/lib/server/instructor/export'
import { currentActor } from '@/lib/server/session'

/** The assignment gradebook as CSV (course staff). */
export async function GET(req: Request, ctx: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await ctx.params
  return csvResponse(async () => gradebookCsv(db(), await currentActor(req), assignmentId))
}
