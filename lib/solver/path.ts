/**
 * The exact lasso path (homotopy, LARS-lasso) for small problems: every breakpoint λ at which a coefficient
 * enters or leaves the model, for the loss ||y − Xw − b||²₂ + λ||w||₁ (λ convention: penalty λ|w_j|, intercept b
 * not penalized, so the data are centered; features are not standardized).
 *
 * The path is piecewise linear in λ. With t = λ/2 and KKT on centered data (x̃_jᵀ(ỹ − X̃w) = t·s_j on the
 * active set A with signs s, |x̃_jᵀ(ỹ − X̃w)| ≤ t elsewhere), between breakpoints w_A(t) = (X̃_AᵀX̃_A)⁻¹(X̃_Aᵀỹ − t·s_A).
 * Starting from w = 0 at λ_max = max_j |2x̃_jᵀỹ|, the path is followed downward to λ = 0; at each breakpoint
 * a feature whose correlation |x̃_jᵀ(ỹ − X̃w)| reaches t joins the active set, and a coefficient that reaches 0
 * leaves it (it does not cross to the other sign).
 *
 * Everything is computed in exact rational arithmetic from the data (G = X̃ᵀX̃ and c = X̃ᵀỹ exactly, see
 * ./gram-exact), so which event comes first, ties and zero tests are decided exactly, and every reported λ is
 * the exact breakpoint rounded once to the nearest double. Meant for small p (the questions use 2–3 features):
 * each breakpoint costs an exact solve on the active set.
 */
import type { Rational } from './exact'
import { ratToDouble } from './exact'
import { ConvergenceError, SolverInputError, UndefinedFitError } from './errors'
import { exactGram, Q0, qAbs, qAdd, qCmp, qDiv, qInt, qMul, qNeg, qSign, qSolve, qSub } from './gram-exact'
import { checkLambda, checkXY } from './validate'

/** One breakpoint of the lasso path. */
export interface LassoBreakpoint {
  /** The breakpoint λ (exact value rounded to the nearest double). */
  lambda: number
  /** Features (0-based, ascending) whose coefficient is 0 at λ and nonzero for λ just below it. */
  entering: number[]
  /** Features (ascending) whose coefficient was nonzero just above λ, is 0 at λ and stays 0 just below it. */
  leaving: number[]
  /** w(λ): the coefficients at the breakpoint (exact zeros for inactive features). */
  coef: number[]
  /** The signs (−1, 0, 1) of the coefficients on the segment just below λ. */
  signs: number[]
}

export interface LassoBreakpoints {
  /** The breakpoints with λ > 0, λ decreasing; the first is at λ_max. Empty when λ_max = 0 (w = 0 for every λ > 0). */
  breakpoints: LassoBreakpoint[]
  /** breakpoints[k].lambda, decreasing: lambdas[0] = λ_max (= lassoLambdaMax). */
  lambdas: number[]
  /**
   * λ*_j for each feature: the smallest λ such that w_j = 0 for every λ' ≥ λ, i.e. the largest breakpoint at
   * which feature j enters. 0 when w_j = 0 for every λ > 0 (e.g. a constant feature).
   */
  lambdaStar: number[]
  /** The end of the path, w at λ = 0 (the OLS fit when X̃ᵀX̃ is nonsingular). */
  coefAtZero: number[]
}

/** At most this many features may be tied at the KKT bound at one breakpoint. */
const MAX_TIED = 12

