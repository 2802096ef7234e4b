'use server'

import { redirect } from 'next/navigation'
import { db } from '@/lib/db'
import { assertCleanText } from '@/lib/server/edge/text'
import { isUserError } from '@/lib/server/errors'
import { sessionClaims } from '@/lib/server/session'
import { submitAttempt } from '@/lib/server/student'

export interface SubmitState {
  message?: string
  fieldErrors?: Record<string, string>
  values?: Record<string, string | string[]>
  /** The page is out of date (attempts used up or a new dataset elsewhere): the form reloads it. */
  stale?: boolean
}

/** Collects `answer.<part>` fields: one value → string, several (checkboxes, vectors, orders) → string[]. */
function collectAnswers(form: FormData, arrayParts: Set<string>) {
  const answers: Record<string, string | string[]> = {}
  for (const key of new Set(form.keys())) {
    if (!key.startsWith('answer.')) continue
    const part = key.slice('answer.'.length)
    const all = form.getAll(key).map(String)
    answers[part] = arrayParts.has(part) ? all : (all[0] ?? '')
  }
  for (const p of arrayParts) answers[p] ??= []
  return answers
}

export async function submitAttemptAction(_prev: SubmitState, form: FormData): Promise<SubmitState> {
  const arrayParts = new Set(String(form.get('arrayParts') ?? '').split(',').filter(Boolean))
  const answers = collectAnswers(form, arrayParts)
  let attemptId: string
  try {
    assertCleanText(form)
    // submitAttempt checks the session version in the read it makes anyway.
    const claims = await sessionClaims()
    // The try counts against the per-user submission limit (in the read itself on PostgreSQL).
    const result = await submitAttempt(
      db(),
      claims && { userId: claims.userId, sessionVersion: claims.sessionVersion },
      { itemId: form.get('itemId'), variantId: form.get('variantId'), idempotencyKey: form.get('idempotencyKey'), answers },
      undefined,
      { countTry: true },
    )
    if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors, values: answers }
    attemptId = result.attemptId
  } catch (e) {
    if (isUserError(e)) return { message: e.message, values: answers, stale: e.code === 'closed' || e.code === 'conflict' }
    throw e
  }
  redirect(`/attempts/${attemptId}`)
}
