'use server'

import { redirect } from 'next/navigation'
import { db } from '@/lib/db'
import { setLinkAssignment } from '@/lib/server/lti/deeplink'
import { currentActor } from '@/lib/server/session'
import type { FormState } from '../instructor/_components/ActionForm'
import { field, formResult } from '../instructor/_components/formResult'

export async function setLinkAssignmentAction(_prev: FormState, form: FormData): Promise<FormState> {
  let to = ''
  const r = await formResult(async () => {
    const out = await setLinkAssignment(db(), await currentActor(), { linkId: field(form, 'linkId'), assignmentId: field(form, 'assignmentId') })
    to = `/instructor/assignments/${out.assignmentId}`
    return out.warning ?? undefined
  })
  if (!r.ok) return r
  redirect(to)
}
