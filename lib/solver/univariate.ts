/**
 * One feature, closed forms (DESIGN.md, "Math conventions"). Data (x_i, y_i), i = 1..n; the intercept b is
 * fitted and never penalized, so every slope depends on the data only through S_xx and S_xy, and
 * b = ȳ − m·x̄.
 *
 * Everything is computed in exact rational arithmetic from the data (see ./exact) and rounded once, so
 * slopes and intercepts are correctly rounded, and whether a lasso slope is zero is decided exactly.
 */
import { SolverInputError, UndefinedFitError } from './errors'
import {
  type Rational,
  rat,
  ratAbs,
  ratAdd,
  ratDiv,
  ratFromDouble,
  ratMul,
  ratNeg,
  ratSign,
  ratSub,
  ratToDouble,
} from './exact'
import { shrink } from './numerics'
import { type ExactSummary1d, summarize1dExact } from './stats'
import { checkLambda, checkXY1d } from './validate'

/**
 * How λ scales the lasso penalty:
 * - `'lambda'`: loss Σ(y − mx − b)² + λ|m|, threshold λ/2, λ* = 2|S_xy|.
 * - `'two-lambda'`: loss Σ(y − mx − b)² + 2λ|m|, threshold λ, λ* = |S_xy|.
 * scikit-learn's α (loss (1/(2n))Σ(…)² + α|m|) is λ = 2nα in the `'lambda'` convention.
 */
export type Convention = 'lambda' | 'two-lambda'

export interface Line {
  slope: number
  intercept: number
}

/**
 * The soft-thresholding operator S(z, t) = sign(z)·max(|z| − t, 0), t ≥ 0.
 * Returns exactly 0 (never −0) when |z| ≤ t. This is the lasso's one-coordinate solution: the minimizer of
 * a·m² − 2z·m + 2t|m| over m is S(z, t)/a.
 */
export function softThreshold(z: number, t: number): number {
  if (!(t >= 0)) throw new SolverInputError(`The threshold must be ≥ 0, got ${String(t)}.`)
  return shrink(z, t, 1)
}

/** The soft-threshold level applied to S_xy for penalty λ in a convention: λ/2 (`'lambda'`) or λ (`'two-lambda'`). */
export function lassoThreshold(lambda: number, convention: Convention = 'lambda'): number {
  checkConvention(convention)
  return convention === 'lambda' ? lambda / 2 : lambda
}

/**
 * Converts a lasso penalty between conventions so that the fitted line is the same:
 * λ in `'lambda'` is λ/2 in `'two-lambda'`.
 */
export function convertLambda(lambda: number, from: Convention, to: Convention): number {
  checkConvention(from)
  checkConvention(to)
  if (from === to) return lambda
  return from === 'lambda' ? lambda / 2 : lambda * 2
}

/** scikit-learn's Lasso α for a penalty λ in the `'lambda'` convention (n samples): α = λ/(2n). */
export function sklearnAlphaFromLambda(lambda: number, n: number): number {
  return lambda / (2 * n)
}

/** The penalty λ (`'lambda'` convention) for scikit-learn's Lasso α with n samples: λ = 2nα. */
export function lambdaFromSklearnAlpha(alpha: number, n: number): number {
  return 2 * n * alpha
}

function checkConvention(convention: string): void {
  if (convention !== 'lambda' && convention !== 'two-lambda') {
    throw new SolverInputError(`Unknown lasso convention "${convention}": use 'lambda' or 'two-lambda'.`)
  }
}

/** The exact threshold t: λ/2 or λ. */
function exactThreshold(lambda: number, convention: Convention): Rational {
  const L = ratFromDouble(lambda)
  return convention === 'lambda' ? ratDiv(L, rat(2n)) : L
}

/** Rounds slope m and b = ȳ − m·x̄. */
function lineFrom(s: ExactSummary1d, slope: Rational): Line {
  return { slope: ratToDouble(slope), intercept: ratToDouble(ratSub(s.yMean, ratMul(slope, s.xMean))) }
}

function flatLine(s: ExactSummary1d): Line {
  return { slope: 0, intercept: ratToDouble(s.yMean) }
}

function undefinedSlope(x: readonly number[], what: string): UndefinedFitError {
  return new UndefinedFitError(
    `${what} is undefined: every x equals ${x[0]}, so S_xx = 0 and every line through (x̄, ȳ) fits equally well.`,
  )
}

/**
 * Ordinary least squares on one feature: minimizes Σ(y_i − m·x_i − b)².
 * Returns m = S_xy / S_xx and b = ȳ − m·x̄, correctly rounded.
 *
 * Throws UndefinedFitError when S_xx = 0 (all x equal, including n = 1): the slope is not defined.
 * Throws SolverInputError on empty or mismatched arrays or non-finite values.
 */
export function ols1d(x: readonly number[], y: readonly number[]): Line {
  checkXY1d(x, y)
  const s = summarize1dExact(x, y)
  if (ratSign(s.Sxx) === 0) throw undefinedSlope(x, 'The OLS slope')
  return lineFrom(s, ratDiv(s.Sxy, s.Sxx))
}

