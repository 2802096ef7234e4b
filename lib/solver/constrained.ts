/**
 * The constrained forms of the lasso and ridge, and the penalty λ that gives the same solution:
 *
 *   lasso:  minimize RSS(w) subject to ||w||₁ ≤ t   ⇔   minimize RSS(w) + λ||w||₁ for the matching λ ≥ 0,
 *   ridge:  minimize RSS(w) subject to ||w||₂ ≤ t   ⇔   minimize RSS(w) + λ||w||²₂,
 *
 * RSS(w) = ||y − Xw − b||² with b fitted and unpenalized. When t is at least the norm of the least-squares
 * solution the constraint is not active: the solution is least squares and λ = 0. Otherwise the solution is on
 * the boundary (norm exactly t) and λ > 0 (the KKT multiplier of the constraint, in the penalty's scaling).
 */
import { SolverInputError, UndefinedFitError } from './errors'
import { lasso } from './lasso'
import { lassoBreakpoints } from './path'
import { ridge } from './ridge'
import { centerColumns } from './stats'
import { checkXY } from './validate'

export interface ConstrainedFit {
  coef: number[]
  intercept: number
  /** The penalty λ whose penalized solution is this one (0 when the constraint is not active). */
  lambda: number
  /** Whether the constraint is active (the solution has norm t). */
  active: boolean
}

function checkT(t: number): void {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw new SolverInputError(`t must be a finite number ≥ 0, got ${String(t)}.`)
}

const l1 = (w: readonly number[]) => w.reduce((s, v) => s + Math.abs(v), 0)
const l2 = (w: readonly number[]) => Math.sqrt(w.reduce((s, v) => s + v * v, 0))

/**
 * The lasso in constrained form. Along the exact lasso path (lassoBreakpoints) ||w(λ)||₁ is continuous,
 * piecewise linear and non-increasing in λ, so the λ with ||w(λ)||₁ = t is found exactly on its segment, and the
 * solution is lasso(X, y, λ). t ≥ ||w_OLS||₁ gives least squares (throws UndefinedFitError when it is not unique).
 */
export function lassoConstrained(X: readonly (readonly number[])[], y: readonly number[], t: number): ConstrainedFit {
  checkXY(X, y)
  checkT(t)
  const path = lassoBreakpoints(X, y)
  const ends = [...path.breakpoints.map((b) => ({ lambda: b.lambda, norm: l1(b.coef) })), { lambda: 0, norm: l1(path.coefAtZero) }]
  if (t >= ends[ends.length - 1].norm) {
    const ols = ridge(X, y, 0)
    return { coef: ols.coef, intercept: ols.intercept, lambda: 0, active: false }
  }
  if (t === 0) {
    const fit = lasso(X, y, ends[0].lambda)
    return { coef: fit.coef, intercept: fit.intercept, lambda: ends[0].lambda, active: true }
  }
  for (let k = 0; k + 1 < ends.length; k++) {
    const hi = ends[k]
    const lo = ends[k + 1]
    if (t <= lo.norm) {
      const lambda = hi.lambda + ((t - hi.norm) / (lo.norm - hi.norm)) * (lo.lambda - hi.lambda)
      const fit = lasso(X, y, lambda)
      return { coef: fit.coef, intercept: fit.intercept, lambda, active: true }
    }
  }
  throw new UndefinedFitError('The lasso path does not reach this t.')
}

/**
 * Ridge in constrained form. ||w(λ)||₂ is continuous and decreasing in λ (≤ ||X̃ᵀỹ||/λ), so the λ with
 * ||w(λ)||₂ = t is found by bisection on [0, ||X̃ᵀỹ||/t] to the last bit, and the solution is ridge(X, y, λ).
 * t ≥ ||w_OLS||₂ gives least squares (throws UndefinedFitError when it is not unique).
 */
export function ridgeConstrained(X: readonly (readonly number[])[], y: readonly number[], t: number): ConstrainedFit {
  checkXY(X, y)
  checkT(t)
  try {
    const ols = ridge(X, y, 0)
    if (t >= l2(ols.coef)) return { coef: ols.coef, intercept: ols.intercept, lambda: 0, active: false }
  } catch (e) {
    if (!(e instanceof UndefinedFitError)) throw e
  }
  const { Xc, yc } = centerColumns(X, y)
  const cNorm = l2(Xc[0].map((_, j) => Xc.reduce((s, row, i) => s + row[j] * yc[i], 0)))
  if (cNorm === 0) {
    const flat = ridge(X, y, 1)
    return { coef: flat.coef, intercept: flat.intercept, lambda: 0, active: false }
  }
  if (t === 0) throw new SolverInputError('t = 0 is reached only as λ → ∞ for ridge.')
  let lo = 0
  let hi = cNorm / t
  for (let i = 0; i < 2000 && hi - lo > 2 * Number.EPSILON * hi; i++) {
    const mid = (lo + hi) / 2
    if (mid === lo || mid === hi) break
    if (l2(ridge(X, y, mid).coef) > t) lo = mid
    else hi = mid
  }
  const lambda = (lo + hi) / 2
  const fit = ridge(X, y, lambda)
  return { coef: fit.coef, intercept: fit.intercept, lambda, active: true }
}