/**
 * The breakpoints of the lasso path, loss ||y − Xw − b||²₂ + λ||w||₁ (intercept not penalized, centered data),
 * followed exactly from λ_max = max_j |2x̃_jᵀỹ| down to λ = 0, including coefficients that leave the model
 * (reach 0 and stay 0 just below) and may re-enter later. X is n × p with rows as samples.
 *
 * Between consecutive breakpoints the coefficients are linear in λ: lassoPathCoefAt interpolates them.
 * lasso(X, y, λ) has w_j = 0 for λ above lambdaStar[j] and, just below a breakpoint, the active set it reports.
 *
 * Degenerate input:
 * - a constant feature (x̃_j = 0) never enters (lambdaStar 0); constant y or c = X̃ᵀỹ = 0 gives no breakpoints;
 * - ties (several features reaching the bound, or a coefficient reaching 0 while another enters, at the same λ)
 *   are resolved exactly: the active set just below is the one whose segment satisfies the KKT conditions, the
 *   one with fewest active features (then lowest indices) if several do;
 * - collinear features or p > n: the lasso solution may not be unique. A feature whose column is a combination
 *   of the active ones is kept at 0 (lasso() may return another solution with the same fit); the path ends at
 *   λ = 0 with at most rank(X̃) active features. Throws UndefinedFitError if no consistent active set exists
 *   or more than 12 features tie at one breakpoint.
 * Throws SolverInputError on empty, ragged or non-finite input.
 */
export function lassoBreakpoints(X: readonly (readonly number[])[], y: readonly number[]): LassoBreakpoints {
  const { p } = checkXY(X, y)
  const { G, c } = exactGram(X, y)
  const toDoubles = (v: readonly Rational[]) => v.map((x) => ratToDouble(x))

  let t = Q0
  for (const cj of c) if (qCmp(qAbs(cj), t) > 0) t = qAbs(cj)
  const out: LassoBreakpoints = { breakpoints: [], lambdas: [], lambdaStar: new Array<number>(p).fill(0), coefAtZero: new Array<number>(p).fill(0) }
  if (qSign(t) === 0) return out

  const w: Rational[] = new Array<Rational>(p).fill(Q0)
  let signs: number[] = new Array<number>(p).fill(0)
  const maxSteps = 1000 + 20 * p
  for (let step = 0; step < maxSteps; step++) {
    // Correlations a_j = x̃_jᵀ(ỹ − X̃w) at the current point.
    const a = c.map((cj, j) => {
      let s = cj
      for (let k = 0; k < p; k++) if (qSign(w[k]) !== 0) s = qSub(s, qMul(G[j][k], w[k]))
      return s
    })
    const next = activeSetBelow(G, a, w, t)
    const entering: number[] = []
    const leaving: number[] = []
    for (let j = 0; j < p; j++) {
      if (signs[j] === 0 && next.signs[j] !== 0) entering.push(j)
      if (signs[j] !== 0 && next.signs[j] === 0) leaving.push(j)
    }
    if (entering.length > 0 || leaving.length > 0) {
      const lambda = ratToDouble(qMul(t, qInt(2)))
      out.breakpoints.push({ lambda, entering, leaving, coef: toDoubles(w), signs: [...next.signs] })
      out.lambdas.push(lambda)
      for (const j of entering) if (out.lambdaStar[j] === 0) out.lambdaStar[j] = lambda
    }
    signs = next.signs
    // Along the segment, with δ = t − t': w_A grows by δ·v and a_j falls by δ·g_j, g_j = G_jA v.
    const { A, v } = next
    const g = c.map((_, j) => A.reduce((s, k, i) => qAdd(s, qMul(G[j][k], v[i])), Q0))
    let delta = t
    const consider = (d: Rational) => {
      if (qSign(d) > 0 && qCmp(d, delta) < 0) delta = d
    }
    for (let j = 0; j < p; j++) {
      if (signs[j] !== 0) continue
      // Joins where a_j − δg_j = σ(t − δ), σ = ±1.
      for (const sigma of [1, -1]) {
        const den = qSub(qInt(sigma), g[j])
        if (qSign(den) !== 0) consider(qDiv(qSub(qMul(qInt(sigma), t), a[j]), den))
      }
    }
    // Leaves where w_k + δv_k = 0.
    A.forEach((k, i) => {
      if (qSign(v[i]) !== 0) consider(qDiv(qNeg(w[k]), v[i]))
    })
    A.forEach((k, i) => {
      w[k] = qAdd(w[k], qMul(delta, v[i]))
    })
    for (let j = 0; j < p; j++) if (signs[j] === 0) w[j] = Q0
    t = qSub(t, delta)
    if (qSign(t) === 0) {
      out.coefAtZero = toDoubles(w)
      return out
    }
  }
  throw new ConvergenceError(`The lasso path did not reach λ = 0 within ${maxSteps} breakpoints.`)
}

