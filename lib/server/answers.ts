/**
 * The "Interpreted as" preview of a number answer, computed on the server so that the answer form ships
 * neither the expression parser nor KaTeX to the browser: the same reading the grader applies (mathjs
 * parse, allowed operations only), and the parsed expression rendered by KaTeX.
 */
import { z } from 'zod'
import { interpretNumber } from '@/lib/questions/answers'
import { renderMath } from '@/lib/questions/render'
import { type Actor, requireUser } from './authz'
import { UserError } from './errors'

export const previewSchema = z.object({
  text: z.string().max(500, 'That answer is too long.'),
  allowUndefined: z.boolean().default(false),
})

export type AnswerPreview = { ok: true; html: string } | { ok: false; message: string }

/** For signed-in users (the answer forms are behind sign-in); the reply depends on the text only. */
export function previewNumberAnswer(actor: Actor, raw: unknown): AnswerPreview {
  requireUser(actor)
  const input = previewSchema.safeParse(raw)
  if (!input.success) throw new UserError('invalid', input.error.issues[0]?.message ?? 'Send the answer text.')
  const r = interpretNumber(input.data.text, { allowUndefined: input.data.allowUndefined })
  return r.ok ? { ok: true, html: renderMath(r.latex) } : { ok: false, message: r.message }
}
