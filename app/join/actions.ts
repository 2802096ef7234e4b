'use server'

import { redirect } from 'next/navigation'
import { db } from '@/lib/db'
import { limitJoin } from '@/lib/server/edge/rateLimit'
import { assertCleanText } from '@/lib/server/edge/text'
import { isUserError } from '@/lib/server/errors'
import { joinCourse } from '@/lib/server/instructor/courses'
import { currentActor } from '@/lib/server/session'

export interface JoinState {
  message?: string
  fieldErrors?: Record<string, string>
  code?: string
}

export async function joinCourseAction(_prev: JoinState, form: FormData): Promise<JoinState> {
  const code = String(form.get('code') ?? '')
  let target: string
  try {
    assertCleanText(form)
    const actor = await currentActor()
    if (actor) await limitJoin(db(), actor.userId)
    const r = await joinCourse(db(), actor, { code })
    target = r.role === 'STUDENT' ? `/dashboard?joined=${encodeURIComponent(r.courseId)}` : `/instructor/courses/${r.courseId}`
  } catch (e) {
    if (isUserError(e)) {
      if (e.code === 'unauthenticated') redirect('/signin?next=/join')
      return { message: e.message, fieldErrors: e.fieldErrors, code }
    }
    throw e
  }
  redirect(target)
}