/**
 * The active set, signs and direction v = (X̃_AᵀX̃_A)⁻¹s_A of the path just below the point (w, t), where the
 * correlations are a. Features with w_j ≠ 0 stay active with their sign; each feature at the bound
 * (w_j = 0, |a_j| = t) may join with sign(a_j). A choice is consistent when every joining v_j has the sign
 * s_j and every other bound feature stays within the bound (s_j·(G_jA v) ≥ 1).
 */
function activeSetBelow(G: Rational[][], a: Rational[], w: Rational[], t: Rational): { A: number[]; v: Rational[]; signs: number[] } {
  const p = w.length
  const fixed: number[] = []
  const bound: number[] = []
  for (let j = 0; j < p; j++) {
    if (qSign(w[j]) !== 0) fixed.push(j)
    else if (qCmp(qAbs(a[j]), t) === 0) bound.push(j)
  }
  if (bound.length > MAX_TIED) {
    throw new UndefinedFitError(`${bound.length} features are tied at the KKT bound at λ = ${ratToDouble(qMul(t, qInt(2)))}; the path is not followed through more than ${MAX_TIED}.`)
  }
  const sign = (j: number) => (qSign(w[j]) !== 0 ? qSign(w[j]) : qSign(a[j]))
  const masks = Array.from({ length: 2 ** bound.length }, (_, m) => m)
  const popcount = (m: number) => m.toString(2).replace(/0/g, '').length
  masks.sort((x, y) => popcount(x) - popcount(y) || x - y)
  for (const mask of masks) {
    const joining = bound.filter((_, i) => (mask >> i) & 1)
    const A = [...fixed, ...joining].sort((x, y) => x - y)
    const sA = A.map((j) => qInt(sign(j)))
    const v = A.length === 0 ? [] : qSolve(A.map((j) => A.map((k) => G[j][k])), sA)
    if (v === null) continue
    const vOf = (j: number) => v[A.indexOf(j)]
    if (!joining.every((j) => qSign(vOf(j)) === sign(j))) continue
    const staysOut = bound.filter((j) => !joining.includes(j))
    const ok = staysOut.every((j) => {
      const gj = A.reduce((s, k, i) => qAdd(s, qMul(G[j][k], v[i])), Q0)
      return qCmp(qMul(qInt(sign(j)), gj), qInt(1)) >= 0
    })
    if (!ok) continue
    const signs = new Array<number>(p).fill(0)
    for (const j of A) signs[j] = sign(j)
    return { A, v, signs }
  }
  throw new UndefinedFitError(
    `The lasso path cannot be continued below λ = ${ratToDouble(qMul(t, qInt(2)))}: no active set satisfies the KKT conditions (collinear features).`,
  )
}

/**
 * w(λ) on the path returned by lassoBreakpoints: 0 for λ ≥ λ_max, linear between consecutive breakpoints, and
 * linear from the last breakpoint to coefAtZero at λ = 0. Interpolated in floating point (for figures; the
 * breakpoints themselves are exact). Throws SolverInputError on a negative or non-finite λ.
 */
export function lassoPathCoefAt(path: LassoBreakpoints, lambda: number): number[] {
  checkLambda(lambda)
  const { breakpoints: bps, coefAtZero } = path
  if (bps.length === 0) return [...coefAtZero].map(() => 0)
  if (lambda >= bps[0].lambda) return bps[0].coef.map(() => 0)
  for (let k = 0; k < bps.length; k++) {
    const hi = bps[k]
    const lo = k + 1 < bps.length ? { lambda: bps[k + 1].lambda, coef: bps[k + 1].coef } : { lambda: 0, coef: coefAtZero }
    if (lambda >= lo.lambda) {
      const f = (hi.lambda - lambda) / (hi.lambda - lo.lambda)
      return hi.coef.map((wh, j) => (hi.signs[j] === 0 ? 0 : wh + f * (lo.coef[j] - wh) + 0))
    }
  }
  throw new SolverInputError(`λ = ${lambda} is outside the path.`)
}
