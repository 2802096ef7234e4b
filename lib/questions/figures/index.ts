/** Server-side SVG figures for derivations; each returns a `Figure` ({ svg, alt, caption }). */
export { type ConstraintGeometryOptions, constraintGeometry } from './constraintGeometry'
export { type DataWithLinesOptions, dataWithLines, type FigureLine } from './dataWithLines'
export { type SlopeVsLambdaOptions, slopeVsLambda } from './slopeVsLambda'
export { type CoefficientPathsOptions, coefficientPaths } from './coefficientPaths'
