'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { db } from '@/lib/db'
import { addMember, changeRole, createCourse, regenerateJoinCode } from '@/lib/server/instructor/courses'
import { currentActor } from '@/lib/server/session'
import type { FormState } from './_components/ActionForm'
import { field, formResult } from './_components/formResult'

export async function createCourseAction(_prev: FormState, form: FormData): Promise<FormState> {
  let id = ''
  const r = await formResult(async () => {
    id = (await createCourse(db(), await currentActor(), { title: field(form, 'title'), joinCode: field(form, 'joinCode') })).id
    return undefined
  })
  if (!r.ok) return r
  redirect(`/instructor/courses/${id}`)
}

export async function addMemberAction(_prev: FormState, form: FormData): Promise<FormState> {
  const courseId = field(form, 'courseId') ?? ''
  const r = await formResult(async () => {
    const e = await addMember(db(), await currentActor(), { courseId, email: field(form, 'email'), role: field(form, 'role') })
    return `Added ${field(form, 'email')} as ${e.role.toLowerCase()}.`
  })
  if (r.ok) revalidatePath(`/instructor/courses/${courseId}`)
  return r
}

export async function changeRoleAction(_prev: FormState, form: FormData): Promise<FormState> {
  const courseId = field(form, 'courseId') ?? ''
  const r = await formResult(async () => {
    const role = field(form, 'role')
    await changeRole(db(), await currentActor(), { courseId, userId: field(form, 'userId'), role })
    return role === 'REMOVE' ? 'Removed from the course.' : `Role changed to ${String(role).toLowerCase()}.`
  })
  if (r.ok) revalidatePath(`/instructor/courses/${courseId}`)
  return r
}

export async function regenerateJoinCodeAction(_prev: FormState, form: FormData): Promise<FormState> {
  const courseId = field(form, 'courseId') ?? ''
  const r = await formResult(async () => {
    const c = await regenerateJoinCode(db(), await currentActor(), courseId)
    return `The new join code is ${c.joinCode}; the old one no longer works.`
  })
  if (r.ok) revalidatePath(`/instructor/courses/${courseId}`)
  return r
}
