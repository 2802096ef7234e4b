'use client'

import { useRouter } from 'next/navigation'
import { useActionState, useEffect } from 'react'
import { type SubmitState, submitAttemptAction } from '../_actions/attempts'
import { AnswerFields, arrayPartIds, type ClientPart } from './AnswerFields'
import { DraftStatus } from './DraftStatus'

export type { ClientPart } from './AnswerFields'

export function AnswerForm(props: {
  itemId: string
  variantId: string
  idempotencyKey: string
  parts: ClientPart[]
  disabled?: boolean
  /** The saved draft (answers typed before, not submitted) and when it was saved. */
  draft?: Record<string, string | string[]> | null
  draftSavedAt?: string | null
}) {
  const [state, action, pending] = useActionState<SubmitState, FormData>(submitAttemptAction, {})
  const fe = state.fieldErrors ?? {}
  const values = state.values ?? props.draft ?? {}
  const formId = `answer-form-${props.itemId}`
  const arrayParts = arrayPartIds(props.parts)
  const router = useRouter()
  // A stale tab (attempts used up, or a new dataset, in another tab) shows the question as it is now.
  useEffect(() => {
    if (state.stale) router.refresh()
  }, [state, router])
  return (
    <form action={action} aria-label="Your answers" id={formId}>
      <input type="hidden" name="itemId" value={props.itemId} />
      <input type="hidden" name="variantId" value={props.variantId} />
      <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
      <input type="hidden" name="arrayParts" value={arrayParts.join(',')} />
      {state.message && (
        <div className="alert error" role="alert">
          {state.message}
        </div>
      )}
      <AnswerFields parts={props.parts} fieldErrors={fe} values={values} />
      <DraftStatus formId={formId} itemId={props.itemId} variantId={props.variantId} savedAt={props.draftSavedAt} />
      <p>
        <button type="submit" disabled={pending || props.disabled}>
          {pending ? 'Submitting…' : 'Submit answer'}
        </button>
      </p>
    </form>
  )
}
