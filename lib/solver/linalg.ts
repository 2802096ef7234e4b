/**
 * Small dense linear algebra on Float64Array, row-major square matrices.
 */

/**
 * In-place Cholesky factorization A = LLᵀ of a symmetric m × m matrix (only the lower triangle is read;
 * L overwrites it). Returns false when A is not numerically positive definite: a pivot ≤ m·ε·max(diag A).
 */
export function cholesky(A: Float64Array, m: number): boolean {
  let maxDiag = 0
  for (let i = 0; i < m; i++) maxDiag = Math.max(maxDiag, A[i * m + i])
  const floor = m * Number.EPSILON * maxDiag
  for (let j = 0; j < m; j++) {
    const rj = j * m
    let d = A[rj + j]
    for (let k = 0; k < j; k++) d -= A[rj + k] * A[rj + k]
    if (!(d > floor)) return false
    const ljj = Math.sqrt(d)
    A[rj + j] = ljj
    for (let i = j + 1; i < m; i++) {
      const ri = i * m
      let s = A[ri + j]
      for (let k = 0; k < j; k++) s -= A[ri + k] * A[rj + k]
      A[ri + j] = s / ljj
    }
  }
  return true
}

/** Solves LLᵀx = b in place in b, with L from cholesky(). */
export function choleskySolve(L: Float64Array, m: number, b: Float64Array): void {
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
