'use server'

import { headers } from 'next/headers'
import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { db } from '@/lib/db'
import { changeRole, createCourse, regenerateJoinCode } from '@/lib/server/instructor/courses'
import { INVITATION_DAYS, inviteToCourse } from '@/lib/server/instructor/invitations'
import { importRoster } from '@/lib/server/instructor/roster'
import { UserError } from '@/lib/server/errors'
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

/** This site's origin as the browser reached it ('' outside a request). */
async function siteOrigin(): Promise<string> {
  try {
    const h = await headers()
    return `${h.get('x-forwarded-proto')?.split(',')[0] ?? 'http'}://${h.get('host')}`
  } catch {
    return ''
  }
}

/** Invites a person by email; the answer is the same whether or not an account uses that email. */
export async function inviteAction(_prev: FormState, form: FormData): Promise<FormState> {
  const courseId = field(form, 'courseId') ?? ''
  const r = await formResult(async () => {
    const inv = await inviteToCourse(db(), await currentActor(), { courseId, email: field(form, 'email'), role: field(form, 'role') })
    if (!inv.link) return `${inv.email} is already in this course; change their role in the list above.`
    return `Invitation for ${inv.email} as ${inv.role.toLowerCase()}: send them this link, valid for ${INVITATION_DAYS} days: ${await siteOrigin()}${inv.link} — they join the course when they accept it (after signing up, if they have no account yet).`
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

/** Invites everyone on an uploaded CSV roster; a file with wrong rows invites nobody and lists each wrong line. */
export async function importRosterAction(_prev: FormState, form: FormData): Promise<FormState> {
  const courseId = field(form, 'courseId') ?? ''
  const file = form.get('file')
  let list: string[] = []
  const r = await formResult(async () => {
    const out = await importRoster(db(), await currentActor(), {
      courseId,
      file: file instanceof Blob && file.size > 0 ? file : '',
      defaultRole: field(form, 'defaultRole'),
    })
    if (!out.ok) {
      list = out.errors.map((e) => `Line ${e.line}: ${e.message}`)
      throw new UserError('invalid', `Nobody was invited: ${out.errors.length} line${out.errors.length === 1 ? ' needs' : 's need'} correcting. Fix the file and import it again.`, {
        file: 'Some lines are not valid (listed above).',
      })
    }
    const origin = await siteOrigin()
    list = [...out.invited.map((i) => `${i.email} (${i.role.toLowerCase()}): ${origin}${i.link}`), ...out.alreadyMembers.map((e) => `${e}: already in this course`)]
    return `${out.invited.length} invitation${out.invited.length === 1 ? '' : 's'} created, valid for ${INVITATION_DAYS} days: send each person their link. They join the course when they accept it.`
  })
  if (r.ok) revalidatePath(`/instructor/courses/${courseId}`)
  return { ...r, list }
}
