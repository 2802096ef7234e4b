/**
 * The lasso on many features: minimizes ||y − Xw − b||²₂ + λ||w||₁ over w and b (intercept not penalized).
 * scikit-learn's Lasso minimizes (1/(2n))||y − Xw − b||²₂ + α||w||₁, the same problem with α = λ/(2n).
 *
 * Method: cyclic coordinate descent with soft thresholding on centered data, over a working set (the active
 * coefficients plus a screened candidate set), with covariance (Gram) updates: from the full X̃ᵀX̃ when n ≥ p,
 * otherwise from Gram entries computed on demand among the features the working sets visit (residual updates
 * only if those would exceed CACHE_LIMIT features). Convergence is decided by the KKT residual (or, on request, the duality gap), checked
 * on every coefficient. The result is then polished: with the active set and signs fixed, the stationarity
 * equations X̃_Aᵀ(ỹ − X̃_A w_A) = (λ/2)·sign(w_A) are solved directly, so the KKT conditions hold to near
 * machine precision. lassoPath adds warm starts and the sequential strong rule.
 */
import { ConvergenceError, SolverInputError } from './errors'
import { axpy, choleskyPartial, choleskySolve, dot, dotMany, gramMatrix, qrPartial } from './linalg'
import { shrink } from './numerics'
import { interceptFor, type LinearFit, residual, ridge } from './ridge'
import { type CenteredColumns, centerColumnMajor } from './stats'
import { checkFiniteVector, checkLambda, checkXY } from './validate'

type Matrix = readonly (readonly number[])[]

export interface LassoOptions {
  /**
   * Required KKT accuracy: the returned kktViolation (max over j of the KKT residual of 2·x̃_jᵀ(ỹ − X̃w),
   * relative to λ) must be ≤ tol, or ConvergenceError is thrown. Default 1e-9.
   */
  tol?: number
  /**
   * Stop on the duality gap instead, with scikit-learn's semantics for its `tol`: stop when the gap of
   * ½||ỹ − X̃w||² + (λ/2)||w||₁ (half our loss) is ≤ gapTol·||ỹ||². No KKT accuracy is then demanded and
   * no polish is done unless `polish: true`. For benchmarks against scikit-learn at equal tolerance.
   */
  gapTol?: number
  /** Refit on the active set to reach machine-precision KKT (default true, or false when gapTol is set). */
  polish?: boolean
  /** Maximum number of coordinate-descent sweeps (passes over the working set) before ConvergenceError. Default 100000. */
  maxIter?: number
  /** Starting coefficients (length p); default all zero. */
  warmStart?: readonly number[]
  /**
   * Precompute the full Gram matrix X̃ᵀX̃ (O(np²) once; cheap O(p·nnz(w)) full checks) or not (full checks by
   * a fresh residual, O(np); the sweeps then use Gram entries computed on demand). Default: on when n ≥ p.
   */
  gram?: boolean
}

export interface LassoFit extends LinearFit {
  /** Coordinate-descent sweeps used (passes over the working set, plus full passes). */
  iterations: number
  /** Final max KKT violation relative to λ (relative to λ_max when λ = 0). */
  kktViolation: number
}

/** Centered data and the products every solve reuses. */
interface Problem extends CenteredColumns {
  /** c = X̃ᵀỹ. */
  c: Float64Array
  /** ||x̃_j||², the diagonal of X̃ᵀX̃. */
  diag: Float64Array
  /** X̃ᵀX̃ (p × p) when covariance updates are used, else null. */
  gram: Float64Array | null
  /** The Gram entries the sweeps read: all of `gram`, or (p > n) those among the features seen so far. */
  cache: GramCache
  /** j·n, the offset of column j in cols. */
  offsets: Int32Array
  /** ||ỹ||². */
  yy: number
  /** max_j |2·x̃_jᵀỹ|. */
  lambdaMax: number
}

function prepare(X: Matrix, y: readonly number[], useGram?: boolean): Problem {
  const { n, p } = checkXY(X, y)
  const cc = centerColumnMajor(X, y, n, p)
  const c = new Float64Array(p)
  const diag = new Float64Array(p)
  let lambdaMax = 0
  for (let j = 0; j < p; j++) {
    c[j] = dot(cc.cols, j * n, cc.yc, 0, n)
    diag[j] = dot(cc.cols, j * n, cc.cols, j * n, n)
    lambdaMax = Math.max(lambdaMax, Math.abs(2 * c[j]))
  }
  const gram = (useGram ?? n >= p) ? gramMatrix(cc.cols, n, p) : null
  // One object literal with every field in a fixed order and type: the hot functions then see a single hidden
  // class (an object spread here gave each call its own, and V8 deoptimized and recompiled them every call).
  return {
    n,
    p,
    cols: cc.cols,
    xMean: cc.xMean,
    yc: cc.yc,
    yMean: cc.yMean,
    c,
    diag,
    gram,
    cache: gramCache(p, gram),
    offsets: Int32Array.from({ length: p }, (_, j) => j * n),
    yy: dot(cc.yc, 0, cc.yc, 0, n),
    lambdaMax,
  }
}

