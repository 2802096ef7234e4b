/** Vector answers: one number per label, each read like a number answer. */
import type { AnswerKind, Tolerance } from '../types'
import { interpretNumber } from './number'
import { invalid, type RawInput, stringList, type Validation, valid } from './result'
import { DEFAULT_TOLERANCE, withinTolerance } from './tolerance'

export type VectorKind = Extract<AnswerKind, { type: 'vector' }>

/** An array with one entry per label, or one string with the components separated by commas or semicolons. */
export function validateVector(raw: RawInput, kind: VectorKind): Validation<number[]> {
  const items = Array.isArray(raw) ? raw.map((s) => s.trim()) : stringList(raw)
  const n = kind.labels.length
  if (items.length !== n) return invalid(`Enter ${n} numbers, one for each of ${kind.labels.join(', ')}.`)
  const values: number[] = []
  for (let i = 0; i < n; i++) {
    const r = interpretNumber(items[i])
    if (!r.ok) return invalid(`${kind.labels[i]}: ${r.message}`)
    if (r.value === null) return invalid(`${kind.labels[i]}: enter a number.`)
    values.push(r.value)
  }
  return valid(values)
}

/** Partial credit: the fraction of components within tolerance (0 when the lengths differ). */
export function scoreVector(actual: number[], expected: number[], tol: Tolerance = DEFAULT_TOLERANCE): number {
  if (actual.length !== expected.length || expected.length === 0) return 0
  const right = expected.filter((e, i) => withinTolerance(actual[i], e, tol)).length
  return right / expected.length
}
