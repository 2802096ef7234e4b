/**
 * Centered sums of one feature, and column centering for many features.
 *
 * S_xx = Σ(x_i − x̄)², S_xy = Σ(x_i − x̄)(y_i − ȳ), S_yy = Σ(y_i − ȳ)², always from centered values
 * (never Σx² − n·x̄², which loses every digit when x ≈ 10⁶ with a small spread).
 */
import { type Rational, ratPow2, ratToDouble, toFixedPoint } from './exact'
import { neumaierSum } from './numerics'
import { checkXY, checkXY1d } from './validate'

export interface Summary1d {
  n: number
  xMean: number
  yMean: number
  Sxx: number
  Sxy: number
  Syy: number
}

/** The same sums as exact rationals, for the 1-D closed forms. */
export interface ExactSummary1d {
  n: number
  xMean: Rational
  yMean: Rational
  Sxx: Rational
  Sxy: Rational
  Syy: Rational
}

/**
 * The centered sums exactly. With x_i = X_i·2^a and y_i = Y_i·2^c on integer grids,
 * n·S_xy = (n·ΣX_iY_i − ΣX_i·ΣY_i)·2^(a+c), which is the centered sum Σ(x_i − x̄)(y_i − ȳ) rewritten
 * exactly (in integers nothing cancels catastrophically).
 */
export function summarize1dExact(x: readonly number[], y: readonly number[]): ExactSummary1d {
  const n = x.length
  const N = BigInt(n)
  const fx = toFixedPoint(x)
  const fy = toFixedPoint(y)
  let sx = 0n
  let sy = 0n
  let sxx = 0n
  let sxy = 0n
  let syy = 0n
  for (let i = 0; i < n; i++) {
    const X = fx.ints[i]
    const Y = fy.ints[i]
    sx += X
    sy += Y
    sxx += X * X
    sxy += X * Y
    syy += Y * Y
  }
  const over = (v: bigint, k: number): Rational => {
    const r = ratPow2(v, k)
    return { n: r.n, d: r.d * N }
  }
  return {
    n,
    xMean: over(sx, fx.exp),
    yMean: over(sy, fy.exp),
    Sxx: over(N * sxx - sx * sx, 2 * fx.exp),
    Sxy: over(N * sxy - sx * sy, fx.exp + fy.exp),
    Syy: over(N * syy - sy * sy, 2 * fy.exp),
  }
}

/**
 * Summary statistics of 1-D data (x_i, y_i), i = 1..n:
 * n, x̄, ȳ, S_xx = Σ(x_i − x̄)², S_xy = Σ(x_i − x̄)(y_i − ȳ), S_yy = Σ(y_i − ȳ)².
 *
 * Each value is the exact rational value rounded once (correctly rounded), so there is no cancellation even
 * when x ≈ 10⁶ with a small spread. With every x equal, S_xx = S_xy = 0 exactly. A sum beyond the double
 * range (|x| ≳ 10¹⁵⁴) is reported as Infinity. Throws SolverInputError on empty or mismatched arrays or
 * non-finite values.
 */
export function summarize1d(x: readonly number[], y: readonly number[]): Summary1d {
  checkXY1d(x, y)
  const s = summarize1dExact(x, y)
  return {
    n: s.n,
    xMean: ratToDouble(s.xMean),
    yMean: ratToDouble(s.yMean),
    Sxx: ratToDouble(s.Sxx),
    Sxy: ratToDouble(s.Sxy),
    Syy: ratToDouble(s.Syy),
  }
}

/** Mean of v, two-pass: a Neumaier mean, then the Neumaier mean of the residuals as a correction. */
export function accurateMean(v: ArrayLike<number>): number {
  const n = v.length
  const m0 = neumaierSum(v) / n
  const r = new Float64Array(n)
  for (let i = 0; i < n; i++) r[i] = v[i] - m0
  return m0 + neumaierSum(r) / n
}

export interface Centered {
  /** X̃: column j minus its mean, rows are samples. */
  Xc: number[][]
  /** Column means x̄_j. */
  xMean: number[]
  /** ỹ = y − ȳ. */
  yc: number[]
  yMean: number
}

/**
 * Centers the columns of X (rows are samples) and y: X̃_ij = X_ij − x̄_j, ỹ_i = y_i − ȳ, with means
 * from compensated two-pass sums. Fitting an unpenalized intercept b is the same as fitting w on the
 * centered data and then taking b = ȳ − x̄ᵀw; every multi-feature solver here works that way.
 */
export function centerColumns(X: readonly (readonly number[])[], y: readonly number[]): Centered {
  const { n, p } = checkXY(X, y)
  const flat = centerColumnMajor(X, y, n, p)
  const Xc: number[][] = []
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(p)
    for (let j = 0; j < p; j++) row[j] = flat.cols[j * n + i]
    Xc.push(row)
  }
  return { Xc, xMean: Array.from(flat.xMean), yc: Array.from(flat.yc), yMean: flat.yMean }
}

/** Internal form: centered columns stored column-major in one Float64Array (column j at [j·n, (j+1)·n)). */
export interface CenteredColumns {
  n: number
  p: number
  cols: Float64Array
  xMean: Float64Array
  yc: Float64Array
  yMean: number
}

/** Centers X and y without validation; the caller has already called checkXY. */
export function centerColumnMajor(
  X: readonly (readonly number[])[],
  y: readonly number[],
  n: number,
  p: number,
): CenteredColumns {
  const cols = new Float64Array(n * p)
  const xMean = new Float64Array(p)
  const col = new Float64Array(n)
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) col[i] = X[i][j]
    let constant = true
    for (let i = 1; i < n; i++) if (col[i] !== col[0]) constant = false
    const m = constant ? col[0] : accurateMean(col)
    xMean[j] = m
    const off = j * n
    for (let i = 0; i < n; i++) cols[off + i] = constant ? 0 : col[i] - m
  }
  let yConstant = true
  for (let i = 1; i < n; i++) if (y[i] !== y[0]) yConstant = false
  const yMean = yConstant ? y[0] : accurateMean(y)
  const yc = new Float64Array(n)
  for (let i = 0; i < n; i++) yc[i] = y[i] - yMean
  return { n, p, cols, xMean, yc, yMean }
}
