/**
 * lib/solver: OLS, ridge and lasso, exact closed forms in 1-D, verified iterative solvers in many dimensions.
 * Pure numerics: plain number[] in and out, rows of X are samples, the intercept is fitted and never
 * penalized. Conventions follow DESIGN.md ("Math conventions") exactly.
 */
export { ConvergenceError, SolverInputError, UndefinedFitError } from './errors'
export { neumaierSum } from './numerics'
export { type Centered, centerColumns, type Summary1d, summarize1d } from './stats'
export {
  type Convention,
  convertLambda,
  type Line,
  lambdaFromSklearnAlpha,
  lasso1d,
  lassoLambdaStar1d,
  lassoThreshold,
  ols1d,
  ridge1d,
  sklearnAlphaFromLambda,
  softThreshold,
} from './univariate'
export {
  coordinateDescentStep,
  type LassoFit,
  type LassoKkt,
  type LassoOptions,
  type LassoPath,
  lasso,
  lassoKkt,
  lassoLambdaMax,
  lassoObjective,
  lassoPath,
} from './lasso'
export { type LinearFit, ridge } from './ridge'
export { ridgeLambdaForShrinkage1d } from './univariate'
export { type LassoBreakpoint, type LassoBreakpoints, lassoBreakpoints, lassoPathCoefAt } from './path'
export { type CoordinateUpdate, coordinateDescentUpdate } from './coordinate'
export { type Interval, l1Subdifferential, type PenaltyKind, penaltyGradient } from './penalty'
export {
  type ElasticNetFit,
  type ElasticNetOptions,
  elasticNet,
  elasticNet1d,
  elasticNetObjective,
  lambdasFromSklearnElasticNet,
  sklearnElasticNetParams,
} from './elastic-net'
export { type CrossValidation, chooseLambda, kFoldAssignment, lassoCrossValidation, standardizeColumns } from './cv'
export { type ConstrainedFit, lassoConstrained, ridgeConstrained } from './constrained'
