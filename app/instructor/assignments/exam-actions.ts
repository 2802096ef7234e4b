'use server'

import { revalidatePath } from 'next/cache'
import { db } from '@/lib/db'
import { cancelRelease, grantAccommodation, releaseExam, revokeAccommodation } from '@/lib/server/exams'
import { currentActor } from '@/lib/server/session'
import type { FormState } from '../_components/ActionForm'
import { field, formResult } from '../_components/formResult'

const examPath = (id: string) => `/instructor/assignments/${id}/exam`

export async function releaseExamAction(_prev: FormState, form: FormData): Promise<FormState> {
  const assignmentId = field(form, 'assignmentId') ?? ''
  const r = await formResult(async () => {
    const out = await releaseExam(db(), await currentActor(), { assignmentId, at: field(form, 'at') ?? '' })
    return out.released ? 'Results released: students now see what the review options allow after release.' : 'Release scheduled.'
  })
  if (r.ok) revalidatePath(examPath(assignmentId))
  return r
}

export async function cancelReleaseAction(_prev: FormState, form: FormData): Promise<FormState> {
  const assignmentId = field(form, 'assignmentId') ?? ''
  const r = await formResult(async () => {
    await cancelRelease(db(), await currentActor(), { assignmentId })
    return 'The scheduled release was cancelled.'
  })
  if (r.ok) revalidatePath(examPath(assignmentId))
  return r
}

export async function grantAccommodationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const assignmentId = field(form, 'assignmentId') ?? ''
  const r = await formResult(async () => {
    await grantAccommodation(db(), await currentActor(), {
      assignmentId,
      userId: field(form, 'userId'),
      timeMultiplier: field(form, 'timeMultiplier') || 1,
      extraMinutes: field(form, 'extraMinutes') || 0,
      opensAt: field(form, 'opensAt'),
      closesAt: field(form, 'closesAt'),
    })
    return 'Accommodation saved.'
  })
  if (r.ok) revalidatePath(examPath(assignmentId))
  return r
}

export async function revokeAccommodationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const assignmentId = field(form, 'assignmentId') ?? ''
  const r = await formResult(async () => {
    await revokeAccommodation(db(), await currentActor(), { assignmentId, userId: field(form, 'userId') })
    return 'Accommodation removed.'
  })
  if (r.ok) revalidatePath(examPath(assignmentId))
  return r
}
