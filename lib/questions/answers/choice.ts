/** Choice answers: option ids, one or ("select all that apply") several. */
import type { AnswerKind } from '../types'
import { invalid, type RawInput, singleString, stringList, type Validation, valid } from './result'

export type ChoiceKind = Extract<AnswerKind, { type: 'choice' }>

export function validateChoice(raw: RawInput, kind: ChoiceKind): Validation<string | string[]> {
  const ids = new Set(kind.options.map((o) => o.id))
  if (kind.multiple) {
    const chosen = [...new Set(Array.isArray(raw) ? raw : stringList(raw))]
    if (chosen.length === 0) return invalid('Select at least one option.')
    if (chosen.some((c) => !ids.has(c))) return invalid('Choose among the options shown.')
    return valid(chosen)
  }
  const chosen = singleString(raw)?.trim()
  if (!chosen) return invalid('Select one option.')
  if (!ids.has(chosen)) return invalid('Choose among the options shown.')
  return valid(chosen)
}

/** All or nothing: the same option, or exactly the same set of options. */
export function scoreChoice(actual: string | string[], expected: string | string[]): number {
  const a = Array.isArray(actual) ? actual : [actual]
  const e = Array.isArray(expected) ? expected : [expected]
  return sameSet(a, e) ? 1 : 0
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a)
  const sb = new Set(b)
  return sa.size === sb.size && [...sa].every((x) => sb.has(x))
}
