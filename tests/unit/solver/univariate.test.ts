import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  convertLambda,
  lambdaFromSklearnAlpha,
  lasso1d,
  lassoLambdaStar1d,
  ols1d,
  ridge1d,
  SolverInputError,
  sklearnAlphaFromLambda,
  softThreshold,
  summarize1d,
  UndefinedFitError,
} from '../../../lib/solver'
import { nextDown, nextUp } from '../../../lib/solver/numerics'
import { abs, add, cmp, div, exactSummary, fromDouble, isCorrectlyRounded, mul, type Q, q, sign, sub } from './rational'

const rounded = (c: number, e: Q) => isCorrectlyRounded(c, e, nextUp, nextDown)

// Hand-worked example: x = 1..4, y = 2, 4, 5, 8.
// x̄ = 5/2, ȳ = 19/4, centered x = (−3/2, −1/2, 1/2, 3/2), centered y = (−11/4, −3/4, 1/4, 13/4)
// S_xx = 5, S_xy = (33 + 3 + 1 + 39)/8 = 19/2, S_yy = (121 + 9 + 1 + 169)/16 = 75/4.
const hx = [1, 2, 3, 4]
const hy = [2, 4, 5, 8]

describe('1-D closed forms on a hand-worked example', () => {
  it('summarize1d gives the centered sums', () => {
    expect(summarize1d(hx, hy)).toEqual({ n: 4, xMean: 2.5, yMean: 4.75, Sxx: 5, Sxy: 9.5, Syy: 18.75 })
  })
  it('OLS: m = 19/10, b = 19/4 − (19/10)(5/2) = 0', () => {
    expect(ols1d(hx, hy)).toEqual({ slope: 1.9, intercept: 0 })
  })
  it('ridge λ = 5: m = (19/2)/10 = 0.95, b = 19/4 − 0.95·5/2 = 2.375', () => {
    expect(ridge1d(hx, hy, 5)).toEqual({ slope: 0.95, intercept: 2.375 })
  })
  it('lasso λ = 4: m = (19/2 − 2)/5 = 1.5, b = 19/4 − 15/4 = 1; the same line is λ = 2 in the 2λ convention', () => {
    expect(lasso1d(hx, hy, 4)).toEqual({ slope: 1.5, intercept: 1 })
    expect(lasso1d(hx, hy, 2, 'two-lambda')).toEqual({ slope: 1.5, intercept: 1 })
  })
  it('λ* = 2|S_xy| = 19 (λ convention), |S_xy| = 9.5 (2λ convention)', () => {
    expect(lassoLambdaStar1d(hx, hy)).toBe(19)
    expect(lassoLambdaStar1d(hx, hy, 'two-lambda')).toBe(9.5)
    expect(lasso1d(hx, hy, 19)).toEqual({ slope: 0, intercept: 4.75 })
    expect(lasso1d(hx, hy, 18).slope).toBeCloseTo(0.1, 15) // (9.5 − 9)/5
  })
  it('a negative S_xy in the zero regime gives +0, not −0', () => {
    const r = lasso1d(hx, [8, 5, 4, 2], 100)
    expect(Object.is(r.slope, 0)).toBe(true)
    expect(Object.is(softThreshold(-1, 2), 0)).toBe(true)
  })
})

describe('softThreshold', () => {
  it('is sign(z)·max(|z| − t, 0)', () => {
    expect(softThreshold(5, 2)).toBe(3)
    expect(softThreshold(-5, 2)).toBe(-3)
    expect(softThreshold(2, 2)).toBe(0)
    expect(softThreshold(-2, 2)).toBe(0)
    expect(softThreshold(0, 0)).toBe(0)
    expect(() => softThreshold(1, -1)).toThrow(SolverInputError)
  })
})

