import { mathTextToPlain, orderSlotLabel } from '@/lib/questions/plain'
import { renderMathText } from '@/lib/questions/render'
import type { PartSpec } from '@/lib/questions/types'
import type { ClientPart } from './AnswerForm'

/** A part's share of the question's points (parts carry relative weights). */
export function partPoints(parts: PartSpec[], part: PartSpec, questionPoints: number): number {
  const total = parts.reduce((s, p) => s + p.points, 0)
  return total > 0 ? (questionPoints * part.points) / total : 0
}

/** What the browser gets of a part: prompts and labels pre-rendered, nothing of the answer. */
export function toClientParts(parts: PartSpec[], questionPoints?: number): ClientPart[] {
  return parts.map((p) => ({
    id: p.id,
    points: questionPoints === undefined ? undefined : partPoints(parts, p, questionPoints),
    promptHtml: renderMathText(p.prompt),
    labelHtml: p.label ? renderMathText(p.label) : undefined,
    ariaLabel: p.label ? mathTextToPlain(p.label).replace(/\s*=$/, '') : undefined,
    labelsPlain: 'labels' in p.answer ? p.answer.labels.map((l) => mathTextToPlain(l)) : undefined,
    slotLabels: p.answer.type === 'order' ? p.answer.labels.map((_, i) => orderSlotLabel(i, p.answer.type === 'order' ? p.answer.slotNoun : undefined)) : undefined,
    answer: p.answer,
    optionHtml: p.answer.type === 'choice' ? Object.fromEntries(p.answer.options.map((o) => [o.id, renderMathText(o.label)])) : undefined,
    labelsHtml: 'labels' in p.answer ? p.answer.labels.map((l) => renderMathText(l)) : undefined,
  }))
}
