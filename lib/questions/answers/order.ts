/** Order answers: every label exactly once, in order (e.g. the order in which features enter the lasso path). */
import type { AnswerKind } from '../types'
import { invalid, type RawInput, stringList, type Validation, valid } from './result'

export type OrderKind = Extract<AnswerKind, { type: 'order' }>

export function validateOrder(raw: RawInput, kind: OrderKind): Validation<string[]> {
  const items = stringList(raw)
  const unknown = items.filter((c) => !kind.labels.includes(c))
  if (unknown.length > 0) return invalid(`Use only ${kind.labels.join(', ')}.`)
  if (new Set(items).size !== items.length) return invalid('Use each item once.')
  if (items.length !== kind.labels.length) return invalid(`Put all ${kind.labels.length} items in order.`)
  return valid(items)
}

/** All or nothing: the same sequence. */
export function scoreOrder(actual: string[], expected: string[]): number {
  return actual.length === expected.length && actual.every((a, i) => a === expected[i]) ? 1 : 0
}
