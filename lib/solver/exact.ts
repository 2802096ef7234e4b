/**
 * Exact rational arithmetic for the 1-D closed forms. Every finite double is a rational m·2^e, so the
 * centered sums, slopes and intercepts of 1-D data have exact rational values; we compute them with BigInt
 * and round once. Results are therefore correctly rounded (round to nearest, ties to even), and the lasso's
 * zero test |S_xy| ≤ λ/2 is decided exactly.
 *
 * Cost is O(n) BigInt operations on numbers of a few hundred bits for ordinary data: microseconds for the
 * dataset sizes a question uses.
 */

/** An exact rational n/d with d > 0 (not necessarily reduced). */
export interface Rational {
  n: bigint
  d: bigint
}

export const rat = (n: bigint, d = 1n): Rational => (d < 0n ? { n: -n, d: -d } : { n, d })
export const ratAdd = (a: Rational, b: Rational): Rational =>
  a.d === b.d ? { n: a.n + b.n, d: a.d } : { n: a.n * b.d + b.n * a.d, d: a.d * b.d }
export const ratNeg = (a: Rational): Rational => ({ n: -a.n, d: a.d })
export const ratSub = (a: Rational, b: Rational): Rational => ratAdd(a, ratNeg(b))
export const ratMul = (a: Rational, b: Rational): Rational => ({ n: a.n * b.n, d: a.d * b.d })
export const ratDiv = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n)
export const ratSign = (a: Rational): number => (a.n > 0n ? 1 : a.n < 0n ? -1 : 0)
export const ratAbs = (a: Rational): Rational => (a.n < 0n ? ratNeg(a) : a)

/** v·2^k as a rational. */
export function ratPow2(v: bigint, k: number): Rational {
  return k >= 0 ? { n: v << BigInt(k), d: 1n } : { n: v, d: 1n << BigInt(-k) }
}

const view = new DataView(new ArrayBuffer(8))

/** A finite double as an integer mantissa and a binary exponent: x = mant·2^exp exactly. */
export function decompose(x: number): { mant: bigint; exp: number } {
  if (x === 0) return { mant: 0n, exp: 0 }
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const negative = bits >> 63n === 1n
  const expBits = Number((bits >> 52n) & 0x7ffn)
  const frac = bits & 0xfffffffffffffn
  const mant = expBits === 0 ? frac : frac | 0x10000000000000n
  const exp = (expBits === 0 ? 1 : expBits) - 1075
  return { mant: negative ? -mant : mant, exp }
}

export function ratFromDouble(x: number): Rational {
  const { mant, exp } = decompose(x)
  return ratPow2(mant, exp)
}

/** Doubles on one fixed-point grid: v_i = ints[i]·2^exp exactly. */
export function toFixedPoint(values: readonly number[]): { ints: bigint[]; exp: number } {
  const parts = values.map(decompose)
  let exp = Number.POSITIVE_INFINITY
  for (const p of parts) if (p.mant !== 0n && p.exp < exp) exp = p.exp
  if (exp === Number.POSITIVE_INFINITY) exp = 0
  return { ints: parts.map((p) => p.mant << BigInt(p.exp - exp)), exp }
}

const bitLength = (v: bigint): number => (v === 0n ? 0 : v.toString(2).length)

/** 2^k as a double, for any k that keeps m·2^k representable (split so no intermediate under/overflows). */
function scaleByPow2(m: number, k: number): number {
  let x = m
  while (k > 1000) {
    x *= 2 ** 1000
    k -= 1000
  }
  while (k < -1000) {
    x *= 2 ** -1000
    k += 1000
  }
  return x * 2 ** k
}

/**
 * The double nearest a (ties to even), or with mode 'ceil' the smallest double ≥ a.
 * Handles subnormal results and overflow (to ±Infinity). Never returns −0.
 */
export function ratToDouble(a: Rational, mode: 'nearest' | 'ceil' = 'nearest'): number {
  const sign = ratSign(a)
  if (sign === 0) return 0
  const num = a.n < 0n ? -a.n : a.n
  // Scale so the integer quotient q has 55 or 56 bits, then round q to the 53 bits (fewer if subnormal) kept.
  const s = 55 - (bitLength(num) - bitLength(a.d))
  const top = s >= 0 ? num << BigInt(s) : num
  const bottom = s >= 0 ? a.d : a.d << BigInt(-s)
  const q = top / bottom
  const sticky = top - q * bottom !== 0n
  const qBits = bitLength(q)
  const E = qBits - 1 - s // the value is in [2^E, 2^(E+1))
  const keep = E >= -1022 ? 53 : E + 1075
  const drop = qBits - keep
  let m = q >> BigInt(drop)
  const r = q - (m << BigInt(drop))
  const half = 1n << BigInt(drop - 1)
  const roundsAwayFromZero =
    mode === 'nearest'
      ? r > half || (r === half && (sticky || (m & 1n) === 1n))
      : // 'ceil': up for positive values, toward zero (truncate) for negative ones.
        sign > 0 && (r > 0n || sticky)
  if (roundsAwayFromZero) m += 1n
  const magnitude = scaleByPow2(Number(m), drop - s)
  return sign > 0 ? magnitude : -magnitude + 0
}
