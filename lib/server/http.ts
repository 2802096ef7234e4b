/** Route-handler glue: a UserError becomes a JSON error with its status; anything else a logged 500 without details. */
import { UserError, isUserError } from './errors'

export async function jsonHandler(fn: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await fn())
  } catch (e) {
    if (isUserError(e)) return Response.json({ error: e.message, code: e.code, fieldErrors: e.fieldErrors }, { status: e.status })
    console.error('[api] unexpected error', e)
    return Response.json({ error: 'Something went wrong on our side; nothing was recorded. Please try again.' }, { status: 500 })
  }
}

export async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json()
  } catch {
    throw new UserError('invalid', 'The request body must be JSON.')
  }
}
