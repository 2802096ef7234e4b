/**
 * Whether a variant tells a named mistake apart: the mistake's value for this variant differs from the right
 * answer and from the value of every other named mistake of the same part (under the part's tolerance). Only
 * then does a right answer show the student did not make that mistake, and a matching wrong answer pin it down.
 */
import { answersMatch, resolveTolerance } from './answers'
import type { AnswerValue, AnyTemplate, PartSpec } from './types'

function distinct(part: PartSpec, a: AnswerValue, b: AnswerValue): boolean {
  const tol = resolveTolerance(part.tolerance)
  return !answersMatch(part.answer, a, b, tol) && !answersMatch(part.answer, b, a, tol)
}

/** The ids of the named mistakes of `partId` that this variant tells apart from the right answer and from each other. */
export function discriminatedMistakes(template: AnyTemplate, variant: unknown, partId: string, parts?: PartSpec[], solved?: Record<string, AnswerValue>): string[] {
  const part = (parts ?? template.parts(variant)).find((p) => p.id === partId)
  if (!part) return []
  const right = (solved ?? template.solve(variant))[partId]
  if (right === undefined) return []
  const values = template.mistakes.filter((m) => m.part === partId).map((m) => ({ id: m.id, value: m.value(variant) }))
  return values
    .filter((m): m is { id: string; value: AnswerValue } => m.value !== undefined)
    .filter((m, _, all) => distinct(part, m.value, right) && all.every((o) => o.id === m.id || o.value === undefined || distinct(part, m.value, o.value)))
    .map((m) => m.id)
}

/** Per part of the variant, the named mistakes it tells apart. */
export function discriminationByPart(template: AnyTemplate, variant: unknown): Record<string, string[]> {
  const parts = template.parts(variant)
  const solved = template.solve(variant)
  return Object.fromEntries(parts.map((p) => [p.id, discriminatedMistakes(template, variant, p.id, parts, solved)]))
}

/** Whether the variant tells `misconceptionId` apart from the right answer and the other mistakes of its part. */
export function discriminates(template: AnyTemplate, variant: unknown, misconceptionId: string): boolean {
  const m = template.mistakes.find((x) => x.id === misconceptionId)
  return m ? discriminatedMistakes(template, variant, m.part).includes(misconceptionId) : false
}
