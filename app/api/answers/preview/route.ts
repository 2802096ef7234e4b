import { UserError } from '@/lib/server/errors'
import { jsonHandler } from '@/lib/server/http'
import { previewNumberAnswer } from '@/lib/server/answers'
import { currentActor } from '@/lib/server/session'

/**
 * GET ?text=<answer>&undefined=1 → {ok: true, html} (the parsed expression as KaTeX) or {ok: false, message}:
 * the "Interpreted as" line of the answer forms. Reads nothing but the query; stores nothing.
 */
export async function GET(req: Request) {
  return jsonHandler(async () => {
    const params = new URL(req.url).searchParams
    const text = params.get('text')
    if (text === null) throw new UserError('invalid', 'Send the answer as ?text=…')
    return previewNumberAnswer(await currentActor(req), { text, allowUndefined: params.get('undefined') === '1' })
  })
}
