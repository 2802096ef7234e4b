'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { db } from '@/lib/db'
import { isUserError } from '@/lib/server/errors'
import { type ChangeNote, createAssignment, deleteAssignment, sampleVariant, updateAssignment } from '@/lib/server/instructor/assignments'
import { grantExtension, revokeExtension } from '@/lib/server/instructor/extensions'
import { applyRegrade, setItemTolerance } from '@/lib/server/instructor/regrade'
import { copyAssignment } from '@/lib/server/instructor/copy'
import { giveCredit, overrideGrade } from '@/lib/server/instructor/results'
import { createAssignmentForDeepLink } from '@/lib/server/lti/deeplink'
import { currentActor } from '@/lib/server/session'
import type { FormState } from '../_components/ActionForm'
import { field, formResult } from '../_components/formResult'
import { publicViewHtml } from '../_components/viewHtml'

export interface SaveState extends FormState {
  changes?: ChangeNote[]
}

/**
 * Saves the builder's assignment (JSON from the client component). An edit that changes graded work comes back
 * with `changes` and is saved only when sent again with `confirm`. A new assignment made for an LMS content
 * selection (`deepLinkId`) leads back to that selection with it chosen.
 */
export async function saveAssignmentAction(input: { courseId?: string; assignmentId?: string; deepLinkId?: string; assignment: unknown; confirm?: boolean }): Promise<SaveState> {
  let target = ''
  try {
    const actor = await currentActor()
    if (input.assignmentId) {
      const r = await updateAssignment(db(), actor, { assignmentId: input.assignmentId, assignment: input.assignment, confirm: !!input.confirm })
      if (!r.ok) return { ok: false, message: 'This edit changes work students have already submitted. Review what changes, then save again to confirm.', changes: r.changes }
      target = `/instructor/assignments/${r.assignmentId}`
    } else if (input.deepLinkId !== undefined) {
      const r = await createAssignmentForDeepLink(db(), actor, { deepLinkId: input.deepLinkId, courseId: input.courseId, assignment: input.assignment })
      target = r.next
    } else {
      const a = await createAssignment(db(), actor, { courseId: input.courseId, assignment: input.assignment })
      target = `/instructor/assignments/${a.id}`
    }
  } catch (e) {
    if (isUserError(e)) return { ok: false, message: e.message, fieldErrors: e.fieldErrors }
    throw e
  }
  revalidatePath(target.split('?')[0])
  redirect(target)
}

export interface SampleState {
  ok: boolean
  html?: string
  message?: string
  fieldErrors?: Record<string, string>
}

/** A sample variant of a template with the builder's current params, rendered on the server. */
export async function sampleAction(input: { courseId: string; templateId: string; params: unknown; seed: number }): Promise<SampleState> {
  try {
    const v = await sampleVariant(db(), await currentActor(), input)
    return { ok: true, html: publicViewHtml(v) }
  } catch (e) {
    if (isUserError(e)) return { ok: false, message: e.message, fieldErrors: e.fieldErrors }
    throw e
  }
}

export async function deleteAssignmentAction(_prev: FormState, form: FormData): Promise<FormState> {
  let courseId = ''
  const r = await formResult(async () => {
    courseId = (await deleteAssignment(db(), await currentActor(), { assignmentId: field(form, 'assignmentId'), confirmTitle: field(form, 'confirmTitle') ?? '' })).courseId
    return undefined
  })
  if (!r.ok) return r
  revalidatePath(`/instructor/courses/${courseId}`)
  redirect(`/instructor/courses/${courseId}`)
}

export async function grantExtensionAction(_prev: FormState, form: FormData): Promise<FormState> {
  const assignmentId = field(form, 'assignmentId') ?? ''
  const r = await formResult(async () => {
    await grantExtension(db(), await currentActor(), { assignmentId, userId: field(form, 'userId'), dueAt: field(form, 'dueAt') })
    return 'Extension saved.'
  })
  if (r.ok) revalidatePath(`/instructor/assignments/${assignmentId}/extensions`)
  return r
}

export async function revokeExtensionAction(_prev: FormState, form: FormData): Promise<FormState> {
  const assignmentId = field(form, 'assignmentId') ?? ''
  const r = await formResult(async () => {
    await revokeExtension(db(), await currentActor(), { assignmentId, userId: field(form, 'userId') })
    return 'Extension removed.'
  })
  if (r.ok) revalidatePath(`/instructor/assignments/${assignmentId}/extensions`)
  return r
}