/**
 * X̃ᵀX̃ restricted to a set of features that only grows: G[s·cap + u] = x̃_aᵀx̃_b for the features a = feat[s]
 * and b = feat[u] in slots s, u < size. Complete from the start when the full Gram matrix exists (slot j is
 * feature j); otherwise (no full Gram matrix, typically p > n) filled on demand as features join a working set, since
 * the full p × p matrix would cost O(np²) while coordinate descent only ever reads the entries among the few
 * features it visits. Sweeps over the working set then cost O(m) per coordinate that moves instead of O(n) per
 * coordinate visited. At most CACHE_LIMIT slots (8·CACHE_LIMIT² bytes); beyond that, residual sweeps are used.
 */
interface GramCache {
  G: Float64Array
  cap: number
  size: number
  /** Slot of feature j, or −1. */
  slot: Int32Array
  /** Feature in slot s. */
  feat: Int32Array
  /** The largest number of slots (p when complete). */
  limit: number
}

const CACHE_LIMIT = 1024

function gramCache(p: number, gram: Float64Array | null): GramCache {
  const slot = new Int32Array(p)
  const feat = new Int32Array(p)
  if (gram) {
    for (let j = 0; j < p; j++) {
      slot[j] = j
      feat[j] = j
    }
    return { G: gram, cap: p, size: p, slot, feat, limit: p }
  }
  slot.fill(-1)
  const cap = Math.min(p, 64)
  return { G: new Float64Array(cap * cap), cap, size: 0, slot, feat, limit: Math.min(p, CACHE_LIMIT) }
}

/** The slot of feature j in the cache, filling its Gram entries against every cached feature; −1 when full. */
function cacheSlot(P: Problem, j: number): number {
  const C = P.cache
  if (C.slot[j] >= 0) return C.slot[j]
  if (C.size === C.limit) return -1
  if (C.size === C.cap) {
    const cap = Math.min(C.limit, 2 * C.cap)
    const G = new Float64Array(cap * cap)
    for (let s = 0; s < C.size; s++) G.set(C.G.subarray(s * C.cap, s * C.cap + C.size), s * cap)
    C.G = G
    C.cap = cap
  }
  const s = C.size++
  C.slot[j] = s
  C.feat[s] = j
  const { n, cols } = P
  const offs = cacheOffsets(P, s + 1)
  // Row s (against slots 0..s, itself last), then the same values down column s.
  dotMany(cols, j * n, cols, offs, s + 1, n, C.G, s * C.cap, 1)
  for (let u = 0; u < s; u++) C.G[u * C.cap + s] = C.G[s * C.cap + u]
  return s
}

let offsetScratch = new Int32Array(0)

/** Column offsets u·n… of the features in slots 0..count−1 (a shared scratch array). */
function cacheOffsets(P: Problem, count: number): Int32Array {
  if (offsetScratch.length < count) offsetScratch = new Int32Array(Math.max(count, 2 * offsetScratch.length))
  const { feat } = P.cache
  for (let u = 0; u < count; u++) offsetScratch[u] = feat[u] * P.n
  return offsetScratch
}

/** g_j = 2·x̃_jᵀ(ỹ − X̃w) for every j, from a freshly computed residual (O(np)); returns the residual. */
function fullGradient(P: Problem, w: Float64Array, g: Float64Array): Float64Array {
  const r = residual(P, w)
  dotMany(r, 0, P.cols, P.offsets, P.p, P.n, g, 0, 1)
  for (let j = 0; j < P.p; j++) g[j] *= 2
  return r
}

/** g = 2(X̃ᵀỹ − X̃ᵀX̃w) from the Gram matrix, O(p·nnz(w)). */
function gramGradient(P: Problem, w: Float64Array, g: Float64Array): void {
  const { p, c } = P
  const G = P.gram as Float64Array
  for (let j = 0; j < p; j++) g[j] = c[j]
  for (let k = 0; k < p; k++) {
    const wk = w[k]
    if (wk === 0) continue
    const row = k * p
    for (let j = 0; j < p; j++) g[j] -= G[row + j] * wk
  }
  for (let j = 0; j < p; j++) g[j] *= 2
}

/** The gradient by the cheaper route: Gram when available, else a fresh residual (kept in state.r). */
function gradient(P: Problem, w: Float64Array, g: Float64Array, state: { r: Float64Array }): void {
  if (P.gram) gramGradient(P, w, g)
  else state.r = fullGradient(P, w, g)
}

/** max_j of the KKT residual, relative to λ: |g_j − λ·sign(w_j)| if w_j ≠ 0, else max(|g_j| − λ, 0). */
function kktResidual(g: ArrayLike<number>, w: ArrayLike<number>, lambda: number, scale: number): number {
  let worst = 0
  for (let j = 0; j < w.length; j++) {
    const wj = w[j]
    const v = wj > 0 ? Math.abs(g[j] - lambda) : wj < 0 ? Math.abs(g[j] + lambda) : Math.max(Math.abs(g[j]) - lambda, 0)
    if (v > worst) worst = v
  }
  return scale > 0 ? worst / scale : worst === 0 ? 0 : Number.POSITIVE_INFINITY
}

/**
 * Duality gap of ½||r||² + t||w||₁ (t = λ/2) at w, given g = 2X̃ᵀr; the formula scikit-learn uses.
 * With r = ỹ − X̃w: ||r||² = ||ỹ||² − wᵀX̃ᵀỹ − wᵀX̃ᵀr and rᵀỹ = ||ỹ||² − wᵀX̃ᵀỹ, so no residual is needed.
 */
