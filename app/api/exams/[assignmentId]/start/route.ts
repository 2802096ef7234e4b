import { db } from '@/lib/db'
import { startExam } from '@/lib/server/exams'
import { jsonHandler, readJson } from '@/lib/server/http'
import { currentActor } from '@/lib/server/session'

/** POST {accessCode?} → starts the sitting (idempotent) and returns its deadline. */
export async function POST(req: Request, ctx: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await ctx.params
  return jsonHandler(async () => {
    const body = await readJson(req)
    return startExam(db(), await currentActor(req), { ...(typeof body === 'object' && body ? body : {}), assignmentId })
  })
}
