/**
 * A short worked contrast: for one named mistake and one variant, what the right method gives and what the
 * mistaken method gives, with this variant's numbers, and why they differ (the mistake's own description).
 */
import { texFracApprox } from '@/lib/questions/format'
import type { AnswerKind, AnswerValue, AnyTemplate } from '@/lib/questions/types'

export interface Contrast {
  misconceptionId: string
  partId: string
  /** 1-based position of the part in the question. */
  partNumber: number
  label: string
  /** Math text: the right method's value. */
  right: string
  /** Math text: the mistaken method's value. */
  mistaken: string
  /** Math text: what the mistaken method does and why it is wrong. */
  why: string
}

/** An answer value as math text. */
export function answerText(kind: AnswerKind, value: AnswerValue): string {
  if (value === null) return 'undefined'
  if (typeof value === 'number') return `$${texFracApprox(value)}$`
  if (kind.type === 'choice') {
    const ids = Array.isArray(value) ? value.map(String) : [String(value)]
    return ids.map((id) => kind.options.find((o) => o.id === id)?.label ?? id).join('; ')
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return kind.type === 'sparsity' ? 'none' : '—'
    return value.map((x) => (typeof x === 'number' ? `$${texFracApprox(x)}$` : String(x))).join(', ')
  }
  return String(value)
}

/** The contrast for `misconceptionId` on this variant, or null when the variant does not produce that mistake. */
export function workedContrast(template: AnyTemplate, variant: unknown, misconceptionId: string): Contrast | null {
  const m = template.mistakes.find((x) => x.id === misconceptionId)
  if (!m) return null
  const value = m.value(variant)
  if (value === undefined) return null
  const parts = template.parts(variant)
  const index = parts.findIndex((p) => p.id === m.part)
  if (index < 0) return null
  const part = parts[index]
  const right = template.solve(variant)[m.part]
  return { misconceptionId: m.id, partId: m.part, partNumber: index + 1, label: m.label, right: answerText(part.answer, right), mistaken: answerText(part.answer, value), why: m.description }
}
