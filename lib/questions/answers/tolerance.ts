/** Numeric tolerance shared by number and vector answers (DESIGN.md, "Grading"). */
import type { Tolerance } from '../types'

/**
 * "Exact, or at least 4 significant figures" (one unit in the 4th significant figure), with an absolute
 * floor of 1e-6, so an exact 0 answered as 1e-9 is right. `rel` is kept for code that reads it (the
 * distinguishability of mistakes); it is never looser than the 4-figure rule (a unit in the 4th figure
 * is between 1e-4 and 1e-3 of the value).
 */
export const DEFAULT_TOLERANCE: Tolerance = { rel: 1e-3, abs: 1e-6, sigFigs: 4 }

/** One unit in the `sigFigs`-th significant figure of x (x ≠ 0): 3.875 → 0.001 for 4 figures. */
export function sigFigUnit(x: number, sigFigs: number): number {
  return 10 ** (Math.floor(Math.log10(Math.abs(x))) - sigFigs + 1)
}

/** |actual − expected| ≤ max(allowed, abs), allowed = one unit in the sigFigs-th figure of expected, or rel·|expected|. */
export function withinTolerance(actual: number, expected: number, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return false
  // The 1e-9 slack absorbs the binary representation of decimals typed exactly one unit away (3.876 vs 3.875).
  const allowed = tol.sigFigs !== undefined && expected !== 0 ? sigFigUnit(expected, tol.sigFigs) * (1 + 1e-9) : tol.rel * Math.abs(expected)
  return Math.abs(actual - expected) <= Math.max(allowed, tol.abs)
}

/** What a numeric part accepts, in the words of its tolerance, for the prompt: "Exact, or at least 4 significant figures." */
export function precisionSentence(tol: Tolerance = DEFAULT_TOLERANCE): string {
  const exact = 'Give the exact value (a fraction such as 12/7 is fine)'
  if (tol.sigFigs !== undefined) return `${exact} or a decimal with at least ${tol.sigFigs} significant figures.`
  // No relative slack and an absolute one below 1/2: a whole number (a count) must be given exactly.
  if (tol.rel === 0 && tol.abs < 0.5) return 'Give the exact value.'
  const pct = Number((tol.rel * 100).toPrecision(3))
  return `${exact} or a decimal within ${pct} % of it${tol.abs > 0 ? ` (within ${tol.abs} of 0 when the answer is 0)` : ''}.`
}

/** What a count accepts (a number part with `integer`): no fraction or decimal places to speak of. */
export const COUNT_SENTENCE = 'Give a whole number.'

/** The tolerance that applies to a part: the item's override, else the part's own, else the default. */
export function resolveTolerance(partTolerance?: Tolerance, itemTolerance?: Tolerance): Tolerance {
  return itemTolerance ?? partTolerance ?? DEFAULT_TOLERANCE
}
