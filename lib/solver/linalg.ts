/**
 * Small dense linear algebra on Float64Array, row-major square matrices.
 */

/**
 * In-place Cholesky factorization A = LLᵀ of a symmetric m × m matrix (only the lower triangle is read;
 * L overwrites it). Returns false when A is not numerically positive definite: a pivot ≤ m·ε·max(diag A).
 */
export function cholesky(A: Float64Array, m: number): boolean {
  return choleskyPartial(A, m) === m
}

/**
 * Cholesky as far as it goes: returns m on success, or the index k of the first column whose pivot is
 * ≤ m·ε·max(diag A), i.e. column k is numerically a combination of columns 0..k−1. Rows 0..k−1 of L are then
 * valid, so the leading k × k block can still be used to solve.
 */
export function choleskyPartial(A: Float64Array, m: number): number {
  let maxDiag = 0
  for (let i = 0; i < m; i++) maxDiag = Math.max(maxDiag, A[i * m + i])
  const floor = m * Number.EPSILON * maxDiag
  for (let j = 0; j < m; j++) {
    const rj = j * m
    let d = A[rj + j]
    for (let k = 0; k < j; k++) d -= A[rj + k] * A[rj + k]
    if (!(d > floor)) return j
    const ljj = Math.sqrt(d)
    A[rj + j] = ljj
    for (let i = j + 1; i < m; i++) {
      const ri = i * m
      let s = A[ri + j]
      for (let k = 0; k < j; k++) s -= A[ri + k] * A[rj + k]
      A[ri + j] = s / ljj
    }
  }
  return m
}

/** Solves LLᵀx = b in place in b, with L from cholesky(); with k < m, uses the leading k × k block of an m × m L. */
export function choleskySolve(L: Float64Array, m: number, b: Float64Array, k = m): void {
  if (k !== m) {
    for (let i = 0; i < k; i++) {
      let s = b[i]
      for (let l = 0; l < i; l++) s -= L[i * m + l] * b[l]
      b[i] = s / L[i * m + i]
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = b[i]
      for (let l = i + 1; l < k; l++) s -= L[l * m + i] * b[l]
      b[i] = s / L[i * m + i]
    }
    return
  }
  for (let i = 0; i < m; i++) {
    const ri = i * m
    let s = b[i]
    for (let k = 0; k < i; k++) s -= L[ri + k] * b[k]
    b[i] = s / L[ri + i]
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i]
    for (let k = i + 1; k < m; k++) s -= L[k * m + i] * b[k]
    b[i] = s / L[i * m + i]
  }
}

/** Σ a[ao + i]·b[bo + i], i < len. */
export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, len: number): number {
  let s0 = 0
  let s1 = 0
  let i = 0
  // Two accumulators: shorter dependency chain, and slightly smaller rounding error than one.
  for (; i + 1 < len; i += 2) {
    s0 += a[ao + i] * b[bo + i]
    s1 += a[ao + i + 1] * b[bo + i + 1]
  }
  if (i < len) s0 += a[ao + i] * b[bo + i]
  return s0 + s1
}

/** The Gram matrix G = X̃ᵀX̃ (p × p, row-major, symmetric) of column-major n × p columns. */
export function gramMatrix(cols: Float64Array, n: number, p: number): Float64Array {
  const G = new Float64Array(p * p)
  for (let j = 0; j < p; j++) {
    for (let k = 0; k <= j; k++) {
      const v = dot(cols, j * n, cols, k * n, n)
      G[j * p + k] = v
      G[k * p + j] = v
    }
  }
  return G
}
