/**
 * Ridge regression on many features.
 */
import { UndefinedFitError } from './errors'
import { axpy, cholesky, choleskySolve, dot, gramMatrix } from './linalg'
import { neumaierSum } from './numerics'
import { type CenteredColumns, centerColumnMajor } from './stats'
import { checkLambda, checkXY } from './validate'

export interface LinearFit {
  coef: number[]
  intercept: number
}

/** b = ȳ − x̄ᵀw with a compensated sum (x̄ may be ≈ 10⁶ while b is small). */
export function interceptFor(c: CenteredColumns, w: ArrayLike<number>): number {
  const terms = new Float64Array(c.p + 1)
  terms[0] = c.yMean
  for (let j = 0; j < c.p; j++) terms[j + 1] = -c.xMean[j] * w[j]
  return neumaierSum(terms) + 0
}

/**
 * Ridge regression: minimizes ||y − Xw − b||²₂ + λ||w||²₂ over w and b; the intercept b is not penalized.
 * X is n × p with rows as samples. scikit-learn's Ridge(alpha=λ) minimizes the same loss.
 *
 * Solved on centered data: (X̃ᵀX̃ + λI)w = X̃ᵀỹ by Cholesky when p ≤ n, or w = X̃ᵀ(X̃X̃ᵀ + λI)⁻¹ỹ on the
 * n × n kernel matrix when p > n, each with one step of iterative refinement; then b = ȳ − x̄ᵀw.
 * A constant feature gets coefficient 0 when λ > 0.
 *
 * λ = 0 is OLS: throws UndefinedFitError when X̃ᵀX̃ is singular (a constant feature, collinear features,
 * or p ≥ n). Throws SolverInputError on empty, ragged or non-finite input or a negative λ.
 */
export function ridge(X: readonly (readonly number[])[], y: readonly number[], lambda: number): LinearFit {
  const { n, p } = checkXY(X, y)
  checkLambda(lambda)
  const c = centerColumnMajor(X, y, n, p)
  const w = p <= n ? ridgePrimal(c, lambda) : ridgeKernel(c, lambda)
  return { coef: Array.from(w, (v) => v + 0), intercept: interceptFor(c, w) }
}

function singular(lambda: number): UndefinedFitError {
  return lambda === 0
    ? new UndefinedFitError(
        'The least-squares coefficients are not unique: X̃ᵀX̃ is singular (a constant feature, collinear features, or p ≥ n). Use λ > 0.',
      )
    : new UndefinedFitError(`The ridge system is numerically singular at λ = ${lambda}; increase λ.`)
}

/** (X̃ᵀX̃ + λI)w = X̃ᵀỹ. */
function ridgePrimal(c: CenteredColumns, lambda: number): Float64Array {
  const { n, p, cols, yc } = c
  const A = gramMatrix(cols, n, p)
  for (let j = 0; j < p; j++) A[j * p + j] += lambda
  const rhs = new Float64Array(p)
  for (let j = 0; j < p; j++) rhs[j] = dot(cols, j * n, yc, 0, n)
  const L = A.slice()
  if (!cholesky(L, p)) throw singular(lambda)
  const w = rhs.slice()
  choleskySolve(L, p, w)
  // One refinement step on the residual of the original equations: X̃ᵀ(ỹ − X̃w) − λw.
  const r = residual(c, w)
  const e = new Float64Array(p)
  for (let j = 0; j < p; j++) e[j] = dot(cols, j * n, r, 0, n) - lambda * w[j]
  choleskySolve(L, p, e)
  for (let j = 0; j < p; j++) w[j] += e[j]
  return w
}

/** w = X̃ᵀa with (X̃X̃ᵀ + λI)a = ỹ; needs λ > 0 because centered rows make X̃X̃ᵀ singular. */
function ridgeKernel(c: CenteredColumns, lambda: number): Float64Array {
  const { n, p, cols, yc } = c
  if (lambda === 0) throw singular(0)
  const K = new Float64Array(n * n)
  for (let j = 0; j < p; j++) {
    const off = j * n
    for (let i = 0; i < n; i++) {
      const xi = cols[off + i]
      if (xi === 0) continue
      for (let k = 0; k <= i; k++) K[i * n + k] += xi * cols[off + k]
    }
  }
  for (let i = 0; i < n; i++) {
    K[i * n + i] += lambda
    for (let k = 0; k < i; k++) K[k * n + i] = K[i * n + k]
  }
  const L = K.slice()
  if (!cholesky(L, n)) throw singular(lambda)
  const a = yc.slice()
  choleskySolve(L, n, a)
  // Refinement: e = ỹ − (X̃X̃ᵀ + λI)a.
  const e = new Float64Array(n)
  for (let i = 0; i < n; i++) e[i] = yc[i] - dot(K, i * n, a, 0, n)
  choleskySolve(L, n, e)
  for (let i = 0; i < n; i++) a[i] += e[i]
  const w = new Float64Array(p)
  for (let j = 0; j < p; j++) w[j] = dot(cols, j * n, a, 0, n)
  return w
}

/** r = ỹ − X̃w. */
export function residual(c: CenteredColumns, w: ArrayLike<number>): Float64Array {
  const { n, p, cols } = c
  const r = c.yc.slice()
  for (let j = 0; j < p; j++) {
    const wj = w[j]
    if (wj === 0) continue
    axpy(-wj, cols, j * n, r, 0, n)
  }
  return r
}
