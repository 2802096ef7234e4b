/**
 * Input checks, done once at the public boundary; the inner loops trust their input.
 */
import { SolverInputError } from './errors'

/** Checks that x and y are non-empty arrays of finite numbers of the same length. */
export function checkXY1d(x: readonly number[], y: readonly number[]): void {
  if (!Array.isArray(x) || !Array.isArray(y)) throw new SolverInputError('x and y must be arrays of numbers.')
  if (x.length === 0) throw new SolverInputError('The data is empty: x and y need at least one value.')
  if (x.length !== y.length) {
    throw new SolverInputError(`x and y must have the same length, got ${x.length} and ${y.length}.`)
  }
  checkFiniteVector(x, 'x')
  checkFiniteVector(y, 'y')
}

export function checkFiniteVector(v: readonly number[], name: string): void {
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) {
      throw new SolverInputError(`${name}[${i}] is ${String(v[i])}; every value must be a finite number.`)
    }
  }
}

/** Checks that X is a non-empty n × p matrix (rows are samples) of finite numbers with p ≥ 1 and n = y.length. */
export function checkXY(X: readonly (readonly number[])[], y: readonly number[]): { n: number; p: number } {
  if (!Array.isArray(X) || !Array.isArray(y)) throw new SolverInputError('X must be an array of rows and y an array of numbers.')
  const n = X.length
  if (n === 0) throw new SolverInputError('The data is empty: X and y need at least one sample.')
  if (y.length !== n) throw new SolverInputError(`X has ${n} rows but y has ${y.length} values.`)
  if (!Array.isArray(X[0])) throw new SolverInputError('X must be an array of rows (one row per sample).')
  const p = X[0].length
  if (p === 0) throw new SolverInputError('X has no columns: at least one feature is needed.')
  for (let i = 0; i < n; i++) {
    const row = X[i]
    if (!Array.isArray(row) || row.length !== p) {
      throw new SolverInputError(`Row ${i} of X has ${Array.isArray(row) ? row.length : 'no'} values; row 0 has ${p}.`)
    }
    for (let j = 0; j < p; j++) {
      if (typeof row[j] !== 'number' || !Number.isFinite(row[j])) {
        throw new SolverInputError(`X[${i}][${j}] is ${String(row[j])}; every value must be a finite number.`)
      }
    }
  }
  checkFiniteVector(y, 'y')
  return { n, p }
}

/** Checks that λ is a finite number ≥ 0. */
export function checkLambda(lambda: number, name = 'λ'): void {
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0) {
    throw new SolverInputError(`${name} must be a finite number ≥ 0, got ${String(lambda)}.`)
  }
}
