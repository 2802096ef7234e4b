'use server'

import { revalidatePath } from 'next/cache'
import { db } from '@/lib/db'
import { isUserError } from '@/lib/server/errors'
import { resetPractice } from '@/lib/server/mastery'
import { currentActor } from '@/lib/server/session'

export interface ResetState {
  message?: string
  ok?: boolean
}

/** Deletes the student's practice outcomes (never graded attempts). */
export async function resetPracticeAction(_prev: ResetState, _form: FormData): Promise<ResetState> {
  try {
    const r = await resetPractice(db(), await currentActor())
    revalidatePath('/skills')
    return { ok: true, message: r.deleted === 1 ? '1 practice answer was removed.' : `${r.deleted} practice answers were removed.` }
  } catch (e) {
    if (isUserError(e)) return { message: e.message }
    throw e
  }
}
