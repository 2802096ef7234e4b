/** From instructor params and a variant seed to a variant, and what of it the page may see. */
import { createRng } from '@/lib/random'
import { COUNT_SENTENCE, precisionSentence, resolveTolerance } from './answers/tolerance'
import { splitSupplied } from './data'
import type { AnyTemplate, Intro, PartSpec, QuestionTemplate, Tolerance } from './types'

/** The template's params with defaults filled in; throws a ZodError on bad params. */
export function parseParams<P, V>(template: QuestionTemplate<P, V>, params: unknown): P {
  return template.params.parse(params ?? {})
}

/**
 * Parses the params with the template's schema, seeds the Rng from the hex seed, generates. Deterministic.
 * A params snapshot may carry an instructor's data under SUPPLIED_KEY (lib/questions/data.ts): it goes to
 * `generate`, not through the template's params schema.
 */
export function makeVariant<P, V>(template: QuestionTemplate<P, V>, params: unknown, seed: string): V {
  const { params: own, supplied } = splitSupplied(params)
  const p = parseParams(template, own)
  if (supplied && !template.dataSlot) throw new Error(`${template.id} does not take an instructor's dataset`)
  return template.generate(createRng(seed), p, supplied)
}

/** What the page gets before the attempt that reveals the answers: the statement, dataset and parts. Never answers. */
export interface PublicView {
  intro: Intro
  parts: PartSpec[]
}

/**
 * Number and vector prompts end with what is accepted, in the words of the tolerance that grades them
 * (the item's override when given): "Give the exact value … or a decimal with at least 4 significant figures."
 */
export function publicView<V>(template: QuestionTemplate<unknown, V> | AnyTemplate, variant: V, itemTolerance?: Tolerance): PublicView {
  const parts = template.parts(variant).map((p: PartSpec) => {
    if (p.answer.type === 'number' && p.answer.integer) return { ...p, prompt: `${p.prompt} ${COUNT_SENTENCE}` }
    if (p.answer.type === 'number' || p.answer.type === 'vector') return { ...p, prompt: `${p.prompt} ${precisionSentence(resolveTolerance(p.tolerance, itemTolerance))}` }
    return { ...p }
  })
  return { intro: template.intro(variant), parts }
}
