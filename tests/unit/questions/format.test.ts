import { describe, expect, test } from 'vitest'
import { asFraction, eqNum, fmt, texEq, texFrac, texNum, texParen, texValueAfter, texVecEq } from '@/lib/questions/format'

describe('fmt', () => {
  test.each([
    [2.5, '2.5'],
    [2, '2'],
    [1 / 3, '0.3333'],
    [-0, '0'],
    [-1.25, '-1.25'],
    [0.1 + 0.2, '0.3'],
    [1e-7, '1e-7'],
    [1.5e10, '1.5e10'],
  ])('%d → %s', (x, s) => expect(fmt(x)).toBe(s))
})

describe('texFrac', () => {
  test.each([
    [12 / 7, '\\frac{12}{7}'],
    [-0.5, '-\\frac{1}{2}'],
    [4, '4'],
    [0, '0'],
    [21 / 8, '\\frac{21}{8}'],
    [-148 / 495, '-\\frac{148}{495}'],
  ])('%d → %s', (x, s) => expect(texFrac(x)).toBe(s))

  test('values from floating-point arithmetic on integers are recognized', () => {
    // (1/3 + 1/6) computed in floating point is 0.5 within rounding.
    expect(texFrac(1 / 3 + 1 / 6)).toBe('\\frac{1}{2}')
    expect(texFrac(0.1 * 3)).toBe('\\frac{3}{10}')
  })

  test('irrational values or large denominators fall back to decimals', () => {
    expect(texFrac(Math.PI)).toBe('3.1416')
    expect(texFrac(1 / 1009)).toBe('0.001')
    expect(asFraction(Math.SQRT2)).toBeNull()
  })
})

describe('texNum and texParen', () => {
  test('scientific notation as LaTeX', () => {
    expect(texNum(1.2e-7)).toBe('1.2 \\times 10^{-7}')
    expect(texNum(3.25)).toBe('3.25')
  })
  test('negative values are parenthesized for substitution', () => {
    expect(texParen('-3')).toBe('\\left(-3\\right)')
    expect(texParen('3')).toBe('3')
  })
})

describe('"=" only before an exact value, "≈" only before a rounded one (issue 9)', () => {
  test('texEq: a fraction with its decimal, or ≈ before the decimal when no small fraction equals x', () => {
    expect(texEq(4.5)).toBe('= \\frac{9}{2} = 4.5')
    expect(texEq(1 / 3)).toBe('= \\frac{1}{3} \\approx 0.3333')
    expect(texEq(3)).toBe('= 3')
    // 71/1367 ≈ 0.05194: exact, but its denominator is above 1000, so only the rounded decimal is shown.
    expect(texEq(-71 / 1367)).toBe('\\approx -0.0519')
    expect(texEq(Math.SQRT2)).toBe('\\approx 1.4142')
  })
  test('texValueAfter never repeats what is already written, and never writes "=" before a rounded decimal', () => {
    expect(texValueAfter('\\frac{29}{2}', 14.5)).toBe('= 14.5')
    expect(texValueAfter('3', 3)).toBe('')
    expect(texValueAfter('\\sqrt{2}', Math.SQRT2)).toBe('\\approx 1.4142')
  })
  test('texVecEq: "=" with fractions, "≈" as soon as one entry is rounded', () => {
    expect(texVecEq([0.5, 0])).toBe('= \\left(\\frac{1}{2} = 0.5,\\ 0\\right)')
    expect(texVecEq([Math.SQRT2, 0])).toBe('\\approx \\left(1.4142,\\ 0\\right)')
    expect(eqNum(0.25)).toBe('= 0.25')
    expect(eqNum(2 / 3)).toBe('≈ 0.6667')
  })
})
