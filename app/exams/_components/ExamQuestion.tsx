'use client'

/** One exam question's answer inputs, saved as a draft while the student types (no submit button of its own). */
import { AnswerFields, arrayPartIds, type ClientPart } from '../../_components/AnswerFields'
import { DraftStatus } from '../../_components/DraftStatus'

export function ExamQuestion(props: { itemId: string; variantId: string; parts: ClientPart[]; draft: Record<string, string | string[]> | null; savedAt: string | null }) {
  const formId = `exam-q-${props.itemId}`
  return (
    <form id={formId} aria-label="Your answers" onSubmit={(e) => e.preventDefault()}>
      <input type="hidden" name="arrayParts" value={arrayPartIds(props.parts).join(',')} />
      <AnswerFields parts={props.parts} fieldErrors={{}} values={props.draft ?? {}} />
      <DraftStatus formId={formId} itemId={props.itemId} variantId={props.variantId} savedAt={props.savedAt} />
    </form>
  )
}