describe('degenerate and invalid input', () => {
  const cx = [3, 3, 3]
  const cy = [1, 2, 6]
  it('OLS with S_xx = 0 throws UndefinedFitError with a clear message', () => {
    expect(() => ols1d(cx, cy)).toThrow(UndefinedFitError)
    expect(() => ols1d(cx, cy)).toThrow(/S_xx = 0/)
    expect(() => ols1d([1], [2])).toThrow(UndefinedFitError)
  })
  it('ridge and lasso with S_xx = 0 and λ > 0 give slope 0 and intercept ȳ', () => {
    expect(ridge1d(cx, cy, 1)).toEqual({ slope: 0, intercept: 3 })
    expect(lasso1d(cx, cy, 1)).toEqual({ slope: 0, intercept: 3 })
    expect(lasso1d(cx, cy, 1, 'two-lambda')).toEqual({ slope: 0, intercept: 3 })
    expect(lassoLambdaStar1d(cx, cy)).toBe(0)
  })
  it('ridge and lasso with S_xx = 0 and λ = 0 are OLS and throw', () => {
    expect(() => ridge1d(cx, cy, 0)).toThrow(UndefinedFitError)
    expect(() => lasso1d(cx, cy, 0)).toThrow(UndefinedFitError)
  })
  it('λ = 0 is OLS', () => {
    expect(ridge1d(hx, hy, 0)).toEqual(ols1d(hx, hy))
    expect(lasso1d(hx, hy, 0)).toEqual(ols1d(hx, hy))
  })
  it('bad data and bad λ throw SolverInputError', () => {
    const fns = [
      () => summarize1d([], []),
      () => ols1d([1, 2], [1]),
      () => ols1d([1, Number.NaN], [1, 2]),
      () => ridge1d([1, 2], [1, Number.POSITIVE_INFINITY], 1),
      () => ridge1d(hx, hy, -1),
      () => lasso1d(hx, hy, Number.NaN),
      () => lasso1d(hx, hy, Number.POSITIVE_INFINITY),
      // @ts-expect-error an unknown convention is rejected at run time too
      () => lasso1d(hx, hy, 1, 'half'),
    ]
    for (const f of fns) expect(f).toThrow(SolverInputError)
    expect(() => ols1d([1, Number.NaN], [1, 2])).toThrow(/x\[1\] is NaN/)
    expect(() => ridge1d(hx, hy, -1)).toThrow(/≥ 0/)
  })
})

// Data generators: small integers, general doubles, and x ≈ 10⁶ with a small spread.
const intData = fc.integer({ min: 2, max: 25 }).chain((n) =>
  fc.tuple(
    fc.array(fc.integer({ min: -50, max: 50 }), { minLength: n, maxLength: n }),
    fc.array(fc.integer({ min: -50, max: 50 }), { minLength: n, maxLength: n }),
  ),
)
// Magnitudes below 10⁻⁶ are flushed to 0: subnormal data is not what the platform grades, and its exact
// rationals have 1000-bit denominators that make the reference arithmetic slow.
const dbl = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (Math.abs(v) < 1e-6 ? 0 : v))
const floatData = fc.integer({ min: 2, max: 25 }).chain((n) =>
  fc.tuple(fc.array(dbl(-1e3, 1e3), { minLength: n, maxLength: n }), fc.array(dbl(-1e3, 1e3), { minLength: n, maxLength: n })),
)
const bigOffsetData = fc.integer({ min: 2, max: 25 }).chain((n) =>
  fc.tuple(
    fc.array(fc.integer({ min: -1000, max: 1000 }).map((k) => 1e6 + k * 1e-3), { minLength: n, maxLength: n }),
    fc.array(dbl(-10, 10), { minLength: n, maxLength: n }),
  ),
)
const anyData = fc.oneof(intData, floatData, bigOffsetData).filter(([x]) => x.some((v) => v !== x[0]))
const lambdaArb = fc.oneof(fc.integer({ min: 0, max: 5000 }), dbl(0, 1e6))

/** Exact slope num/den and intercept b = ȳ − m·x̄. */
function exactLine(s: ReturnType<typeof exactSummary>, num: Q, den: Q) {
  const m = div(num, den)
  return { m, b: sub(s.yMean, mul(m, s.xMean)) }
}

