/**
 * Exact centered cross products for small multi-feature problems (question-sized data): G = X̃ᵀX̃ and
 * c = X̃ᵀỹ as exact rationals, and reduced rational arithmetic on them. Every finite double is a rational, so
 * the centered sums have exact values; computing them with BigInt means that ties, zero tests and breakpoints
 * built on them are decided exactly. Cost: O(n·p²) big-integer operations.
 */
import { type Rational, ratAdd, ratDiv, ratMul, ratNeg, ratPow2, ratSign, ratSub, toFixedPoint } from './exact'

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a
  let y = b < 0n ? -b : b
  while (y !== 0n) [x, y] = [y, x % y]
  return x
}

/** a in lowest terms (denominator > 0; 0 is 0/1). */
export function qReduce(a: Rational): Rational {
  if (a.n === 0n) return { n: 0n, d: 1n }
  const n = a.d < 0n ? -a.n : a.n
  const d = a.d < 0n ? -a.d : a.d
  const g = gcd(n, d)
  return g === 1n ? { n, d } : { n: n / g, d: d / g }
}

export const Q0: Rational = { n: 0n, d: 1n }
export const qInt = (k: number): Rational => ({ n: BigInt(k), d: 1n })
export const qAdd = (a: Rational, b: Rational) => qReduce(ratAdd(a, b))
export const qSub = (a: Rational, b: Rational) => qReduce(ratSub(a, b))
export const qMul = (a: Rational, b: Rational) => qReduce(ratMul(a, b))
/** a / b for b ≠ 0. */
export const qDiv = (a: Rational, b: Rational) => qReduce(ratDiv(a, b))
export const qNeg = (a: Rational) => ratNeg(a)
export const qSign = ratSign
/** −1, 0 or 1 as a < b, a = b, a > b. */
export const qCmp = (a: Rational, b: Rational) => ratSign(ratSub(a, b))
export const qAbs = (a: Rational) => (a.n < 0n ? ratNeg(a) : a)

/** Column j of X (or y when j = −1) on one fixed-point grid: v_i = ints[i]·2^exp. */
interface Grid {
  ints: bigint[]
  exp: number
  sum: bigint
}

function grid(values: readonly number[]): Grid {
  const g = toFixedPoint(values)
  let sum = 0n
  for (const v of g.ints) sum += v
  return { ints: g.ints, exp: g.exp, sum }
}

/** Σ(a_i − ā)(b_i − b̄) = (n·ΣA_iB_i − ΣA_i·ΣB_i)·2^(ea+eb)/n exactly (integers: nothing cancels). */
function centeredCross(a: Grid, b: Grid, n: number): Rational {
  let s = 0n
  for (let i = 0; i < n; i++) s += a.ints[i] * b.ints[i]
  const N = BigInt(n)
  const r = ratPow2(N * s - a.sum * b.sum, a.exp + b.exp)
  return qReduce({ n: r.n, d: r.d * N })
}

export interface ExactGram {
  /** G[j][k] = x̃_jᵀx̃_k. */
  G: Rational[][]
  /** c[j] = x̃_jᵀỹ. */
  c: Rational[]
}

/**
 * G = X̃ᵀX̃ and c = X̃ᵀỹ exactly (rows of X are samples; X̃, ỹ centered). With `rows`, only those rows of G
 * are filled (the others are left empty). The caller has validated X and y (checkXY).
 */
export function exactGram(X: readonly (readonly number[])[], y: readonly number[], rows?: readonly number[]): ExactGram {
  const n = X.length
  const p = X[0].length
  const cols = Array.from({ length: p }, (_, j) => grid(X.map((r) => r[j])))
  const yg = grid(y)
  const G: Rational[][] = Array.from({ length: p }, () => [])
  for (const j of rows ?? Array.from({ length: p }, (_, k) => k)) {
    for (let k = 0; k < p; k++) G[j][k] = G[k]?.[j] ?? centeredCross(cols[j], cols[k], n)
  }
  const c = cols.map((col) => centeredCross(col, yg, n))
  return { G, c }
}

/** Solves A·v = b exactly (A square, row-major as rows); null when A is singular. */
export function qSolve(A: Rational[][], b: Rational[]): Rational[] | null {
  const m = b.length
  const M = A.map((row, i) => [...row, b[i]])
  for (let col = 0; col < m; col++) {
    let piv = col
    while (piv < m && qSign(M[piv][col]) === 0) piv++
    if (piv === m) return null
    ;[M[col], M[piv]] = [M[piv], M[col]]
    for (let r = 0; r < m; r++) {
      if (r === col || qSign(M[r][col]) === 0) continue
      const f = qDiv(M[r][col], M[col][col])
      for (let k = col; k <= m; k++) M[r][k] = qSub(M[r][k], qMul(f, M[col][k]))
    }
  }
  return M.map((row, i) => qDiv(row[m], row[i]))
}
