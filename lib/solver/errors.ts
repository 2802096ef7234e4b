/**
 * Errors the solver throws. Each carries a sentence meant for whoever supplied the data.
 */

/** The fit asked for has no unique answer on this data, e.g. an OLS slope when every x is equal (S_xx = 0). */
export class UndefinedFitError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UndefinedFitError'
  }
}

/** The input is malformed: empty or mismatched arrays, NaN or infinite values, a negative λ. */
export class SolverInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SolverInputError'
  }
}

/** An iterative solver stopped before its optimality test passed. Never returned as a silent answer. */
export class ConvergenceError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConvergenceError'
  }
}
