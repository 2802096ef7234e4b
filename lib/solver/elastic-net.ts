/**
 * The elastic net: the lasso and ridge penalties together,
 *
 *   minimize over w, b:  ||y − Xw − b||²₂ + λ₁||w||₁ + λ₂||w||²₂      (intercept b not penalized).
 *
 * λ₂ = 0 is the lasso (λ convention, threshold λ₁/2), λ₁ = 0 is ridge. On one feature the minimizer is the
 * closed form m = S(S_xy, λ₁/2)/(S_xx + λ₂): the lasso part sets m to exactly 0 when |S_xy| ≤ λ₁/2, the ridge
 * part only divides.
 *
 * scikit-learn's ElasticNet(alpha=α, l1_ratio=r) minimizes (1/(2n))||y − Xw − b||² + α·r·||w||₁ + (α(1 − r)/2)||w||².
 * Multiplying by 2n gives our loss with
 *   λ₁ = 2n·α·r,   λ₂ = n·α·(1 − r);   conversely  α = λ₁/(2n) + λ₂/n,  r = (λ₁/(2n))/α
 * (sklearnElasticNetParams / lambdasFromSklearnElasticNet below).
 */
import { ConvergenceError, SolverInputError, UndefinedFitError } from './errors'
import { rat, ratAbs, ratAdd, ratDiv, ratFromDouble, ratMul, ratNeg, ratSign, ratSub, ratToDouble } from './exact'
import { cholesky, choleskySolve, dot, gramMatrix } from './linalg'
import { shrink } from './numerics'
import { interceptFor, type LinearFit } from './ridge'
import { centerColumnMajor, summarize1dExact } from './stats'
import type { Line } from './univariate'
import { checkFiniteVector, checkLambda, checkXY, checkXY1d } from './validate'

/**
 * Elastic net on one feature: minimizes Σ(y_i − m·x_i − b)² + λ₁|m| + λ₂m², intercept not penalized.
 * m = sign(S_xy)·max(|S_xy| − λ₁/2, 0)/(S_xx + λ₂), b = ȳ − m·x̄, computed exactly from the data and rounded once:
 * m is exactly 0 when λ₁ ≥ 2|S_xy| (whatever λ₂). λ₁ = λ₂ = 0 with S_xx = 0 throws UndefinedFitError; with
 * S_xx = 0 and λ₂ > 0 (or λ₁ > 0) the slope is 0. Throws SolverInputError on bad data or a negative or non-finite λ.
 */
export function elasticNet1d(x: readonly number[], y: readonly number[], lambda1: number, lambda2: number): Line {
  checkXY1d(x, y)
  checkLambda(lambda1, 'λ₁')
  checkLambda(lambda2, 'λ₂')
  const s = summarize1dExact(x, y)
  const flat = { slope: 0, intercept: ratToDouble(s.yMean) }
  const denom = ratAdd(s.Sxx, ratFromDouble(lambda2))
  if (ratSign(denom) === 0) {
    if (lambda1 === 0) throw new UndefinedFitError(`The slope is undefined: every x equals ${x[0]}, so S_xx = 0, and λ₁ = λ₂ = 0.`)
    return flat
  }
  const shrunk = ratSub(ratAbs(s.Sxy), ratDiv(ratFromDouble(lambda1), rat(2n)))
  if (ratSign(shrunk) <= 0 || ratSign(s.Sxx) === 0) return flat
  const magnitude = ratDiv(shrunk, denom)
  const slope = ratSign(s.Sxy) < 0 ? ratNeg(magnitude) : magnitude
  return { slope: ratToDouble(slope), intercept: ratToDouble(ratSub(s.yMean, ratMul(slope, s.xMean))) }
}

/** scikit-learn's ElasticNet (α, l1_ratio) for our (λ₁, λ₂) with n samples: α = λ₁/(2n) + λ₂/n, l1_ratio = (λ₁/(2n))/α. */
export function sklearnElasticNetParams(lambda1: number, lambda2: number, n: number): { alpha: number; l1Ratio: number } {
  checkLambda(lambda1, 'λ₁')
  checkLambda(lambda2, 'λ₂')
  const alpha = lambda1 / (2 * n) + lambda2 / n
  return { alpha, l1Ratio: alpha > 0 ? lambda1 / (2 * n) / alpha : 1 }
}