/**
 * Ridge regression on one feature: minimizes Σ(y_i − m·x_i − b)² + λm², intercept not penalized.
 * Returns m = S_xy / (S_xx + λ) and b = ȳ − m·x̄, correctly rounded. The slope shrinks toward 0 as λ grows
 * and is never exactly 0 for finite λ when S_xy ≠ 0 (short of underflow below 5e-324).
 *
 * λ = 0 is OLS (and throws UndefinedFitError when S_xx = 0). With S_xx = 0 and λ > 0 the slope is 0 and
 * the intercept is ȳ. Throws SolverInputError on bad data or a negative or non-finite λ.
 */
export function ridge1d(x: readonly number[], y: readonly number[], lambda: number): Line {
  checkXY1d(x, y)
  checkLambda(lambda)
  const s = summarize1dExact(x, y)
  if (ratSign(s.Sxx) === 0) {
    if (lambda === 0) throw undefinedSlope(x, 'The ridge slope with λ = 0 (that is, OLS)')
    return flatLine(s)
  }
  return lineFrom(s, ratDiv(s.Sxy, ratAdd(s.Sxx, ratFromDouble(lambda))))
}

/**
 * Lasso on one feature, intercept not penalized.
 * - `'lambda'` (default): minimizes Σ(y_i − m·x_i − b)² + λ|m|, so m = sign(S_xy)·max(|S_xy| − λ/2, 0) / S_xx.
 * - `'two-lambda'`: minimizes Σ(y_i − m·x_i − b)² + 2λ|m|, so m = sign(S_xy)·max(|S_xy| − λ, 0) / S_xx.
 * In both, b = ȳ − m·x̄, correctly rounded. The slope is exactly 0 (never −0) for every
 * λ ≥ lassoLambdaStar1d(x, y, convention), nonzero below it, and never has the sign opposite to S_xy.
 *
 * With S_xx = 0 and λ > 0 the slope is 0 and the intercept ȳ; with S_xx = 0 and λ = 0 (OLS) throws
 * UndefinedFitError. Throws SolverInputError on bad data, a negative or non-finite λ, or an unknown convention.
 */
export function lasso1d(
  x: readonly number[],
  y: readonly number[],
  lambda: number,
  convention: Convention = 'lambda',
): Line {
  checkXY1d(x, y)
  checkLambda(lambda)
  checkConvention(convention)
  const s = summarize1dExact(x, y)
  if (ratSign(s.Sxx) === 0) {
    if (lambda === 0) throw undefinedSlope(x, 'The lasso slope with λ = 0 (that is, OLS)')
    return flatLine(s)
  }
  const shrunk = ratSub(ratAbs(s.Sxy), exactThreshold(lambda, convention))
  if (ratSign(shrunk) <= 0) return flatLine(s)
  const magnitude = ratDiv(shrunk, s.Sxx)
  return lineFrom(s, ratSign(s.Sxy) < 0 ? ratNeg(magnitude) : magnitude)
}

/**
 * λ*, the smallest λ at which the 1-D lasso slope is exactly 0 (it stays 0 for every larger λ):
 * λ* = 2|S_xy| in the `'lambda'` convention (loss … + λ|m|), λ* = |S_xy| in `'two-lambda'` (loss … + 2λ|m|).
 *
 * Rounded up to a double, so lasso1d(x, y, λ*) has slope exactly 0 and lasso1d at the next double below λ*
 * does not. Returns 0 when S_xy = 0, including S_xx = 0 (all x equal); there the λ = 0 fit itself is
 * undefined and only λ > 0 gives slope 0. Throws SolverInputError on bad data or an unknown convention.
 */
export function lassoLambdaStar1d(x: readonly number[], y: readonly number[], convention: Convention = 'lambda'): number {
  checkXY1d(x, y)
  checkConvention(convention)
  const s = summarize1dExact(x, y)
  const abs = ratAbs(s.Sxy)
  return ratToDouble(convention === 'lambda' ? ratMul(abs, rat(2n)) : abs, 'ceil')
}

/**
 * The ridge penalty λ that shrinks the 1-D ridge slope to a fraction f of the OLS slope (loss
 * Σ(y_i − m·x_i − b)² + λm², intercept not penalized): m(λ) = S_xy/(S_xx + λ) = f·S_xy/S_xx exactly when
 * S_xx/(S_xx + λ) = f, that is λ = S_xx·(1/f − 1) (λ = S_xx halves the slope). Depends on S_xx only.
 *
 * Computed exactly from the data and f (the double given) and rounded once. 0 < f ≤ 1; f = 1 gives 0.
 * When S_xy = 0 every slope is 0, and the returned λ is still the one with S_xx/(S_xx + λ) = f.
 * Throws UndefinedFitError when S_xx = 0 (all x equal: there is no OLS slope to shrink) and SolverInputError on
 * bad data or f outside (0, 1].
 */
export function ridgeLambdaForShrinkage1d(x: readonly number[], y: readonly number[], f: number): number {
  checkXY1d(x, y)
  if (typeof f !== 'number' || !(f > 0 && f <= 1)) {
    throw new SolverInputError(`The fraction f must be in (0, 1], got ${String(f)}.`)
  }
  const s = summarize1dExact(x, y)
  if (ratSign(s.Sxx) === 0) throw undefinedSlope(x, 'The λ that shrinks the ridge slope to a fraction of the OLS slope')
  const F = ratFromDouble(f)
  return ratToDouble(ratDiv(ratMul(s.Sxx, ratSub(rat(1n), F)), F))
}