function dualityGapHalf(P: Problem, w: Float64Array, g: Float64Array, t: number): number {
  let dualNorm = 0
  let l1 = 0
  let wc = 0
  let wg = 0
  for (let j = 0; j < P.p; j++) {
    dualNorm = Math.max(dualNorm, Math.abs(g[j]) / 2)
    l1 += Math.abs(w[j])
    wc += w[j] * P.c[j]
    wg += (w[j] * g[j]) / 2
  }
  const rr = Math.max(P.yy - wc - wg, 0)
  const ry = P.yy - wc
  const k = dualNorm > t ? t / dualNorm : 1
  return 0.5 * rr * (1 + k * k) + t * l1 - k * ry
}

interface SolveSettings {
  tol: number
  gapTol: number | null
  polish: boolean
  maxIter: number
}

function settingsFrom(opts: LassoOptions | undefined): SolveSettings {
  const o = opts ?? {}
  const gapTol = o.gapTol ?? null
  for (const [name, v] of [
    ['tol', o.tol],
    ['gapTol', o.gapTol],
  ] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new SolverInputError(`${name} must be a positive number, got ${String(v)}.`)
  }
  if (o.maxIter !== undefined && !(Number.isInteger(o.maxIter) && o.maxIter > 0)) {
    throw new SolverInputError(`maxIter must be a positive integer, got ${String(o.maxIter)}.`)
  }
  return {
    tol: o.tol ?? 1e-9,
    gapTol,
    polish: o.polish ?? gapTol === null,
    maxIter: o.maxIter ?? 100_000,
  }
}

/**
 * Coordinate descent for one λ > 0, starting from w (updated in place). `screen` is the strong-rule level:
 * coordinates with |g_j| below it start outside the working set (they join if the full KKT check finds them
 * violating). Returns the sweeps used and the final KKT violation (from a fresh residual).
 */
function solveOne(
  P: Problem,
  lambda: number,
  w: Float64Array,
  g: Float64Array,
  screen: number,
  s: SolveSettings,
  gradientReady = false,
) {
  const { p, diag, gram } = P
  const t = lambda / 2
  const inSet = new Uint8Array(p)
  // The working set in the order of entry, and each member's slot in P.cache.
  const work = new Int32Array(p)
  const slots = new Int32Array(p)
  let m = 0
  // Covariance sweeps over the Gram cache, unless it is full (then residual sweeps on state.r, which is fresh
  // whenever add runs: at the start, after a full check and after an active-set step).
  let covariance = true
  // The working set's Gram matrix, dense (m × m, row-major), copied from the cache whenever the set changes:
  // the sweeps then read contiguous rows, several times faster than gathering through the slots.
  let dense: Float64Array = denseScratch
  let denseSize = -1
  // q[k] is current for k < qValid.
  let qValid = 0
  const add = (j: number) => {
    if (!inSet[j] && diag[j] > 0) {
      inSet[j] = 1
      if (covariance) {
        const slot = cacheSlot(P, j)
        if (slot < 0) covariance = false
        slots[m] = slot
      }
      work[m++] = j
    }
  }
  // A constant feature contributes nothing to the fit; its coefficient is 0.
  for (let j = 0; j < p; j++) if (diag[j] === 0) w[j] = 0
  const state = { r: P.yc }
  // Along a path, g already holds the gradient at w (the previous solution): only the residual is needed.
  if (!gradientReady) gradient(P, w, g, state)
  else if (!gram) state.r = residual(P, w)
  for (let j = 0; j < p; j++) if (w[j] !== 0 || Math.abs(g[j]) >= screen) add(j)

  // q[k] = (X̃ᵀX̃w)_work[k] (covariance sweeps); state.r = ỹ − X̃w (residual sweeps).
  const q = new Float64Array(p)
  let maxSqrtDiag = 0
  for (let j = 0; j < p; j++) maxSqrtDiag = Math.max(maxSqrtDiag, Math.sqrt(diag[j]))
  const gapMode = s.gapTol !== null
  let kktTarget = s.polish ? Math.max(s.tol, 1e-7) : s.tol
  // KKT mode: a sweep "settles" once no coordinate moved the fit (‖x̃_j‖·|δ_j|) by more than innerTol, which
  // bounds the drift of every g_j. Gap mode: scikit-learn's rule, max|δ_j| ≤ gapTol·max|w_j|.
  let innerTol = (kktTarget * lambda) / (2 * Math.max(maxSqrtDiag, Number.MIN_VALUE))
  let iterations = 0
  let violation = Number.POSITIVE_INFINITY
  // The inner loop also hands back control after `batch` sweeps, so a slowly converging descent (p > n, strong
  // correlation) gets a full KKT check and an active-set step (polish), which finishes the job as soon as the
  // active set and signs are right, long before the coordinates themselves have converged.
  let batch = 16

  for (;;) {
    if (covariance && denseSize !== m) {
      dense = denseGram(P.cache, slots, m)
      denseSize = m
    }
    // The sweeps keep q up to date. New members (w = 0 there, so the others' q is unchanged) need theirs; after
    // a full check q is recomputed in full, so rounding drift cannot build up over many sweeps.
    if (covariance && qValid < m) covarianceOnSet(dense, work, m, w, q, qValid)
    qValid = m
    let sweeps = 0
    let settled = false
    while (!settled && sweeps < batch) {
      if (iterations >= s.maxIter) {
        throw new ConvergenceError(
          `Lasso coordinate descent did not converge at λ = ${lambda} within ${s.maxIter} sweeps (KKT violation ${violation.toExponential(2)} relative to λ at the last check, target ${gapMode ? `duality gap ${s.gapTol}·||ỹ||²` : s.tol}). Raise maxIter or loosen tol.`,
        )
      }
      iterations++
      sweeps++
      if (covariance) sweepGram(P, dense, work, m, w, q, t)
      else sweepResidual(P, work, m, w, state.r, t)
      const maxChange = sweepStats[0]
      const maxDelta = sweepStats[1]
      const maxW = sweepStats[2]
      settled = gapMode ? maxDelta <= (s.gapTol as number) * maxW : maxChange <= innerTol
    }
    // Without the full Gram matrix a full check costs O(np), so first check the working set alone (O(m) from
    // q, or O(n·m) from the residual kept by residual sweeps), and go on sweeping if even that is not converged
    // (unless the last sweep moved nothing: then the full check decides).
    if (!gram && settled && sweepStats[0] > 0) {
      const ok = covariance
        ? workingSetConvergedCov(P, w, g, q, work, m, lambda, s, kktTarget)
        : workingSetConverged(P, w, g, state.r, work, m, lambda, s, kktTarget)
      if (!ok) {
        if (!gapMode) innerTol /= 10
        continue
      }
    }
    // Full check on every coefficient.
    gradient(P, w, g, state)
    iterations++
    qValid = 0
    let entered = false
    for (let j = 0; j < p; j++) {
      if (!inSet[j] && Math.abs(g[j]) > lambda && diag[j] > 0) {
        add(j)
        entered = true
      }
    }
    if (entered) continue
    violation = kktResidual(g, w, lambda, lambda)
    const converged = gapMode ? dualityGapHalf(P, w, g, t) <= (s.gapTol as number) * P.yy : violation <= kktTarget
    if (converged && (!s.polish || violation <= s.tol)) break
    if (s.polish && (converged || !settled)) {
      // Never raises the loss, so w is kept whatever the outcome.
      const before = nonzeros(w)
      violation = activeSetStep(P, w, lambda, g, state)
      if (violation <= s.tol) break
      if (!settled && nonzeros(w) === before) batch *= 2
    }
    if (converged) {
      // The active set or signs are not settled yet: descend further before polishing again.
      kktTarget = Math.max(kktTarget / 100, s.tol)
    }
    if (settled && !gapMode) innerTol /= 10
  }
  return { iterations, violation }
}

