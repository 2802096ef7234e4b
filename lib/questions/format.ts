/**
 * Numbers for prompts and derivations. `fmt` is plain text, `texNum` and `texFrac` are LaTeX (put them
 * inside `$…$`). Derivations with integer data show exact fractions: `texFrac(12/7)` → `\frac{12}{7}`.
 */
import Fraction from 'fraction.js'

/** Plain text with at most `decimals` decimals, trailing zeros trimmed, no "-0"; very large or small → 1.2e-7. */
export function fmt(x: number, decimals = 4): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞'
  const ax = Math.abs(x)
  if (ax !== 0 && (ax >= 1e9 || ax < 10 ** -decimals)) {
    const [mant, exp] = x.toExponential(Math.max(decimals - 1, 0)).split('e')
    return `${trimZeros(mant)}e${Number(exp)}`
  }
  const s = trimZeros(x.toFixed(decimals))
  return s === '-0' ? '0' : s
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s
}

/** LaTeX of a decimal: like `fmt`, with scientific notation as `1.2 \times 10^{-7}`. */
export function texNum(x: number, decimals = 4): string {
  const s = fmt(x, decimals)
  if (s === '∞') return '\\infty'
  if (s === '−∞') return '-\\infty'
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(s)
  if (m) return `${m[1]} \\times 10^{${m[2]}}`
  return s
}

/**
 * The exact fraction n/d that x rounds from, when there is one with d ≤ maxDen (checked to a relative
 * 1e-12, so values computed in floating point from integer data are recognized); else null.
 */
export function asFraction(x: number, maxDen = 1000): Fraction | null {
  if (!Number.isFinite(x)) return null
  const eps = 1e-12 * Math.max(1, Math.abs(x))
  for (let d = 1; d <= maxDen; d++) {
    const n = Math.round(x * d)
    if (Math.abs(n / d - x) <= eps && Number.isSafeInteger(n)) return new Fraction(n, d)
  }
  return null
}

/** LaTeX: `\frac{12}{7}` (sign in front), an integer, or a decimal when x is not a simple fraction. */
export function texFrac(x: number, maxDen = 1000): string {
  const f = asFraction(x, maxDen)
  if (!f) return texNum(x)
  return f.toLatex()
}

/** texFrac, with the decimal value appended when it is a non-integer fraction: `\frac{12}{7} \approx 1.7143`. */
export function texFracApprox(x: number, maxDen = 1000): string {
  const f = asFraction(x, maxDen)
  if (!f || f.d === 1n) return texFrac(x, maxDen)
  return `${f.toLatex()} ${texEqNum(f.valueOf())}`
}

/** A value wrapped in parentheses when negative, for substituting into a formula: `(-3)`. */
export function texParen(tex: string): string {
  return tex.startsWith('-') ? `\\left(${tex}\\right)` : tex
}

/**
 * The one place the catalog decides between "=" and "≈" (issue 9): "=" only between exactly equal values, "≈" only
 * before a rounded one. `eqSign(x)` is the plain-text relation to `fmt(x, decimals)`: "=" when that decimal is x.
 */
export function eqSign(x: number, decimals = 4): '=' | '≈' {
  return Number(fmt(x, decimals)) === x ? '=' : '≈'
}

/** Plain text: `= 1.5` when the decimal is exact, else `≈ 1.4142`. */
export function eqNum(x: number, decimals = 4): string {
  return `${eqSign(x, decimals)} ${fmt(x, decimals)}`
}

/** The relation to a rounded decimal: `= 1.5` when the 4-decimal value is exact, else `\\approx 1.4142`. */
export function texEqNum(x: number, decimals = 4): string {
  return `${eqSign(x, decimals) === '=' ? '=' : '\\approx'} ${texNum(x, decimals)}`
}

/**
 * What follows an expression whose value is x: `= \\frac{12}{7} \\approx 1.7143`, `= \\frac{9}{2} = 4.5`, `= 3`,
 * or `\\approx 0.1953` when x is not a fraction with denominator ≤ maxDen (never "=" before a rounded decimal).
 */
export function texEq(x: number, maxDen = 1000): string {
  return asFraction(x, maxDen) ? `= ${texFracApprox(x, maxDen)}` : texEqNum(x)
}

/**
 * What follows an expression already written as `prev` (e.g. `\\frac{35}{58}`): `= \\frac{35}{58} \\approx 0.6034`
 * without repeating `prev` when x's simplest form is `prev` itself (`\\approx 0.6034`, or `= 0.5`).
 */
export function texValueAfter(prev: string, x: number, maxDen = 1000): string {
  if (!asFraction(x, maxDen)) return prev === texNum(x) && eqSign(x) === '=' ? '' : texEqNum(x)
  const full = texFracApprox(x, maxDen)
  if (full === prev) return ''
  if (full.startsWith(`${prev} `)) return full.slice(prev.length + 1)
  return `= ${full}`
}

/**
 * What follows a vector's name: `= \\left(\\frac{1}{3} \\approx 0.3333,\\ 0\\right)` when every entry is a fraction with
 * denominator ≤ maxDen, else its decimals after `=` when they are exact and `\\approx` when one is rounded.
 */
export function texVecEq(w: readonly number[], maxDen = 1000): string {
  const tuple = (tex: (x: number) => string) => `\\left(${w.map(tex).join(',\\ ')}\\right)`
  if (w.every((x) => asFraction(x, maxDen) !== null)) return `= ${tuple((x) => texFracApprox(x, maxDen))}`
  return `${w.every((x) => eqSign(x) === '=') ? '=' : '\\approx'} ${tuple((x) => texNum(x))}`
}
