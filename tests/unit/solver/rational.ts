/**
 * Exact rational arithmetic on BigInt, for checking the solver against exact values independently of any
 * floating-point code path. Every finite double is a rational, converted exactly.
 */
export interface Q {
  n: bigint
  d: bigint
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a
  b = b < 0n ? -b : b
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

export function q(n: bigint, d = 1n): Q {
  if (d === 0n) throw new Error('zero denominator')
  if (d < 0n) {
    n = -n
    d = -d
  }
  const g = gcd(n, d)
  return g > 1n ? { n: n / g, d: d / g } : { n, d }
}

const view = new DataView(new ArrayBuffer(8))

/** The exact rational value of a finite double. */
export function fromDouble(x: number): Q {
  if (!Number.isFinite(x)) throw new Error(`not finite: ${x}`)
  if (x === 0) return q(0n)
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const sign = bits >> 63n ? -1n : 1n
  const expBits = Number((bits >> 52n) & 0x7ffn)
  const frac = bits & ((1n << 52n) - 1n)
  const mant = expBits === 0 ? frac : frac | (1n << 52n)
  const e = (expBits === 0 ? 1 : expBits) - 1075
  return e >= 0 ? q(sign * mant * (1n << BigInt(e))) : q(sign * mant, 1n << BigInt(-e))
}

export const add = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d)
export const sub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d)
export const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d)
export const div = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n)
export const neg = (a: Q): Q => ({ n: -a.n, d: a.d })
export const abs = (a: Q): Q => (a.n < 0n ? neg(a) : a)
export const sign = (a: Q): number => (a.n > 0n ? 1 : a.n < 0n ? -1 : 0)
export const cmp = (a: Q, b: Q): number => sign(sub(a, b))
export const sum = (v: Q[]): Q => v.reduce(add, q(0n))

/** A double within a few ulps of a (used only to size tolerances and for messages). */
export function toNumber(a: Q): number {
  const bits = (v: bigint) => (v < 0n ? -v : v).toString(2).length
  const shiftN = Math.max(0, bits(a.n) - 64)
  const shiftD = Math.max(0, bits(a.d) - 64)
  const n = Number(a.n >> BigInt(shiftN))
  const d = Number(a.d >> BigInt(shiftD))
  return (n / d) * 2 ** (shiftN - shiftD)
}

/** ulp(x) for a finite double: the gap between |x| and the next double above it. */
export function ulp(x: number): number {
  x = Math.abs(x)
  if (x === 0) return Number.MIN_VALUE
  const e = Math.floor(Math.log2(x))
  // log2 can be off by one near powers of two; fix up exactly.
  let p = 2 ** e
  if (p > x) p /= 2
  if (p * 2 <= x) p *= 2
  return Math.max(p * Number.EPSILON, Number.MIN_VALUE)
}

/** Exact centered sums of 1-D data. */
export function exactSummary(x: number[], y: number[]) {
  const n = q(BigInt(x.length))
  const X = x.map(fromDouble)
  const Y = y.map(fromDouble)
  const xMean = div(sum(X), n)
  const yMean = div(sum(Y), n)
  const dx = X.map((v) => sub(v, xMean))
  const dy = Y.map((v) => sub(v, yMean))
  const Sxx = sum(dx.map((v) => mul(v, v)))
  const Sxy = sum(dx.map((v, i) => mul(v, dy[i])))
  const Syy = sum(dy.map((v) => mul(v, v)))
  return { xMean, yMean, Sxx, Sxy, Syy }
}

/** True when c is a double nearest to the exact value e: no neighbouring double is strictly closer. */
export function isCorrectlyRounded(c: number, e: Q, up: (v: number) => number, down: (v: number) => number): boolean {
  const err = abs(sub(fromDouble(c), e))
  return cmp(err, abs(sub(fromDouble(up(c)), e))) <= 0 && cmp(err, abs(sub(fromDouble(down(c)), e))) <= 0
}
