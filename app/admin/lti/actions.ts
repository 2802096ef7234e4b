'use server'

import { revalidatePath } from 'next/cache'
import { db } from '@/lib/db'
import { requireSiteAdmin, setCourseCreationPolicy } from '@/lib/server/lti/admin'
import { rotateToolKey } from '@/lib/server/lti/keys'
import { deletePlatform, savePlatform } from '@/lib/server/lti/platforms'
import { currentActor } from '@/lib/server/session'
import type { FormState } from '../../instructor/_components/ActionForm'
import { field, formResult } from '../../instructor/_components/formResult'

const FIELDS = ['name', 'issuer', 'clientId', 'deploymentIds', 'authUrl', 'tokenUrl', 'jwksUrl', 'tokenAudience'] as const

export async function savePlatformAction(_prev: FormState, form: FormData): Promise<FormState> {
  const r = await formResult(async () => {
    const p = await savePlatform(db(), await currentActor(), Object.fromEntries(FIELDS.map((f) => [f, field(form, f) ?? ''])))
    return `Registered ${p.name}.`
  })
  if (r.ok) revalidatePath('/admin/lti')
  return r
}

export async function deletePlatformAction(_prev: FormState, form: FormData): Promise<FormState> {
  const r = await formResult(async () => {
    await deletePlatform(db(), await currentActor(), String(field(form, 'id') ?? ''))
    return 'Removed.'
  })
  if (r.ok) revalidatePath('/admin/lti')
  return r
}

export async function rotateKeyAction(_prev: FormState, _form: FormData): Promise<FormState> {
  const r = await formResult(async () => {
    const actor = await currentActor()
    await requireSiteAdmin(db(), actor)
    const k = await rotateToolKey(db())
    return `New signing key ${k.kid}.`
  })
  if (r.ok) revalidatePath('/admin/lti')
  return r
}

export async function setCourseCreationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const r = await formResult(async () => {
    await setCourseCreationPolicy(db(), await currentActor(), { policy: field(form, 'policy'), emails: field(form, 'emails') ?? '' })
    return 'Saved.'
  })
  if (r.ok) revalidatePath('/admin/lti')
  return r
}
