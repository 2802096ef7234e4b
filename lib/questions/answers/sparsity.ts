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

/**
 * Without `labels`: all or nothing, exactly the set of zero coefficients. With the part's `labels`: partial
 * credit per coefficient, the fraction of labels classified right (zero or not zero); 1 only for the exact set.
 */
export function scoreSparsity(actual: string[], expected: string[], labels?: readonly string[]): number {
  if (sameSet(actual, expected)) return 1
  if (!labels || labels.length === 0) return 0
  const a = new Set(actual)
  const e = new Set(expected)
  if ([...a, ...e].some((l) => !labels.includes(l))) return 0
  return labels.filter((l) => a.has(l) === e.has(l)).length / labels.length
}
