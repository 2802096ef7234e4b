import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rat, ratFromDouble, ratToDouble } from '../../../lib/solver/exact'
import { neumaierSum, nextDown, nextUp } from '../../../lib/solver/numerics'
import { cmp, fromDouble, isCorrectlyRounded, q } from './rational'

describe('rational → double rounding', () => {
  it('round-trips every finite double, subnormals included', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(ratToDouble(ratFromDouble(v))).toBe(v + 0)
      }),
      { numRuns: 2000 },
    )
    expect(ratToDouble(ratFromDouble(Number.MIN_VALUE))).toBe(Number.MIN_VALUE)
    expect(ratToDouble(ratFromDouble(-Number.MAX_VALUE))).toBe(-Number.MAX_VALUE)
  })
  it('rounds p/q to nearest, and ceil gives the smallest double ≥ p/q', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 200n), max: 1n << 200n }), fc.bigInt({ min: 1n, max: 1n << 120n }), (p, d) => {
        const e = q(p, d)
        const near = ratToDouble(rat(p, d))
        expect(isCorrectlyRounded(near, e, nextUp, nextDown)).toBe(true)
        const up = ratToDouble(rat(p, d), 'ceil')
        expect(cmp(fromDouble(up), e)).toBeGreaterThanOrEqual(0)
        expect(cmp(fromDouble(nextDown(up)), e)).toBeLessThan(0)
      }),
      { numRuns: 1000 },
    )
  })
  it('handles ties to even, underflow and overflow', () => {
    expect(ratToDouble(rat((1n << 53n) + 1n))).toBe(2 ** 53) // tie, even mantissa kept
    expect(ratToDouble(rat((1n << 53n) + 3n))).toBe(2 ** 53 + 4) // tie, rounds to even
    expect(ratToDouble(rat(1n, 1n << 1076n))).toBe(0) // below half of the smallest subnormal
    expect(ratToDouble(rat(3n, 1n << 1076n))).toBe(Number.MIN_VALUE)
    expect(ratToDouble(rat(1n, 1n << 1076n), 'ceil')).toBe(Number.MIN_VALUE)
    expect(ratToDouble(rat(1n << 1024n))).toBe(Number.POSITIVE_INFINITY)
    expect(Object.is(ratToDouble(rat(-1n, 1n << 1100n)), 0)).toBe(true)
  })
})

describe('neumaierSum', () => {
  it('recovers sums that naive summation loses', () => {
    expect(neumaierSum([1, 1e100, 1, -1e100])).toBe(2)
    expect(neumaierSum(new Array(10).fill(0.1))).toBe(1)
  })
  it('is within one ulp of the exact sum of doubles', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (v) => {
        const exact = v.map(fromDouble).reduce((a, b) => q(a.n * b.d + b.n * a.d, a.d * b.d))
        const s = neumaierSum(v)
        const err = Math.abs(s - ratToDouble(rat(exact.n, exact.d)))
        expect(err).toBeLessThanOrEqual(Math.abs(s) * Number.EPSILON + 1e-300)
      }),
      { numRuns: 300 },
    )
  })
})