describe('1-D results against exact rational arithmetic', { timeout: 60_000 }, () => {
  it('summarize1d is the exact centered sums, correctly rounded', () => {
    fc.assert(
      fc.property(anyData, ([x, y]) => {
        const s = summarize1d(x, y)
        const e = exactSummary(x, y)
        expect(rounded(s.xMean, e.xMean)).toBe(true)
        expect(rounded(s.yMean, e.yMean)).toBe(true)
        expect(rounded(s.Sxx, e.Sxx)).toBe(true)
        expect(rounded(s.Sxy, e.Sxy)).toBe(true)
        expect(rounded(s.Syy, e.Syy)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
  it('OLS, ridge and lasso (both conventions) are the exact rationals, correctly rounded', () => {
    fc.assert(
      fc.property(anyData, lambdaArb, fc.constantFrom('lambda' as const, 'two-lambda' as const), ([x, y], lambda, conv) => {
        const e = exactSummary(x, y)
        const ols = exactLine(e, e.Sxy, e.Sxx)
        const o = ols1d(x, y)
        expect(rounded(o.slope, ols.m)).toBe(true)
        expect(rounded(o.intercept, ols.b)).toBe(true)

        const L = fromDouble(lambda)
        const ridge = exactLine(e, e.Sxy, add(e.Sxx, L))
        const r = ridge1d(x, y, lambda)
        expect(rounded(r.slope, ridge.m)).toBe(true)
        expect(rounded(r.intercept, ridge.b)).toBe(true)

        const t = conv === 'lambda' ? div(L, q(2n)) : L
        const shrunk = sub(abs(e.Sxy), t)
        const num = sign(shrunk) > 0 ? mul(q(BigInt(sign(e.Sxy))), shrunk) : q(0n)
        const lasso = exactLine(e, num, e.Sxx)
        const l = lasso1d(x, y, lambda, conv)
        expect(rounded(l.slope, lasso.m)).toBe(true)
        expect(rounded(l.intercept, lasso.b)).toBe(true)
        if (sign(num) === 0) expect(Object.is(l.slope, 0)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})

describe('1-D lasso properties', { timeout: 60_000 }, () => {
  it('the slope is soft thresholding of the OLS numerator: S(S_xy, λ/2)/S_xx', () => {
    fc.assert(
      fc.property(anyData, lambdaArb, ([x, y], lambda) => {
        const s = summarize1d(x, y)
        const expected = softThreshold(s.Sxy, lambda / 2) / s.Sxx
        const got = lasso1d(x, y, lambda).slope
        // The rounded S_xy is off by half an ulp, which the subtraction can expose: bound that absolutely.
        const tol = (4 * Number.EPSILON * (Math.abs(s.Sxy) + lambda / 2)) / s.Sxx
        expect(Math.abs(got - expected)).toBeLessThanOrEqual(tol)
      }),
      { numRuns: 300 },
    )
  })
  it('never changes sign as λ grows, shrinks monotonically, and is exactly 0 from λ* on', () => {
    fc.assert(
      fc.property(anyData, fc.array(lambdaArb, { minLength: 2, maxLength: 20 }), ([x, y], lambdas) => {
        const sxy = Math.sign(summarize1d(x, y).Sxy)
        const star = lassoLambdaStar1d(x, y)
        let prev = Number.POSITIVE_INFINITY
        for (const lambda of [...lambdas].sort((a, b) => a - b)) {
          const m = lasso1d(x, y, lambda).slope
          expect(Math.sign(m) === sxy || Object.is(m, 0)).toBe(true)
          expect(Math.abs(m)).toBeLessThanOrEqual(prev)
          prev = Math.abs(m)
          if (lambda >= star) expect(Object.is(m, 0)).toBe(true)
          else expect(Math.sign(m)).toBe(sxy)
        }
      }),
      { numRuns: 200 },
    )
  })
  it('λ* is the smallest double with slope 0: exactly 0 at λ* and beyond, nonzero with the sign of S_xy just below', () => {
    fc.assert(
      fc.property(anyData, fc.constantFrom('lambda' as const, 'two-lambda' as const), ([x, y], conv) => {
        const e = exactSummary(x, y)
        const star = lassoLambdaStar1d(x, y, conv)
        const factor = conv === 'lambda' ? q(2n) : q(1n)
        // Exactly: λ*/factor ≥ |S_xy| > (prev double)/factor.
        expect(cmp(div(fromDouble(star), factor), abs(e.Sxy))).toBeGreaterThanOrEqual(0)
        if (sign(e.Sxy) === 0) {
          expect(star).toBe(0)
          return
        }
        expect(cmp(div(fromDouble(nextDown(star)), factor), abs(e.Sxy))).toBeLessThan(0)
        expect(Object.is(lasso1d(x, y, star, conv).slope, 0)).toBe(true)
        expect(Object.is(lasso1d(x, y, nextUp(star), conv).slope, 0)).toBe(true)
        expect(Object.is(lasso1d(x, y, star * 10, conv).slope, 0)).toBe(true)
        expect(Math.sign(lasso1d(x, y, nextDown(star), conv).slope)).toBe(sign(e.Sxy))
      }),
      { numRuns: 300 },
    )
  })
  it('the conventions describe one solution: λ in “λ” equals λ/2 in “2λ”, and scikit-learn α = λ/(2n) maps back', () => {
    fc.assert(
      fc.property(anyData, lambdaArb, ([x, y], lambda) => {
        const a = lasso1d(x, y, lambda, 'lambda')
        expect(lasso1d(x, y, convertLambda(lambda, 'lambda', 'two-lambda'), 'two-lambda')).toEqual(a)
        expect(convertLambda(convertLambda(lambda, 'lambda', 'two-lambda'), 'two-lambda', 'lambda')).toBe(lambda)
        const alpha = sklearnAlphaFromLambda(lambda, x.length)
        const back = lambdaFromSklearnAlpha(alpha, x.length)
        expect(Math.abs(back - lambda)).toBeLessThanOrEqual(2 * Number.EPSILON * lambda)
        expect(lassoLambdaStar1d(x, y, 'lambda')).toBe(2 * lassoLambdaStar1d(x, y, 'two-lambda'))
      }),
      { numRuns: 200 },
    )
  })
})

describe('1-D ridge properties', { timeout: 60_000 }, () => {
  it('the slope is never 0 for finite λ when S_xy ≠ 0, keeps its sign and shrinks as λ grows', () => {
    fc.assert(
      fc.property(anyData, fc.array(dbl(0, 1e12), { minLength: 2, maxLength: 20 }), ([x, y], lambdas) => {
        const e = exactSummary(x, y)
        fc.pre(sign(e.Sxy) !== 0)
        let prev = Number.POSITIVE_INFINITY
        for (const lambda of [...lambdas].sort((a, b) => a - b)) {
          const m = ridge1d(x, y, lambda).slope
          expect(Math.sign(m)).toBe(sign(e.Sxy))
          expect(Math.abs(m)).toBeLessThanOrEqual(prev)
          prev = Math.abs(m)
        }
      }),
      { numRuns: 200 },
    )
  })
  it('satisfies the normal equations: (S_xx + λ)m = S_xy and b = ȳ − m·x̄', () => {
    fc.assert(
      fc.property(anyData, lambdaArb, ([x, y], lambda) => {
        const s = summarize1d(x, y)
        const { slope, intercept } = ridge1d(x, y, lambda)
        expect(Math.abs((s.Sxx + lambda) * slope - s.Sxy)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(s.Sxy))
        expect(Math.abs(intercept - (s.yMean - slope * s.xMean))).toBeLessThanOrEqual(
          4 * Number.EPSILON * (Math.abs(s.yMean) + Math.abs(slope * s.xMean)),
        )
      }),
      { numRuns: 200 },
    )
  })
})

describe('x ≈ 10⁶ with a small spread', () => {
  it('keeps every digit: x = 10⁶ + (0, 0.001, 0.002), y = (1, 2, 4)', () => {
    const x = [1e6, 1e6 + 0.001, 1e6 + 0.002]
    const y = [1, 2, 4]
    const e = exactSummary(x, y)
    const s = summarize1d(x, y)
    expect(rounded(s.Sxx, e.Sxx)).toBe(true)
    expect(rounded(s.Sxy, e.Sxy)).toBe(true)
    // S_xx ≈ 2·10⁻⁶; the naive Σx² − n·x̄² is off by more than S_xx itself.
    const naive = x.reduce((a, v) => a + v * v, 0) - 3 * (x.reduce((a, v) => a + v, 0) / 3) ** 2
    expect(Math.abs(naive - s.Sxx)).toBeGreaterThan(s.Sxx)
    expect(rounded(ols1d(x, y).slope, div(e.Sxy, e.Sxx))).toBe(true)
  })
})
