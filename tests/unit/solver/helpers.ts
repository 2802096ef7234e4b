/** Test data and independent reference computations (plain loops, no solver code). */

export type Matrix = number[][]

/** A small deterministic generator (mulberry32) so datasets are reproducible from one integer seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface DataOptions {
  /** Correlation between neighbouring features, 0..1. */
  rho?: number
  /** Offset added to every x (e.g. 1e6) and the spread of x around it. */
  offset?: number
  scale?: number
  /** Number of features that enter y. */
  k?: number
  noise?: number
}

export function makeData(n: number, p: number, seed: number, o: DataOptions = {}): { X: Matrix; y: number[] } {
  const u = prng(seed)
  const gauss = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u())
  const rho = o.rho ?? 0
  const X: Matrix = []
  for (let i = 0; i < n; i++) {
    const row: number[] = []
    let prev = gauss()
    for (let j = 0; j < p; j++) {
      const z = j === 0 ? prev : rho * prev + Math.sqrt(1 - rho * rho) * gauss()
      prev = z
      row.push(z)
    }
    X.push(row)
  }
  const k = Math.min(o.k ?? 5, p)
  const beta = Array.from({ length: p }, (_, j) => (j < k ? (j % 2 ? -1 : 1) * (1 + j) : 0))
  const y = X.map((row) => row.reduce((s, v, j) => s + v * beta[j], 0) + (o.noise ?? 0.5) * gauss())
  const scale = o.scale ?? 1
  const offset = o.offset ?? 0
  return { X: X.map((row) => row.map((v) => offset + scale * v)), y }
}

/** Centered copies, with plain two-pass means. */
export function center(X: Matrix, y: number[]) {
  const n = X.length
  const p = X[0].length
  const xm = Array.from({ length: p }, (_, j) => X.reduce((s, r) => s + r[j], 0) / n)
  const ym = y.reduce((s, v) => s + v, 0) / n
  return { Xc: X.map((r) => r.map((v, j) => v - xm[j])), yc: y.map((v) => v - ym), xm, ym }
}

/** g_j = 2·x̃_jᵀ(ỹ − X̃w). */
export function gradient(X: Matrix, y: number[], w: number[]): number[] {
  const { Xc, yc } = center(X, y)
  const r = yc.map((v, i) => v - Xc[i].reduce((s, x, j) => s + x * w[j], 0))
  return w.map((_, j) => 2 * Xc.reduce((s, row, i) => s + row[j] * r[i], 0))
}

/** Max lasso KKT violation relative to λ, computed independently. */
export function kktViolation(X: Matrix, y: number[], w: number[], lambda: number): number {
  const g = gradient(X, y, w)
  let worst = 0
  g.forEach((gj, j) => {
    const v = w[j] > 0 ? Math.abs(gj - lambda) : w[j] < 0 ? Math.abs(gj + lambda) : Math.max(Math.abs(gj) - lambda, 0)
    worst = Math.max(worst, v)
  })
  return worst / lambda
}

/**
 * Duality gap of ½||ỹ − X̃w||² + (λ/2)||w||₁ at w with the dual point k·r, k = min(1, (λ/2)/max_j|x̃_jᵀr|)
 * (scikit-learn's stopping test), computed independently from a fresh residual.
 */
export function dualityGap(X: Matrix, y: number[], w: number[], lambda: number): number {
  const { Xc, yc } = center(X, y)
  const r = yc.map((v, i) => v - Xc[i].reduce((s, x, j) => s + x * w[j], 0))
  const t = lambda / 2
  const dualNorm = w.reduce((m, _, j) => Math.max(m, Math.abs(Xc.reduce((s, row, i) => s + row[j] * r[i], 0))), 0)
  const k = dualNorm > t ? t / dualNorm : 1
  const rr = r.reduce((s, v) => s + v * v, 0)
  const ry = r.reduce((s, v, i) => s + v * yc[i], 0)
  const l1 = w.reduce((s, v) => s + Math.abs(v), 0)
  return 0.5 * rr * (1 + k * k) + t * l1 - k * ry
}

export function maxAbs(v: number[]): number {
  return v.reduce((m, x) => Math.max(m, Math.abs(x)), 0)
}

/** max |a − b| / max(|b|∞, floor). */
export function relDiff(a: number[], b: number[], floor = 1e-300): number {
  return maxAbs(a.map((v, i) => v - b[i])) / Math.max(maxAbs(b), floor)
}
