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

/**
 * Householder QR of the n × m matrix X whose column u is x[offs[u] + i], i < n (column-major), done column by
 * column up to the first column that is numerically a combination of the earlier ones. Column k counts as
 * dependent when its distance to the span of columns 0..k−1, |R_kk|, is ≤ tol·(‖x_k‖ + Σ_i |β_i|·‖x_i‖), where
 * β (x_k ≈ Σ_i β_i·x_i) are its least-squares coefficients on the earlier columns: the right-hand side is the
 * scale of the rounding error in R_kk. Unlike a Cholesky pivot of a computed XᵀX, whose rounding error is of the
 * order ε·‖x_k‖², so that it only tells a distance from 0 down to about √ε·‖x_k‖, R_kk resolves it down to
 * about ε·‖x_k‖.
 *
 * Writes L = Rᵀ (m × m, row-major, lower triangle; row k holds R_0k..R_kk) for the columns it factors; LLᵀ =
 * RᵀR = XᵀX up to rounding, so choleskySolve(L, m, b, k) solves with it. Returns m, or the index k of the first
 * dependent column, with β in beta[0..k).
 */
export function qrPartial(
  x: Float64Array,
  offs: ArrayLike<number>,
  m: number,
  n: number,
  tol: number,
  L: Float64Array,
  beta: Float64Array,
): number {
  // Column j of V: the transformed column j; from row j down, the Householder vector of step j.
  const V = new Float64Array(n * m)
  const tau = new Float64Array(m)
  const norms = new Float64Array(m)
  L.fill(0, 0, m * m)
  for (let j = 0; j < m; j++) {
    const cj = j * n
    for (let i = 0; i < n; i++) V[cj + i] = x[offs[j] + i]
    norms[j] = Math.sqrt(dot(V, cj, V, cj, n))
    for (let i = 0; i < j; i++) {
      const vi = i * n + i
      axpy(-tau[i] * dot(V, vi, V, cj + i, n - i), V, vi, V, cj + i, n - i)
    }
    const row = j * m
    for (let i = 0; i < j; i++) L[row + i] = V[cj + i]
    const rho = j < n ? Math.sqrt(dot(V, cj + j, V, cj + j, n - j)) : 0
    // R_prev·β = R_0..j−1,j by back substitution (R_il = L[l·m + i]).
    for (let i = j - 1; i >= 0; i--) {
      let s = L[row + i]
      for (let l = i + 1; l < j; l++) s -= L[l * m + i] * beta[l]
      beta[i] = s / L[i * m + i]
    }
    let scale = norms[j]
    for (let i = 0; i < j; i++) scale += Math.abs(beta[i]) * norms[i]
    if (!(rho > tol * scale)) return j
    // The reflector I − τvvᵀ maps the tail (v0, …) to (α, 0, …): v = tail − α·e₁, vᵀv = 2ρ(ρ + |v0|).
    const v0 = V[cj + j]
    const alpha = v0 >= 0 ? -rho : rho
    V[cj + j] = v0 - alpha
    tau[j] = 1 / (rho * (rho + Math.abs(v0)))
    L[row + j] = alpha
  }
  return m
}

/** y[yo + i] += α·x[xo + i] for i < len (unrolled by four; each element gets the same single rounding). */
export function axpy(alpha: number, x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): void {
  let i = 0
  for (; i + 3 < len; i += 4) {
    y[yo + i] += alpha * x[xo + i]
    y[yo + i + 1] += alpha * x[xo + i + 1]
    y[yo + i + 2] += alpha * x[xo + i + 2]
    y[yo + i + 3] += alpha * x[xo + i + 3]
  }
  for (; i < len; i++) y[yo + i] += alpha * x[xo + i]
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

/**
 * out[oo + s·os] = dot(a, ao, b, offs[s], len) for s < count, bit for bit (same two accumulators, same order),
 * four at a time so that each a[ao + i] is loaded once per four products.
 */
export function dotMany(
  a: Float64Array,
  ao: number,
  b: Float64Array,
  offs: ArrayLike<number>,
  count: number,
  len: number,
  out: Float64Array,
  oo: number,
  os: number,
): void {
  let s = 0
  for (; s + 3 < count; s += 4) {
    const b0 = offs[s]
    const b1 = offs[s + 1]
    const b2 = offs[s + 2]
    const b3 = offs[s + 3]
    let e0 = 0
    let o0 = 0
    let e1 = 0
    let o1 = 0
    let e2 = 0
    let o2 = 0
    let e3 = 0
    let o3 = 0
    let i = 0
    for (; i + 1 < len; i += 2) {
      const x = a[ao + i]
      const z = a[ao + i + 1]
      e0 += x * b[b0 + i]
      o0 += z * b[b0 + i + 1]
      e1 += x * b[b1 + i]
      o1 += z * b[b1 + i + 1]
      e2 += x * b[b2 + i]
      o2 += z * b[b2 + i + 1]
      e3 += x * b[b3 + i]
      o3 += z * b[b3 + i + 1]
    }
    if (i < len) {
      const x = a[ao + i]
      e0 += x * b[b0 + i]
      e1 += x * b[b1 + i]
      e2 += x * b[b2 + i]
      e3 += x * b[b3 + i]
    }
    out[oo + s * os] = e0 + o0
    out[oo + (s + 1) * os] = e1 + o1
    out[oo + (s + 2) * os] = e2 + o2
    out[oo + (s + 3) * os] = e3 + o3
  }
  for (; s < count; s++) out[oo + s * os] = dot(a, ao, b, offs[s], len)
}

/** The Gram matrix G = X̃ᵀX̃ (p × p, row-major, symmetric) of column-major n × p columns. */
export function gramMatrix(cols: Float64Array, n: number, p: number): Float64Array {
  const G = new Float64Array(p * p)
  const offs = new Int32Array(p)
  for (let k = 0; k < p; k++) offs[k] = k * n
  for (let j = 0; j < p; j++) {
    // Row j up to the diagonal; dot is symmetric bit for bit (x·y = y·x), so the upper triangle is a copy.
    dotMany(cols, j * n, cols, offs, j + 1, n, G, j * p, 1)
    for (let k = 0; k < j; k++) G[k * p + j] = G[j * p + k]
  }
  return G
}
