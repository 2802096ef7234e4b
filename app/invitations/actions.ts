'use server'

import { redirect } from 'next/navigation'
import { db } from '@/lib/db'
import { isUserError } from '@/lib/server/errors'
import { acceptInvitation } from '@/lib/server/instructor/invitations'
import { currentActor } from '@/lib/server/session'

export interface AcceptState {
  message?: string
}

/** Accepts an invitation, named by the link's token or (from the dashboard) by its id. */
export async function acceptInvitationAction(_prev: AcceptState | null, form: FormData): Promise<AcceptState> {
  const token = form.get('token')
  const ref = typeof token === 'string' && token ? { token } : { id: form.get('id') }
  let target: string
  try {
    const r = await acceptInvitation(db(), await currentActor(), ref)
    target = r.role === 'STUDENT' ? `/dashboard?joined=${encodeURIComponent(r.courseId)}` : `/instructor/courses/${r.courseId}`
  } catch (e) {
    if (isUserError(e)) return { message: e.message }
    throw e
  }
  redirect(target)
}
