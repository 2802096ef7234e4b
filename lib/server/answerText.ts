/**
 * Answers as people read them, for staff pages and exports: a multiple-choice answer as its option's text
 * (math text), never its opaque, per-variant option id; lists joined; nothing given as a dash.
 */
import type { AnswerKind } from '@/lib/questions/types'

export function answerText(kind: AnswerKind | undefined, value: unknown): string {
  // A number part that accepts "undefined" stores null for it.
  if (value === null && kind?.type === 'number') return 'undefined'
  if (value === null || value === undefined || value === '') return '—'
  const one = (v: unknown) => {
    if (kind?.type === 'choice') return kind.options.find((o) => o.id === v)?.label ?? String(v)
    return typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : String(v)
  }
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map(one).join(', ')
  return one(value)
}

/** The choice labels of a choice answer (one per chosen option), for pages that list them. */
export function choiceLabels(kind: AnswerKind, value: unknown): string[] | null {
  if (kind.type !== 'choice') return null
  const ids = Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : []
  return ids.map((id) => kind.options.find((o) => o.id === id)?.label ?? String(id))
}

/** Math text as plain text for a spreadsheet cell: the `$` delimiters dropped. */
export function plainText(mathText: string): string {
  return mathText.replace(/\$\$?/g, '')
}
