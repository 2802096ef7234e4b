import { isUserError } from '@/lib/server/errors'
import type { FormState } from './ActionForm'

/** Runs a use case for a server action: a UserError becomes the form's message and field errors; anything else is a bug. */
export async function formResult(fn: () => Promise<string | undefined>): Promise<FormState> {
  try {
    return { ok: true, message: await fn() }
  } catch (e) {
    if (isUserError(e)) return { ok: false, message: e.message, fieldErrors: e.fieldErrors }
    throw e
  }
}

export function field(form: FormData, name: string): string | undefined {
  const v = form.get(name)
  return typeof v === 'string' ? v : undefined
}
