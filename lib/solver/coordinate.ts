/**
 * One coordinate-descent update of the lasso, with its intermediate quantities, in exact arithmetic.
 * Loss ||y − Xw − b||²₂ + λ||w||₁ (penalty λ|w_j|, intercept b not penalized, handled by centering).
 */
import { ratFromDouble, ratToDouble } from './exact'
import { SolverInputError } from './errors'
import { exactGram, Q0, qAbs, qCmp, qDiv, qInt, qMul, qSign, qSub } from './gram-exact'
import { checkFiniteVector, checkLambda, checkXY } from './validate'

export interface CoordinateUpdate {
  /** ρ_j = 2·x̃_jᵀr₋ⱼ with the partial residual r₋ⱼ = ỹ − Σ_{k≠j} x̃_k w_k. */
  rho: number
  /** The denominator 2·x̃_jᵀx̃_j (0 for a constant feature). */
  denom: number
  /** The new w_j = S(ρ_j, λ)/(2·x̃_jᵀx̃_j), S(z, t) = sign(z)·max(|z| − t, 0); exactly 0 (never −0) when |ρ_j| ≤ λ. */
  wj: number
  /** A copy of w with w_j replaced by the new value. */
  w: number[]
}

/**
 * One exact coordinate-descent update of the lasso (loss ||y − Xw − b||²₂ + λ||w||₁, centered data): with
 * the other coefficients fixed, the loss in w_j is (x̃_jᵀx̃_j)·w_j² − ρ_j·w_j + λ|w_j| + const, minimized by
 *   w_j = S(ρ_j, λ) / (2·x̃_jᵀx̃_j),  ρ_j = 2·x̃_jᵀr₋ⱼ,  r₋ⱼ = ỹ − Σ_{k≠j} x̃_k w_k.
 * This is the same update as coordinateDescentStep (there written S(x̃_jᵀr₋ⱼ, λ/2)/(x̃_jᵀx̃_j)), returned
 * together with ρ_j and the denominator. ρ_j, the denominator and w_j are computed exactly from the data and
 * rounded once, so whether w_j lands on 0 (|ρ_j| ≤ λ) is decided exactly. Cost O(n·p) big-integer operations:
 * meant for question-sized data.
 *
 * A constant feature (x̃_j = 0) has ρ_j = 0 and denominator 0 and gets w_j = 0. Throws SolverInputError on
 * invalid data, a w of the wrong length or with non-finite values, j out of range, or a negative λ.
 */
export function coordinateDescentUpdate(
  X: readonly (readonly number[])[],
  y: readonly number[],
  w: readonly number[],
  j: number,
  lambda: number,
): CoordinateUpdate {
  const { p } = checkXY(X, y)
  checkLambda(lambda)
  if (!Array.isArray(w) || w.length !== p) throw new SolverInputError(`w must have one value per feature (${p}).`)
  checkFiniteVector(w, 'w')
  if (!Number.isInteger(j) || j < 0 || j >= p) throw new SolverInputError(`j must be a feature index in 0..${p - 1}, got ${j}.`)
  const { G, c } = exactGram(X, y, [j])
  let half = c[j] // x̃_jᵀr₋ⱼ
  for (let k = 0; k < p; k++) if (k !== j && w[k] !== 0) half = qSub(half, qMul(G[j][k], ratFromDouble(w[k])))
  const rho = qMul(half, qInt(2))
  const denom = qMul(G[j][j], qInt(2))
  const L = ratFromDouble(lambda)
  let wj = Q0
  if (qSign(denom) > 0 && qCmp(qAbs(rho), L) > 0) {
    wj = qDiv(qSign(rho) > 0 ? qSub(rho, L) : qSub(L, qAbs(rho)), denom)
  }
  const out = w.map((v) => v + 0)
  out[j] = ratToDouble(wj)
  return { rho: ratToDouble(rho), denom: ratToDouble(denom), wj: out[j], w: out }
}