/**
 * The stopping test restricted to the working set, for residual sweeps: g_j = 2x̃_jᵀr for j in the set, then the
 * KKT residual there, or the duality gap with the dual norm taken over the set. Necessary, not sufficient: a
 * pass here is followed by the full check.
 */
function workingSetConverged(
  P: Problem,
  w: Float64Array,
  g: Float64Array,
  r: Float64Array,
  work: Int32Array,
  m: number,
  lambda: number,
  s: SolveSettings,
  kktTarget: number,
): boolean {
  const { n, cols } = P
  const t = lambda / 2
  let worst = 0
  let dualNorm = 0
  let l1 = 0
  for (let k = 0; k < m; k++) {
    const j = work[k]
    const gj = 2 * dot(cols, j * n, r, 0, n)
    g[j] = gj
    const wj = w[j]
    const v = wj > 0 ? Math.abs(gj - lambda) : wj < 0 ? Math.abs(gj + lambda) : Math.max(Math.abs(gj) - lambda, 0)
    if (v > worst) worst = v
    dualNorm = Math.max(dualNorm, Math.abs(gj) / 2)
    l1 += Math.abs(wj)
  }
  if (s.gapTol === null) return worst <= kktTarget * lambda
  const rr = dot(r, 0, r, 0, n)
  const ry = dot(r, 0, P.yc, 0, n)
  const k = dualNorm > t ? t / dualNorm : 1
  return 0.5 * rr * (1 + k * k) + t * l1 - k * ry <= s.gapTol * P.yy
}

/**
 * workingSetConverged from the covariance state: g_j = 2(c_j − q_j) on the set, and (w being 0 outside it)
 * ||r||² = ||ỹ||² − 2wᵀc + wᵀq and rᵀỹ = ||ỹ||² − wᵀc.
 */
function workingSetConvergedCov(
  P: Problem,
  w: Float64Array,
  g: Float64Array,
  q: Float64Array,
  work: Int32Array,
  m: number,
  lambda: number,
  s: SolveSettings,
  kktTarget: number,
): boolean {
  const { c } = P
  const t = lambda / 2
  let worst = 0
  let dualNorm = 0
  let l1 = 0
  let wc = 0
  let wq = 0
  for (let k = 0; k < m; k++) {
    const j = work[k]
    const gj = 2 * (c[j] - q[k])
    g[j] = gj
    const wj = w[j]
    const v = wj > 0 ? Math.abs(gj - lambda) : wj < 0 ? Math.abs(gj + lambda) : Math.max(Math.abs(gj) - lambda, 0)
    if (v > worst) worst = v
    dualNorm = Math.max(dualNorm, Math.abs(gj) / 2)
    l1 += Math.abs(wj)
    wc += wj * c[j]
    wq += wj * q[k]
  }
  if (s.gapTol === null) return worst <= kktTarget * lambda
  const rr = Math.max(P.yy - 2 * wc + wq, 0)
  const ry = P.yy - wc
  const k = dualNorm > t ? t / dualNorm : 1
  return 0.5 * rr * (1 + k * k) + t * l1 - k * ry <= s.gapTol * P.yy
}

let denseScratch: Float64Array = new Float64Array(0)

