/** The catalog: every question template by id. Add a template here when its self-test passes. */
import lasso1dLambdaStar from './templates/lasso-1d-lambda-star'
import coordinateDescentStep from './templates/coordinate-descent-step'
import ridge2d from './templates/ridge-2d'
import sparsityConcepts from './templates/sparsity-concepts'
import type { AnyTemplate } from './types'

const all: AnyTemplate[] = [lasso1dLambdaStar, sparsityConcepts, ridge2d, coordinateDescentStep]

export const templates: Readonly<Record<string, AnyTemplate>> = Object.freeze(
  Object.fromEntries(all.map((t) => [t.id, t])),
)

if (Object.keys(templates).length !== all.length) throw new Error('Duplicate question template id in the registry')

export function getTemplate(id: string): AnyTemplate | undefined {
  return Object.hasOwn(templates, id) ? templates[id] : undefined
}

/** All templates, sorted by topic then title, for the catalog. */
export function listTemplates(): AnyTemplate[] {
  return [...all].sort((a, b) => a.topic.localeCompare(b.topic) || a.title.localeCompare(b.title))
}
