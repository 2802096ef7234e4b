/**
 * Data with real signal, for every template that draws its own data: y = a + Xb + noise, rounded to integers in
 * the y range, with the multiple correlation R of y on the features (|r| with one feature) at least MIN_SIGNAL.
 * Students then never fit a slope to pure noise, and "the coefficient is about 0" is never a safe guess.
 *
 * The guarantee is hard: a draw is kept only when R ≥ MIN_SIGNAL, and after SIGNAL_TRIES failed draws the
 * generator throws (the self-test, lib/questions/selftest.ts, checks R on every variant). An instructor's
 * dataset (lib/questions/data.ts) is not drawn here: its rows keep whatever correlation they have.
 */
import type { Rng } from '@/lib/random'

/** The smallest multiple correlation R (|r| with one feature) of drawn data. */
export const MIN_SIGNAL = 0.5
/** Draws of a generator before it gives up and throws. */
export const SIGNAL_TRIES = 200
/** The target R of a draw is uniform in this range (rounding and clipping move it; draws below MIN_SIGNAL are redrawn). */
const TARGET_R: [number, number] = [0.55, 0.97]

export interface DataRanges {
  nMin: number
  nMax: number
  xMin: number
  xMax: number
  yMin: number
  yMax: number
}

/** A standard normal draw (Box–Muller), from the Rng only. */
export function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float())
}

/**
 * The multiple correlation R of y on the columns of X with an intercept: R² = 1 − RSS/S_yy of the least-squares
 * fit, the explained share of S_yy. Computed by Gram–Schmidt on the centered columns, dropping a column that
 * is constant or a combination of earlier ones. 0 when y is constant. With one feature, R = |r|.
 */
export function multipleCorrelation(X: readonly (readonly number[])[], y: readonly number[]): number {
  const n = y.length
  const p = X[0]?.length ?? 0
  const mean = (v: readonly number[]) => v.reduce((s, t) => s + t, 0) / n
  const yMean = mean(y)
  const yc = y.map((t) => t - yMean)
  const Syy = yc.reduce((s, t) => s + t * t, 0)
  if (!(Syy > 0)) return 0
  const basis: number[][] = []
  let explained = 0
  for (let j = 0; j < p; j++) {
    const col = X.map((row) => row[j])
    const cm = mean(col)
    const q = col.map((t) => t - cm)
    const size = q.reduce((s, t) => s + t * t, 0)
    for (const e of basis) {
      const dot = q.reduce((s, t, i) => s + t * e[i], 0)
      for (let i = 0; i < n; i++) q[i] -= dot * e[i]
    }
    const rest = q.reduce((s, t) => s + t * t, 0)
    if (!(rest > 1e-9 * size)) continue
    const e = q.map((t) => t / Math.sqrt(rest))
    basis.push(e)
    explained += e.reduce((s, t, i) => s + t * yc[i], 0) ** 2
  }
  return Math.sqrt(Math.min(1, explained / Syy))
}

/** R ≥ MIN_SIGNAL. */
export const hasSignal = (X: readonly (readonly number[])[], y: readonly number[]): boolean => multipleCorrelation(X, y) >= MIN_SIGNAL

/**
 * One draw of y for the rows of X: y = a + Xb + σ·z rounded and clipped into [yMin, yMax]. Each b_j has a random
 * sign and a size that keeps the line's rise over the x range within the y range (some b_j are 0 when there are
 * several features); a puts the middle of the
 * x range at the middle of the y range; σ is scaled for a target R (R² = var(Xb)/(var(Xb) + σ²)).
 */
function responseDraw(rng: Rng, X: readonly (readonly number[])[], xMin: number, xMax: number, yMin: number, yMax: number): number[] {
  const p = X[0].length
  const b = Array.from({ length: p }, () => (rng.chance(0.5) ? 1 : -1) * (0.35 + 0.55 * rng.float()) * ((yMax - yMin) / (xMax - xMin)))
  // With several features, 0 to p − 1 of them carry no signal (a sparse truth, as the lasso assumes); the others
  // share the y range.
  if (p > 1) for (const j of rng.shuffle(b.map((_, k) => k)).slice(0, rng.int(0, p - 1))) b[j] = 0
  const active = b.filter((bj) => bj !== 0).length
  for (let j = 0; j < p; j++) b[j] /= active
  const a = (yMin + yMax) / 2 - b.reduce((s, bj) => s + bj * ((xMin + xMax) / 2), 0)
  const R = TARGET_R[0] + (TARGET_R[1] - TARGET_R[0]) * rng.float()
  const eta = X.map((row) => row.reduce((s, xj, j) => s + b[j] * xj, 0))
  const etaMean = eta.reduce((s, t) => s + t, 0) / eta.length
  const sdEta = Math.sqrt(eta.reduce((s, t) => s + (t - etaMean) ** 2, 0) / eta.length)
  const sigma = sdEta * Math.sqrt(1 / (R * R) - 1)
  return eta.map((t) => Math.min(yMax, Math.max(yMin, Math.round(a + t + sigma * normal(rng)))))
}

function noSignal(what: string): Error {
  return new Error(`could not draw ${what} with real signal (R ≥ ${MIN_SIGNAL}) in ${SIGNAL_TRIES} tries: widen the ranges`)
}

/**
 * n rows of p integer features uniform in [xMin, xMax] (n uniform in [nMin, nMax]) and an integer response
 * from `responseDraw`, redrawn until R ≥ MIN_SIGNAL; throws after SIGNAL_TRIES draws.
 */
export function drawSignalData(rng: Rng, r: DataRanges, p: number): { X: number[][]; y: number[] } {
  for (let k = 0; k < SIGNAL_TRIES; k++) {
    const n = rng.int(r.nMin, r.nMax)
    const X = Array.from({ length: n }, () => Array.from({ length: p }, () => rng.int(r.xMin, r.xMax)))
    const y = responseDraw(rng, X, r.xMin, r.xMax, r.yMin, r.yMax)
    if (hasSignal(X, y)) return { X, y }
  }
  throw noSignal(`${p === 1 ? 'one feature' : `${p} features`} and a response`)
}

/**
 * An integer response in [yMin, yMax] for a given design X (rows are samples), redrawn until R ≥ MIN_SIGNAL;
 * throws after SIGNAL_TRIES draws (always, when no column of X varies).
 */
export function drawSignalResponse(rng: Rng, X: readonly (readonly number[])[], yMin: number, yMax: number): number[] {
  const cols = X[0].map((_, j) => X.map((row) => row[j]))
  const xMin = Math.min(...cols.flat())
  const xMax = Math.max(...cols.flat())
  if (xMax > xMin) {
    for (let k = 0; k < SIGNAL_TRIES; k++) {
      const y = responseDraw(rng, X, xMin, xMax, yMin, yMax)
      if (hasSignal(X, y)) return y
    }
  }
  throw noSignal('a response for this design')
}
