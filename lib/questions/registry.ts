/** The catalog: every question template by id. Add a template here when its self-test passes. */
import lasso1dLambdaStar from './templates/lasso-1d-lambda-star'
import lasso2dSparsity from './templates/lasso-2d-sparsity'
import lassoPathBreakpoints from './templates/lasso-path-breakpoints'
import coordinateDescentStep from './templates/coordinate-descent-step'
import ridge2d from './templates/ridge-2d'
import sparsityConcepts from './templates/sparsity-concepts'
import lasso1dSlope from './templates/lasso-1d-slope'
import ols1d from './templates/ols-1d'
import penaltyConventions from './templates/penalty-conventions'
import ridge1dSlope from './templates/ridge-1d-slope'
import ridgeVsLasso from './templates/ridge-vs-lasso'
import subgradientAtZero from './templates/subgradient-at-zero'
import choosingLambda from './templates/choosing-lambda'
import constrainedForm from './templates/constrained-form'
import elasticNet1d from './templates/elastic-net-1d'
import lassoCaseAnalysis from './templates/lasso-case-analysis'
import lassoKktCheck from './templates/lasso-kkt-check'
import type { AnyTemplate } from './types'

const all: AnyTemplate[] = [lasso1dLambdaStar, sparsityConcepts, ridge2d, coordinateDescentStep, lasso2dSparsity, lassoPathBreakpoints, ols1d, ridge1dSlope, lasso1dSlope, ridgeVsLasso, penaltyConventions, subgradientAtZero, lassoCaseAnalysis, lassoKktCheck, elasticNet1d, constrainedForm, choosingLambda]

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