/** D[k·m + l] = G(work[k], work[l]) for the working set (slots[k] in the cache), in a shared scratch array. */
function denseGram(C: GramCache, slots: Int32Array, m: number): Float64Array {
  if (denseScratch.length < m * m) denseScratch = new Float64Array(Math.max(m * m, 2 * denseScratch.length))
  const D = denseScratch
  const { G, cap } = C
  for (let k = 0; k < m; k++) {
    const row = slots[k] * cap
    for (let l = 0; l < m; l++) D[k * m + l] = G[row + slots[l]]
  }
  return D
}

/** q[k] = Σ_l D[k·m + l]·w_work[l] over the working set, for k ≥ from. */
function covarianceOnSet(D: Float64Array, work: Int32Array, m: number, w: Float64Array, q: Float64Array, from: number): void {
  for (let k = from; k < m; k++) {
    const row = k * m
    let v = 0
    for (let l = 0; l < m; l++) {
      const wi = w[work[l]]
      if (wi !== 0) v += D[row + l] * wi
    }
    q[k] = v
  }
}

/** Per sweep: max ‖x̃_j‖·|δ_j|, max |δ_j|, max |w_j| over the working set. */
const sweepStats = new Float64Array(3)

/**
 * One cyclic pass over the working set with covariance updates: z_j = c_j − (Gw)_j + G_jj·w_j, with
 * q[k] = (Gw)_work[k] kept up to date (O(m) per coordinate that moves, nothing for one that stays).
 */
function sweepGram(P: Problem, D: Float64Array, work: Int32Array, m: number, w: Float64Array, q: Float64Array, t: number): void {
  const { c, diag } = P
  let maxChange = 0
  let maxDelta = 0
  let maxW = 0
  for (let k = 0; k < m; k++) {
    const j = work[k]
    const d = diag[j]
    const wj = w[j]
    const nw = shrink(c[j] - q[k] + d * wj, t, d)
    if (nw !== wj) {
      const delta = nw - wj
      w[j] = nw
      axpy(delta, D, k * m, q, 0, m)
      const ad = Math.abs(delta)
      const change = ad * Math.sqrt(d)
      if (change > maxChange) maxChange = change
      if (ad > maxDelta) maxDelta = ad
    }
    const aw = Math.abs(nw)
    if (aw > maxW) maxW = aw
  }
  sweepStats[0] = maxChange
  sweepStats[1] = maxDelta
  sweepStats[2] = maxW
}

/** One cyclic pass over the working set with residual updates: z_j = x̃_jᵀr + ‖x̃_j‖²·w_j, r −= δ·x̃_j. */
function sweepResidual(P: Problem, work: Int32Array, m: number, w: Float64Array, r: Float64Array, t: number): void {
  const { n, cols, diag } = P
  let maxChange = 0
  let maxDelta = 0
  let maxW = 0
  for (let k = 0; k < m; k++) {
    const j = work[k]
    const d = diag[j]
    const wj = w[j]
    const off = j * n
    const nw = shrink(dot(cols, off, r, 0, n) + d * wj, t, d)
    if (nw !== wj) {
      const delta = nw - wj
      w[j] = nw
      axpy(-delta, cols, off, r, 0, n)
      const ad = Math.abs(delta)
      const change = ad * Math.sqrt(d)
      if (change > maxChange) maxChange = change
      if (ad > maxDelta) maxDelta = ad
    }
    const aw = Math.abs(nw)
    if (aw > maxW) maxW = aw
  }
  sweepStats[0] = maxChange
  sweepStats[1] = maxDelta
  sweepStats[2] = maxW
}

function nonzeros(w: Float64Array): number {
  let k = 0
  for (let j = 0; j < w.length; j++) if (w[j] !== 0) k++
  return k
}

/** The active set of w and its Gram matrix G_AA (a × a, row-major). */
function activeGram(P: Problem, w: Float64Array) {
  const { n, p, cols, gram } = P
  const A: number[] = []
  for (let j = 0; j < p; j++) if (w[j] !== 0) A.push(j)
  const a = A.length
  const G = new Float64Array(a * a)
  for (let u = 0; u < a; u++) {
    for (let v = 0; v <= u; v++) {
      const val = gram ? gram[A[u] * p + A[v]] : dot(cols, A[u] * n, cols, A[v] * n, n)
      G[u * a + v] = val
      G[v * a + u] = val
    }
  }
  return { A, G }
}

/**
 * Whether the rank decision of a Cholesky factor L of the computed Gram matrix G (a × a) can be trusted: every
 * pivot L_kk², the squared distance of x̃_k to the span of the earlier columns, must stand well clear of its own
 * rounding error, about (n + a)·ε·(‖x̃_k‖ + Σ_i |β_i|·‖x̃_i‖)² with β the coefficients of x̃_k on the earlier
 * columns (G_prev·β = G_prev,k, i.e. L_prevᵀβ = L_k,prev). A pivot near that level may belong to a column that
 * is exactly dependent (p > n, duplicated or collinear features): such a column then looks independent, the
 * refit on it is numerically singular, and its "solution" (~1e14 in practice) is rounding noise.
 */
