import { db } from '@/lib/db'
import { UserError } from '@/lib/server/errors'
import { maskSummary, studentVisibilityForItem } from '@/lib/server/exams'
import { jsonHandler, readJson } from '@/lib/server/http'
import { sessionClaims } from '@/lib/server/session'
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
    // The session version is checked by submitAttempt in the read it makes anyway (no query of its own here).
    const claims = await sessionClaims(req)
    const actor = claims && { userId: claims.userId, sessionVersion: claims.sessionVersion }
    const body = await readJson(req)
    // The try counts against the per-user submission limit (in the read itself on PostgreSQL).
    const result = await submitAttempt(db(), actor, { ...(typeof body === 'object' && body ? body : {}), itemId }, undefined, { countTry: true })
    if (!result.ok) throw new UserError('invalid', result.message, result.fieldErrors)
    if (new URL(req.url).searchParams.get('include') === 'derivation') {
      return { duplicate: result.duplicate, attempt: await attemptView(db(), actor, result.attemptId) }
    }
    // An exam question checked on its own shows only what the exam's review options allow.
    const vis = actor && result.exam ? await studentVisibilityForItem(db(), itemId, actor.userId) : null
    return { duplicate: result.duplicate, attempt: { id: result.attemptId, ...maskSummary(result.summary, vis) } }
  })
}
