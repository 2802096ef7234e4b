import { db } from '@/lib/db'
import { finishExam } from '@/lib/server/exams'
import { jsonHandler, readJson } from '@/lib/server/http'
import { currentActor } from '@/lib/server/session'

/** POST → submits the student's saved answers as the exam (once; again is a no-op). */
export async function POST(req: Request, ctx: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await ctx.params
  return jsonHandler(async () => {
    await readJson(req) // same-origin JSON, within the size limit; the body itself carries nothing
    return finishExam(db(), await currentActor(req), assignmentId)
  })
}
