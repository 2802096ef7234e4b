'use server'

import { z } from 'zod'
import { BAD_TEXT_MESSAGE, formHasBadText } from '@/lib/server/edge/text'
import { isUserError } from '@/lib/server/errors'
import { db } from '@/lib/db'
import { type CheckedPractice, checkPractice } from '@/lib/server/mastery'
import { currentActor } from '@/lib/server/session'

export interface PracticeState {
  message?: string
  fieldErrors?: Record<string, string>
  values?: Record<string, string | string[]>
  result?: Extract<CheckedPractice, { ok: true }>
  /** Bumped on every answer, so the form can show each result afresh. */
  round?: number
}

const formSchema = z.object({
  templateId: z.string().min(1).max(100),
  seed: z.string().max(200),
  arrayParts: z.string().max(2000),
  target: z.string().max(100).optional(),
})

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

/** Grades a practice answer (ungraded; its first check counts toward mastery); feedback, contrasts and derivation go back to the form. */
export async function gradePracticeAction(prev: PracticeState | null, form: FormData): Promise<PracticeState> {
  // A hand-made request may send any previous state, null included.
  const round = (typeof prev?.round === 'number' ? prev.round : 0) + 1
  if (!(form instanceof FormData)) return { message: 'The form was malformed: reload the page and try again.', round }
  if (formHasBadText(form)) return { message: BAD_TEXT_MESSAGE, round }
  const fields = formSchema.safeParse({ templateId: form.get('templateId'), seed: form.get('seed'), arrayParts: form.get('arrayParts') ?? '', target: form.get('target') ?? undefined })
  if (!fields.success) return { message: 'The form was malformed: reload the page and try again.', round }
  const answers = collectAnswers(form, new Set(fields.data.arrayParts.split(',').filter(Boolean)))
  try {
    const r = await checkPractice(db(), await currentActor(), { templateId: fields.data.templateId, seed: fields.data.seed, answers }, fields.data.target)
    if (!r.ok) return { message: r.message, fieldErrors: r.fieldErrors, values: answers, round }
    return { result: r, values: answers, round }
  } catch (e) {
    if (isUserError(e)) return { message: e.message, values: answers, round }
    throw e
  }
}
