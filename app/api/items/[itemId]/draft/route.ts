import { db } from '@/lib/db'
import { saveDraft } from '@/lib/server/exams'
import { jsonHandler, readJson } from '@/lib/server/http'
import { currentActor } from '@/lib/server/session'

/** PUT {variantId, answers: {part: "text"}} → saves the draft (never an attempt); 409 after the deadline. */
export async function PUT(req: Request, ctx: { params: Promise<{ itemId: string }> }) {
  const { itemId } = await ctx.params
  return jsonHandler(async () => {
    const body = await readJson(req)
    return saveDraft(db(), await currentActor(req), { ...(typeof body === 'object' && body ? body : {}), itemId })
  })
}
