import { db } from '@/lib/db'
import { examView } from '@/lib/server/exams'
import { jsonHandler } from '@/lib/server/http'
import { currentActor } from '@/lib/server/session'

/** The student's exam: rules, sitting state and deadline (with the server's clock), questions and drafts, or results as released. */
export async function GET(req: Request, ctx: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await ctx.params
  return jsonHandler(async () => examView(db(), await currentActor(req), assignmentId))
}