function gramPivotsClear(G: Float64Array, L: Float64Array, a: number, n: number): boolean {
  const noise = GRAM_PIVOT_MARGIN * (n + a) * Number.EPSILON
  const beta = new Float64Array(a)
  for (let k = 0; k < a; k++) {
    const row = k * a
    for (let i = k - 1; i >= 0; i--) {
      let s = L[row + i]
      for (let l = i + 1; l < k; l++) s -= L[l * a + i] * beta[l]
      beta[i] = s / L[i * a + i]
    }
    let scale = Math.sqrt(G[row + k])
    for (let i = 0; i < k; i++) scale += Math.abs(beta[i]) * Math.sqrt(G[i * a + i])
    if (!(L[row + k] * L[row + k] > noise * scale * scale)) return false
  }
  return true
}

/** How far above its rounding error a Gram pivot must be for the Cholesky rank decision to stand. */
const GRAM_PIVOT_MARGIN = 1e4

/**
 * The factor L (LLᵀ = X̃_AᵀX̃_A) of the active columns A, or the first of them that is a combination of the
 * earlier ones (k < a) with its coefficients β on them. The Cholesky factor of G_AA (O(a³)) when its pivots are
 * clear of rounding (gramPivotsClear); otherwise the decision and the factor come from a Householder QR of X̃_A
 * itself (O(n·a²)), which resolves dependence to ε instead of √ε (qrPartial).
 */
function factorActive(P: Problem, A: number[], G: Float64Array) {
  const a = A.length
  const L = G.slice()
  const beta = new Float64Array(a)
  if (choleskyPartial(L, a) === a && gramPivotsClear(G, L, a, P.n)) return { L, k: a, beta }
  const offs = A.map((j) => j * P.n)
  const k = qrPartial(P.cols, offs, a, P.n, QR_DEPENDENCE_TOL * (P.n + a) * Number.EPSILON, L, beta)
  return { L, k, beta }
}

/** Column k is dependent when |R_kk| ≤ QR_DEPENDENCE_TOL·(n + a)·ε·(‖x̃_k‖ + Σ|β_i|·‖x̃_i‖). */
const QR_DEPENDENCE_TOL = 4

/**
 * Makes the active columns of w linearly independent without raising the loss. If column k of X̃_A is a
 * combination of the earlier ones, x̃_k = Σ β_u·x̃_A[u], then d = (−β, 1, 0…) has X̃_A d = 0; moving w along ±d
 * (the sign with sign(w_A)ᵀd ≤ 0) keeps the fit and does not raise λ||w||₁, until a coefficient reaches 0, which
 * is then dropped. Coordinate descent alone can stall for a very long time on such a set (p > n, or collinear
 * features), and a refit on it is singular. Returns the active set, its Gram matrix and a factor L of it
 * (LLᵀ = G_AA), or null if no progress is possible.
 */
function independentActiveSet(P: Problem, w: Float64Array) {
  for (;;) {
    const { A, G } = activeGram(P, w)
    const a = A.length
    const { L, k, beta } = factorActive(P, A, G)
    if (k === a) return { A, G, L }
    const d = new Float64Array(a)
    for (let u = 0; u < k; u++) d[u] = -beta[u]
    d[k] = 1
    let slope = 0
    for (let u = 0; u < a; u++) slope += Math.sign(w[A[u]]) * d[u]
    if (slope > 0) for (let u = 0; u < a; u++) d[u] = -d[u]
    // Ratio test: the first coefficient to reach 0 along d.
    let step = Number.POSITIVE_INFINITY
    let hit = -1
    for (let u = 0; u < a; u++) {
      const wu = w[A[u]]
      if (d[u] !== 0 && Math.sign(d[u]) !== Math.sign(wu)) {
        const tau = -wu / d[u]
        if (tau < step) {
          step = tau
          hit = u
        }
      }
    }
    if (hit < 0) return null
    for (let u = 0; u < a; u++) w[A[u]] += step * d[u]
    w[A[hit]] = 0
  }
}

/**
 * One primal active-set phase (the "polish"). With the active set A and signs s of w fixed, the lasso loss is
 * the quadratic ||ỹ − X̃_A w_A||² + λ·sᵀw_A, minimized where X̃_AᵀX̃_A w_A = X̃_Aᵀỹ − (λ/2)s. Solve that
 * (Cholesky, one refinement step). If the solution keeps the signs, take it: KKT then holds on A to machine
 * precision. Otherwise move from w toward it as far as the signs allow (the loss decreases along the segment),
 * drop the coefficient that reaches 0, and repeat. Dependent active columns are removed first (see
 * independentActiveSet). w is updated in place and the loss never increases. Updates g (and state.r) and
 * returns the KKT violation relative to λ; the caller's coordinate descent takes care of coordinates that
 * should enter.
 */
