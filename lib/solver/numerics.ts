/**
 * Floating-point building blocks: soft thresholding, Neumaier (compensated) summation and stepping to
 * neighbouring doubles.
 */

/**
 * S(z, t)/d with S(z, t) = sign(z)·max(|z| − t, 0), for t ≥ 0 and d > 0: the exact minimizer over m of
 * d·m² − 2z·m + 2t|m|. Returns 0, never −0, when |z| ≤ t. The one implementation of soft thresholding.
 */
export function shrink(z: number, t: number, d: number): number {
  if (z > t) return (z - t) / d
  if (z < -t) return (z + t) / d
  return 0
}

/** Σ values with Neumaier's compensation: error about ε·Σ|v| instead of n·ε·Σ|v|. */
export function neumaierSum(values: ArrayLike<number>): number {
  let sum = 0
  let c = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    const t = sum + v
    // The rounding error of sum + v, recovered exactly from whichever operand is larger.
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum
    sum = t
  }
  return sum + c
}

const f64 = new Float64Array(1)
const u64 = new BigUint64Array(f64.buffer)

/** The next double above x (x finite). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE
  f64[0] = x
  u64[0] = x > 0 ? u64[0] + 1n : u64[0] - 1n
  return f64[0] + 0
}

/** The next double below x (x finite). */
export function nextDown(x: number): number {
  return -nextUp(-x) + 0
}
