/** Sparsity answers: which coefficients are exactly zero, as a set of labels (possibly empty). */
import type { AnswerKind } from '../types'
import { sameSet } from './choice'
import { invalid, type RawInput, stringList, type Validation, valid } from './result'

export type SparsityKind = Extract<AnswerKind, { type: 'sparsity' }>

/** A missing or empty input is the empty set ("no coefficient is zero"): unticked checkboxes send nothing. */
export function validateSparsity(raw: RawInput, kind: SparsityKind): Validation<string[]> {
  const chosen = [...new Set(stringList(raw))]
  const unknown = chosen.filter((c) => !kind.labels.includes(c))
  if (unknown.length > 0) return invalid(`Choose among ${kind.labels.join(', ')}.`)
  return valid(chosen)
}

/** All or nothing: exactly the set of zero coefficients. */
export function scoreSparsity(actual: string[], expected: string[]): number {
  return sameSet(actual, expected) ? 1 : 0
}
