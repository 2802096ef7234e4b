'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { db } from '@/lib/db'
import { isUserError } from '@/lib/server/errors'
import { attachDataset, detachDataset, uploadDataset } from '@/lib/server/instructor/datasets'
import { currentActor } from '@/lib/server/session'
import type { FormState } from '../_components/ActionForm'
import { field, formResult } from '../_components/formResult'

/** Uploads a CSV as a new dataset or the next version of one; on success, opens its data page. */
export async function uploadDatasetAction(_prev: FormState, form: FormData): Promise<FormState> {
  let target = ''
  try {
    const r = await uploadDataset(db(), await currentActor(), { courseId: field(form, 'courseId'), name: field(form, 'name'), source: field(form, 'source'), file: form.get('file') })
    target = `/instructor/datasets/${r.datasetId}?version=${r.version}&uploaded=1`
  } catch (e) {
    if (isUserError(e)) return { ok: false, message: e.message, fieldErrors: e.fieldErrors }
    throw e
  }
  revalidatePath(target)
  redirect(target)
}

export async function attachDatasetAction(_prev: FormState, form: FormData): Promise<FormState> {
  return formResult(async () => {
    const r = await attachDataset(db(), await currentActor(), {
      itemId: field(form, 'itemId'),
      versionId: field(form, 'versionId'),
      features: form.getAll('features').filter((v): v is string => typeof v === 'string'),
      y: field(form, 'y'),
      sampleSize: field(form, 'sampleSize'),
    })
    revalidatePath(`/instructor/items/${r.itemId}/data`)
    return `Saved: new variants of this question use “${r.dataset}”, version ${r.version}. Variants students already have keep their data.`
  })
}

export async function detachDatasetAction(_prev: FormState, form: FormData): Promise<FormState> {
  return formResult(async () => {
    const r = await detachDataset(db(), await currentActor(), { itemId: field(form, 'itemId') })
    revalidatePath(`/instructor/items/${r.itemId}/data`)
    return 'Saved: new variants of this question use data drawn by the template. Variants students already have keep their data.'
  })
}