/** Manual override; the form takes a percentage. */
export async function overrideGradeAction(_prev: FormState, form: FormData): Promise<FormState> {
  const pct = field(form, 'percent')
  const r = await formResult(async () => {
    const score = pct === undefined || pct.trim() === '' ? Number.NaN : Number(pct) / 100
    await overrideGrade(db(), await currentActor(), { attemptId: field(form, 'attemptId'), score, reason: field(form, 'reason'), shareReason: field(form, 'shareReason') })
    return 'Grade overridden; the change is in the audit log below.'
  })
  const path = field(form, 'path') ?? ''
  if (r.ok) revalidatePath(/^\/instructor\/[\w/-]+$/.test(path) ? path : '/instructor')
  return r.fieldErrors?.score ? { ...r, fieldErrors: { ...r.fieldErrors, percent: r.fieldErrors.score } } : r
}

/** Credit for a question the student never attempted; the form takes a percentage. */
export async function giveCreditAction(_prev: FormState, form: FormData): Promise<FormState> {
  const pct = field(form, 'percent')
  const r = await formResult(async () => {
    const score = pct === undefined || pct.trim() === '' ? Number.NaN : Number(pct) / 100
    await giveCredit(db(), await currentActor(), { itemId: field(form, 'itemId'), userId: field(form, 'userId'), score, reason: field(form, 'reason'), shareReason: field(form, 'shareReason') })
    return 'Credit given; it counts for this question in the gradebook and for the student.'
  })
  const path = field(form, 'path') ?? ''
  if (r.ok) revalidatePath(/^\/instructor\/[\w/-]+$/.test(path) ? path : '/instructor')
  return r.fieldErrors?.score ? { ...r, fieldErrors: { ...r.fieldErrors, percent: r.fieldErrors.score } } : r
}

export async function setToleranceAction(_prev: FormState, form: FormData): Promise<FormState> {
  const itemId = field(form, 'itemId') ?? ''
  const rel = field(form, 'rel')?.trim() ?? ''
  const abs = field(form, 'abs')?.trim() ?? ''
  const r = await formResult(async () => {
    // One box filled: the other keeps the template default (the use case fills it in).
    const tolerance = rel === '' && abs === '' ? null : { rel, abs }
    await setItemTolerance(db(), await currentActor(), { itemId, tolerance })
    return tolerance ? 'Tolerance saved. It applies to new attempts; review the regrade below to apply it to past ones.' : 'Back to the default tolerance.'
  })
  if (r.ok) revalidatePath(`/instructor/items/${itemId}/regrade`)
  return r.fieldErrors ? { ...r, fieldErrors: Object.fromEntries(Object.entries(r.fieldErrors).map(([k, v]) => [k.replace(/^tolerance\./, ''), v])) } : r
}

export async function applyRegradeAction(_prev: FormState, form: FormData): Promise<FormState> {
  const itemId = field(form, 'itemId') ?? ''
  let summary = ''
  const r = await formResult(async () => {
    const out = await applyRegrade(db(), await currentActor(), { itemId, planHash: field(form, 'planHash'), reason: field(form, 'reason'), shareReason: field(form, 'shareReason') })
    summary = `changed=${out.changed}&unchanged=${out.unchanged}&kept=${out.overridden}`
    return undefined
  })
  if (!r.ok) return r
  // The diff is empty once applied, so the outcome is shown by the page itself.
  revalidatePath(`/instructor/items/${itemId}/regrade`)
  redirect(`/instructor/items/${itemId}/regrade?${summary}`)
}

/** Copies the assignment into a course the instructor teaches, then opens the copy's editor. */
export async function copyAssignmentAction(_prev: FormState, form: FormData): Promise<FormState> {
  let id = ''
  let courseId = ''
  const r = await formResult(async () => {
    const copy = await copyAssignment(db(), await currentActor(), { assignmentId: field(form, 'assignmentId'), courseId: field(form, 'courseId'), title: field(form, 'title') })
    id = copy.id
    courseId = copy.courseId
    return undefined
  })
  if (!r.ok) return r
  revalidatePath(`/instructor/courses/${courseId}`)
  redirect(`/instructor/assignments/${id}/edit?copied=1`)
}
