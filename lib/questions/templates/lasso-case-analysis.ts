/** The lasso by cases (m > 0, m < 0, m = 0), as graded steps: defined beside the KKT check, which shares its conditions. */
export { caseAnalysis as default } from './lasso-kkt-check'