function activeSetStep(P: Problem, w: Float64Array, lambda: number, g: Float64Array, state: { r: Float64Array }): number {
  const { n, p, cols, c, gram } = P
  const t = lambda / 2
  for (let round = 0; round <= p; round++) {
    const basis = independentActiveSet(P, w)
    if (basis === null) break
    const { A, G, L } = basis
    const a = A.length
    if (a === 0) break
    const sgn = A.map((j) => Math.sign(w[j]))
    const wa = new Float64Array(a)
    for (let u = 0; u < a; u++) wa[u] = c[A[u]] - t * sgn[u]
    choleskySolve(L, a, wa)
    // Refinement: e = X̃_Aᵀ(ỹ − X̃_A w_A) − t·s, from the Gram matrix or a fresh residual.
    const e = new Float64Array(a)
    if (gram) {
      for (let u = 0; u < a; u++) e[u] = c[A[u]] - t * sgn[u] - dot(G, u * a, wa, 0, a)
    } else {
      const cand = new Float64Array(p)
      for (let u = 0; u < a; u++) cand[A[u]] = wa[u]
      const r = residual(P, cand)
      for (let u = 0; u < a; u++) e[u] = dot(cols, A[u] * n, r, 0, n) - t * sgn[u]
    }
    choleskySolve(L, a, e)
    for (let u = 0; u < a; u++) wa[u] += e[u]
    // Ratio test: the largest step toward wa that keeps every sign.
    let step = 1
    let hit = -1
    for (let u = 0; u < a; u++) {
      if (Math.sign(wa[u]) !== sgn[u]) {
        const wu = w[A[u]]
        const tau = wu / (wu - wa[u])
        if (tau < step) {
          step = tau
          hit = u
        }
      }
    }
    if (hit < 0) {
      for (let u = 0; u < a; u++) w[A[u]] = wa[u]
      break
    }
    for (let u = 0; u < a; u++) {
      const v = w[A[u]] + step * (wa[u] - w[A[u]])
      // Rounding must not flip a sign the step was chosen to keep.
      w[A[u]] = Math.sign(v) === sgn[u] ? v : 0
    }
    w[A[hit]] = 0
  }
  gradient(P, w, g, state)
  return kktResidual(g, w, lambda, lambda)
}

function toFit(P: Problem, w: Float64Array, iterations: number, kktViolation: number): LassoFit {
  const coef = new Array<number>(w.length)
  for (let j = 0; j < w.length; j++) coef[j] = w[j] + 0
  return { coef, intercept: interceptFor(P, w), iterations, kktViolation }
}

/** λ = 0 is OLS (unique only when X̃ᵀX̃ is nonsingular); its KKT residual is reported relative to λ_max. */
function fitAtZero(P: Problem, X: Matrix, y: readonly number[]): LassoFit {
  const fit = ridge(X, y, 0)
  const w = Float64Array.from(fit.coef)
  const g = new Float64Array(P.p)
  fullGradient(P, w, g)
  return { ...fit, iterations: 0, kktViolation: kktResidual(g, w, 0, P.lambdaMax) }
}

function checkWarmStart(ws: readonly number[] | undefined, p: number): Float64Array {
  if (ws === undefined) return new Float64Array(p)
  if (!Array.isArray(ws) || ws.length !== p) throw new SolverInputError(`warmStart must have one value per feature (${p}).`)
  checkFiniteVector(ws, 'warmStart')
  return Float64Array.from(ws)
}

/**
 * Lasso: minimizes ||y − Xw − b||²₂ + λ||w||₁ over w and b (λ convention: penalty λ|w_j|, not 2λ; the
 * intercept b is not penalized; features are not standardized). X is n × p with rows as samples.
 * scikit-learn's Lasso(alpha) is this problem with λ = 2n·alpha.
 *
 * Returns coef (exact zeros, never −0, for inactive features), intercept b = ȳ − x̄ᵀw, the sweeps used and
 * kktViolation: max over j of the KKT residual of g_j = 2·x̃_jᵀ(ỹ − X̃w) (g_j = λ·sign(w_j) if w_j ≠ 0,
 * |g_j| ≤ λ otherwise) divided by λ. Stops on the KKT residual (opts.tol, default 1e-9) or on the duality
 * gap (opts.gapTol), never on a fixed iteration count; throws ConvergenceError if maxIter sweeps are not enough.
 *
 * λ ≥ lassoLambdaMax(X, y) gives w = 0 exactly. p > n is supported for λ > 0 (the solution may then not be
 * unique; this returns one). λ = 0 is OLS and throws UndefinedFitError when X̃ᵀX̃ is singular. A constant
 * feature gets coefficient 0. Throws SolverInputError on empty, ragged or non-finite input or a negative λ.
 */
export function lasso(X: Matrix, y: readonly number[], lambda: number, opts?: LassoOptions): LassoFit {
  checkLambda(lambda)
  const s = settingsFrom(opts)
  const P = prepare(X, y, opts?.gram)
  const w = checkWarmStart(opts?.warmStart, P.p)
  if (lambda === 0) return fitAtZero(P, X, y)
  const g = new Float64Array(P.p)
  const { iterations, violation } = solveOne(P, lambda, w, g, lambda, s)
  return toFit(P, w, iterations, violation)
}

/**
 * λ_max = max_j |2·x̃_jᵀỹ|: the smallest λ at which every lasso coefficient is exactly 0
 * (loss ||y − Xw − b||² + λ||w||₁, centered data). In scikit-learn's terms α_max = λ_max/(2n).
 * Throws SolverInputError on invalid input.
 */
export function lassoLambdaMax(X: Matrix, y: readonly number[]): number {
  return prepare(X, y, false).lambdaMax
}

export interface LassoPath {
  lambdas: number[]
  /** coefs[k] is w at lambdas[k]. */
  coefs: number[][]
  intercepts: number[]
  /** Sweeps used at each λ. */
  iterations: number[]
  /** Final KKT violation relative to λ at each λ. */
  kktViolations: number[]
}

/**
 * The lasso (loss ||y − Xw − b||²₂ + λ||w||₁, intercept not penalized) at each λ in `lambdas`, in the order
 * given: coefs[k] and intercepts[k] solve the problem at lambdas[k], exactly as lasso(X, y, lambdas[k]) would
 * to the same tolerance. Internally the λ are solved from largest to smallest with warm starts and the
 * sequential strong rule (|g_j(λ_prev)| < 2λ − λ_prev screens j out until the KKT check says otherwise).
 * Options as for lasso (except warmStart). Throws SolverInputError on an empty list or a negative λ.
 */