/** Our (λ₁, λ₂) for scikit-learn's ElasticNet(alpha, l1_ratio) with n samples: λ₁ = 2nαr, λ₂ = nα(1 − r). */
export function lambdasFromSklearnElasticNet(alpha: number, l1Ratio: number, n: number): { lambda1: number; lambda2: number } {
  if (!(alpha >= 0) || !(l1Ratio >= 0 && l1Ratio <= 1)) throw new SolverInputError(`Need α ≥ 0 and 0 ≤ l1_ratio ≤ 1, got ${alpha}, ${l1Ratio}.`)
  return { lambda1: 2 * n * alpha * l1Ratio, lambda2: n * alpha * (1 - l1Ratio) }
}

export interface ElasticNetOptions {
  /** Required accuracy of the optimality conditions, relative to max(λ₁, λ_max·1e-3). Default 1e-9. */
  tol?: number
  /** Maximum coordinate-descent sweeps. Default 100000. */
  maxIter?: number
}

export interface ElasticNetFit extends LinearFit {
  iterations: number
  /** max_j of the KKT residual of g_j = 2x̃_jᵀ(ỹ − X̃w) − 2λ₂w_j against λ₁·sign(w_j) (or [−λ₁, λ₁]), relative. */
  kktViolation: number
}

/**
 * Elastic net on many features (loss above). Cyclic coordinate descent on centered data with the Gram matrix:
 * w_j ← S(x̃_jᵀr + ||x̃_j||²w_j, λ₁/2)/(||x̃_j||² + λ₂). Then a polish: with the active set A and its signs fixed,
 * (X̃_AᵀX̃_A + λ₂I)w_A = X̃_Aᵀỹ − (λ₁/2)sign(w_A) is solved directly (kept only if it keeps the signs and the
 * conditions hold), so the optimality conditions
 *   2x̃_jᵀ(ỹ − X̃w) − 2λ₂w_j = λ₁·sign(w_j) (w_j ≠ 0),   |2x̃_jᵀ(ỹ − X̃w)| ≤ λ₁ (w_j = 0)
 * hold to near machine precision; they are checked, and ConvergenceError is thrown if they do not hold to `tol`.
 * With λ₂ > 0 the problem is strictly convex, so the solution is unique. λ₁ = λ₂ = 0 with a singular X̃ᵀX̃
 * throws UndefinedFitError. scikit-learn: ElasticNet(alpha = λ₁/(2n) + λ₂/n, l1_ratio = (λ₁/(2n))/alpha).
 */
export function elasticNet(
  X: readonly (readonly number[])[],
  y: readonly number[],
  lambda1: number,
  lambda2: number,
  opts: ElasticNetOptions = {},
): ElasticNetFit {
  const { n, p } = checkXY(X, y)
  checkLambda(lambda1, 'λ₁')
  checkLambda(lambda2, 'λ₂')
  const tol = opts.tol ?? 1e-9
  const maxIter = opts.maxIter ?? 100_000
  const c = centerColumnMajor(X, y, n, p)
  const G = gramMatrix(c.cols, n, p)
  const cy = new Float64Array(p)
  for (let j = 0; j < p; j++) cy[j] = dot(c.cols, j * n, c.yc, 0, n)
  const lamMax = 2 * Math.max(0, ...Array.from(cy, Math.abs))
  const scale = Math.max(lambda1, 1e-3 * lamMax, Number.MIN_VALUE)
  if (lambda1 === 0 && lambda2 === 0) {
    const L = G.slice()
    if (!cholesky(L, p)) throw new UndefinedFitError('The least-squares coefficients are not unique (X̃ᵀX̃ is singular). Use λ₂ > 0.')
  }
  const w = new Float64Array(p)
  // gw = G·w, kept up to date as coordinates change.
  const gw = new Float64Array(p)
  const t = lambda1 / 2
  let iterations = 0
  const violation = () => kktViolation(G, cy, w, lambda1, lambda2, p) / scale
  for (; iterations < maxIter; iterations++) {
    let maxDelta = 0
    let maxW = 0
    for (let j = 0; j < p; j++) {
      const d = G[j * p + j]
      const old = w[j]
      const rho = cy[j] - gw[j] + d * old
      const next = d + lambda2 > 0 ? shrink(rho, t, d + lambda2) : 0
      if (next !== old) {
        const delta = next - old
        for (let k = 0; k < p; k++) gw[k] += G[k * p + j] * delta
        w[j] = next
        maxDelta = Math.max(maxDelta, Math.abs(delta))
      }
      maxW = Math.max(maxW, Math.abs(w[j]))
    }
    if (maxDelta <= 1e-13 * Math.max(maxW, 1e-300)) break
    if (iterations % 50 === 49 && violation() <= tol * 1e-3) break
  }
  polish(G, cy, w, lambda1, lambda2, p)
  const v = violation()
  if (!(v <= tol)) throw new ConvergenceError(`Elastic net did not converge: KKT violation ${v.toExponential(2)} after ${iterations} sweeps.`)
  return { coef: Array.from(w, (x) => x + 0), intercept: interceptFor(c, w), iterations, kktViolation: v }
}

