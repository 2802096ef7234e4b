import { db } from '@/lib/db'
import { UserError } from '@/lib/server/errors'
import { limitSubmission } from '@/lib/server/edge/rateLimit'
import { jsonHandler, readJson } from '@/lib/server/http'
import { currentActor } from '@/lib/server/session'
import { attemptView, submitAttempt } from '@/lib/server/student'

/**
 * POST {variantId, idempotencyKey, answers: {part: "text"}} → the graded attempt: score and per-part feedback
 * with the diagnosed mistake (misconception id). `?include=derivation` returns the full result view instead,
 * with the worked derivation when the policy allows it.
 * Unreadable answers → 400 with per-part messages, no attempt recorded. Too many submissions → 429.
 */
export async function POST(req: Request, ctx: { params: Promise<{ itemId: string }> }) {
  const { itemId } = await ctx.params
  return jsonHandler(async () => {
    const body = await readJson(req)
    const actor = await currentActor()
    if (actor) await limitSubmission(db(), actor.userId)
    const result = await submitAttempt(db(), actor, { ...(typeof body === 'object' && body ? body : {}), itemId })
    if (!result.ok) throw new UserError('invalid', result.message, result.fieldErrors)
    if (new URL(req.url).searchParams.get('include') === 'derivation') {
      return { duplicate: result.duplicate, attempt: await attemptView(db(), actor, result.attemptId) }
    }
    return { duplicate: result.duplicate, attempt: { id: result.attemptId, ...result.summary } }
  })
}