export function lassoPath(X: Matrix, y: readonly number[], lambdas: readonly number[], opts?: LassoOptions): LassoPath {
  if (!Array.isArray(lambdas) || lambdas.length === 0) throw new SolverInputError('lambdas must be a non-empty array.')
  for (let k = 0; k < lambdas.length; k++) checkLambda(lambdas[k], `lambdas[${k}]`)
  const s = settingsFrom(opts)
  const P = prepare(X, y, opts?.gram)
  const order = lambdas.map((_, k) => k).sort((a, b) => lambdas[b] - lambdas[a])
  const K = lambdas.length
  const coefs: number[][] = new Array(K)
  const intercepts: number[] = new Array(K)
  const iterations: number[] = new Array(K)
  const kktViolations: number[] = new Array(K)
  const w = new Float64Array(P.p)
  const g = new Float64Array(P.p)
  let prevLambda = P.lambdaMax
  let gradientReady = false
  for (const k of order) {
    const lambda = lambdas[k]
    let fit: LassoFit
    if (lambda === 0) {
      fit = fitAtZero(P, X, y)
    } else {
      const screen = Math.min(lambda, 2 * lambda - prevLambda)
      const { iterations: it, violation } = solveOne(P, lambda, w, g, screen, s, gradientReady)
      gradientReady = true
      fit = toFit(P, w, it, violation)
      prevLambda = lambda
    }
    coefs[k] = fit.coef
    intercepts[k] = fit.intercept
    iterations[k] = fit.iterations
    kktViolations[k] = fit.kktViolation
  }
  return { lambdas: [...lambdas], coefs, intercepts, iterations, kktViolations }
}

export interface LassoKkt {
  /** g_j = 2·x̃_jᵀ(ỹ − X̃w), the negative gradient of the squared loss at w (intercept profiled out). */
  gradient: number[]
  /** Per coordinate: |g_j − λ·sign(w_j)| if w_j ≠ 0, else max(|g_j| − λ, 0). */
  violations: number[]
  /** max violation / λ (absolute when λ = 0). */
  maxViolation: number
}

/**
 * The lasso optimality (KKT) conditions at a given w, loss ||y − Xw − b||² + λ||w||₁ on centered data:
 * 2·x̃_jᵀ(ỹ − X̃w) = λ·sign(w_j) where w_j ≠ 0 and |2·x̃_jᵀ(ỹ − X̃w)| ≤ λ where w_j = 0.
 * w is optimal exactly when every violation is 0. Throws SolverInputError on invalid input.
 */
export function lassoKkt(X: Matrix, y: readonly number[], w: readonly number[], lambda: number): LassoKkt {
  checkLambda(lambda)
  const P = prepare(X, y, false)
  const wv = checkWarmStart(w, P.p)
  const g = new Float64Array(P.p)
  fullGradient(P, wv, g)
  const violations = Array.from(g, (gj, j) => kktResidual([gj], [wv[j]], lambda, 1))
  return { gradient: Array.from(g), violations, maxViolation: kktResidual(g, wv, lambda, lambda > 0 ? lambda : 1) }
}

/**
 * One exact coordinate-descent update of the lasso (loss ||y − Xw − b||² + λ||w||₁, intercept handled by
 * centering): returns a copy of w with w_j replaced by its exact minimizer with the others fixed,
 * w_j = S(x̃_jᵀ r_{−j}, λ/2) / ||x̃_j||², where r_{−j} = ỹ − Σ_{k≠j} x̃_k w_k and S is soft thresholding.
 * A constant feature (||x̃_j|| = 0) gets 0. Throws SolverInputError on invalid input or j out of range.
 */
export function coordinateDescentStep(X: Matrix, y: readonly number[], w: readonly number[], j: number, lambda: number): number[] {
  checkLambda(lambda)
  const P = prepare(X, y, false)
  const wv = checkWarmStart(w, P.p)
  if (!Number.isInteger(j) || j < 0 || j >= P.p) throw new SolverInputError(`j must be a feature index in 0..${P.p - 1}, got ${j}.`)
  const r = residual(P, wv)
  const d = P.diag[j]
  wv[j] = d > 0 ? shrink(dot(P.cols, j * P.n, r, 0, P.n) + d * wv[j], lambda / 2, d) : 0
  return Array.from(wv, (v) => v + 0)
}

/**
 * The lasso loss ||y − Xw − b||²₂ + λ||w||₁ at given w and b (λ convention). Evaluated in centered form,
 * y_i − x_iᵀw − b = (ỹ_i − x̃_iᵀw) − (b − ȳ + x̄ᵀw), so a large offset in x (x ≈ 10⁶) costs no digits.
 */
export function lassoObjective(X: Matrix, y: readonly number[], w: readonly number[], intercept: number, lambda: number): number {
  checkLambda(lambda)
  const P = prepare(X, y, false)
  const wv = checkWarmStart(w, P.p)
  if (!Number.isFinite(intercept)) throw new SolverInputError(`The intercept must be a finite number, got ${String(intercept)}.`)
  const r = residual(P, wv)
  const shift = intercept - interceptFor(P, wv)
  let rss = 0
  for (let i = 0; i < P.n; i++) rss += (r[i] - shift) ** 2
  let l1 = 0
  for (let j = 0; j < P.p; j++) l1 += Math.abs(wv[j])
  return rss + lambda * l1
}