/** Absolute KKT violation: max over j of |g_j − 2λ₂w_j − λ₁ sign w_j| (w_j ≠ 0) or max(|g_j| − λ₁, 0) (w_j = 0). */
function kktViolation(G: Float64Array, cy: Float64Array, w: Float64Array, l1: number, l2: number, p: number): number {
  let worst = 0
  for (let j = 0; j < p; j++) {
    let gwj = 0
    for (let k = 0; k < p; k++) gwj += G[j * p + k] * w[k]
    const g = 2 * (cy[j] - gwj)
    const v = w[j] === 0 ? Math.max(Math.abs(g) - l1, 0) : Math.abs(g - 2 * l2 * w[j] - l1 * Math.sign(w[j]))
    worst = Math.max(worst, v)
  }
  return worst
}

/** Solves the active-set stationarity equations exactly; keeps the result if it keeps the signs and lowers the violation. */
function polish(G: Float64Array, cy: Float64Array, w: Float64Array, l1: number, l2: number, p: number): void {
  const A: number[] = []
  for (let j = 0; j < p; j++) if (w[j] !== 0) A.push(j)
  const m = A.length
  if (m === 0) return
  const M = new Float64Array(m * m)
  const rhs = new Float64Array(m)
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) M[a * m + b] = G[A[a] * p + A[b]] + (a === b ? l2 : 0)
    rhs[a] = cy[A[a]] - (l1 / 2) * Math.sign(w[A[a]])
  }
  if (!cholesky(M, m)) return
  choleskySolve(M, m, rhs)
  for (let a = 0; a < m; a++) if (Math.sign(rhs[a]) !== Math.sign(w[A[a]])) return
  const before = kktViolation(G, cy, w, l1, l2, p)
  const trial = w.slice()
  for (let a = 0; a < m; a++) trial[A[a]] = rhs[a]
  if (kktViolation(G, cy, trial, l1, l2, p) <= before) w.set(trial)
}

/** The elastic-net loss ||y − Xw − b||² + λ₁||w||₁ + λ₂||w||² at given w and b (to compare solutions). */
export function elasticNetObjective(
  X: readonly (readonly number[])[],
  y: readonly number[],
  w: readonly number[],
  intercept: number,
  lambda1: number,
  lambda2: number,
): number {
  const { n, p } = checkXY(X, y)
  checkFiniteVector(w as number[], 'w')
  if (w.length !== p) throw new SolverInputError(`w must have ${p} entries, got ${w.length}.`)
  let rss = 0
  for (let i = 0; i < n; i++) {
    let r = y[i] - intercept
    for (let j = 0; j < p; j++) r -= X[i][j] * w[j]
    rss += r * r
  }
  return rss + lambda1 * w.reduce((s, v) => s + Math.abs(v), 0) + lambda2 * w.reduce((s, v) => s + v * v, 0)
}
