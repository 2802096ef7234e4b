/** Numeric tolerance shared by number and vector answers (DESIGN.md, "Grading"). */
import type { Tolerance } from '../types'

/** Relative 1e-3 with an absolute floor of 1e-6, so an exact 0 answered as 1e-9 is right. */
export const DEFAULT_TOLERANCE: Tolerance = { rel: 1e-3, abs: 1e-6 }

/** |actual − expected| ≤ max(rel·|expected|, abs). */
export function withinTolerance(actual: number, expected: number, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return false
  return Math.abs(actual - expected) <= Math.max(tol.rel * Math.abs(expected), tol.abs)
}

/** The tolerance that applies to a part: the item's override, else the part's own, else the default. */
export function resolveTolerance(partTolerance?: Tolerance, itemTolerance?: Tolerance): Tolerance {
  return itemTolerance ?? partTolerance ?? DEFAULT_TOLERANCE
}
