'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { db } from '@/lib/db'
import { setLinkAssignment } from '@/lib/server/lti/deeplink'
import { syncCourseRoster } from '@/lib/server/lti/nrps'
import { resendPassback } from '@/lib/server/lti/outbox'
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

export async function resendPassbackAction(_prev: FormState, form: FormData): Promise<FormState> {
  const r = await formResult(async () => {
    await resendPassback(db(), await currentActor(), field(form, 'id'))
    return 'Queued: LassoLab sends it within a few seconds.'
  })
  if (r.ok) revalidatePath(`/instructor/assignments/${field(form, 'assignmentId')}/lms`)
  return r
}

export async function syncRosterAction(_prev: FormState, form: FormData): Promise<FormState> {
  const courseId = field(form, 'courseId') ?? ''
  const r = await formResult(async () => {
    const out = await syncCourseRoster(db(), await currentActor(), courseId)
    return `Roster synced: ${out.members} members in the LMS, ${out.added} new here, ${out.left} marked as left.`
  })
  if (r.ok) revalidatePath(`/instructor/courses/${courseId}/lms`)
  return r
}
