/**
 * Derivatives of the penalties: L1 (lasso) λ|w| and L2 (ridge) λw², per coefficient, in the λ convention of
 * DESIGN.md (loss … + λ||w||₁ or … + λ||w||²₂; for the "2λ" lasso convention pass 2λ).
 */
import { SolverInputError, UndefinedFitError } from './errors'
import { checkLambda } from './validate'

export type PenaltyKind = 'l1' | 'l2'

/** A closed interval [lo, hi] (lo = hi for a single value). */
export interface Interval {
  lo: number
  hi: number
}

function checkW(w: number): void {
  if (typeof w !== 'number' || !Number.isFinite(w)) throw new SolverInputError(`w must be a finite number, got ${String(w)}.`)
}

function gradient1(kind: PenaltyKind, w: number, lambda: number): number {
  checkW(w)
  if (kind === 'l2') return 2 * lambda * w + 0
  if (w === 0) {
    throw new UndefinedFitError('λ|w| has no derivative at w = 0: its subgradients fill [−λ, λ] (see l1Subdifferential).')
  }
  return lambda * Math.sign(w)
}

/**
 * The derivative of the penalty at w (elementwise for a vector):
 * - `'l1'`: d/dw λ|w| = λ·sign(w) for w ≠ 0, a push of constant size λ however small w is;
 *   at w = 0 there is no derivative: throws UndefinedFitError (use l1Subdifferential, [−λ, λ]);
 * - `'l2'`: d/dw λw² = 2λw, a push proportional to w that fades near 0 (0 at w = 0).
 * Never returns −0. Throws SolverInputError on an unknown kind, a non-finite w or a negative or non-finite λ.
 */
export function penaltyGradient(kind: PenaltyKind, w: number, lambda: number): number
export function penaltyGradient(kind: PenaltyKind, w: readonly number[], lambda: number): number[]
export function penaltyGradient(kind: PenaltyKind, w: number | readonly number[], lambda: number): number | number[] {
  if (kind !== 'l1' && kind !== 'l2') throw new SolverInputError(`Unknown penalty "${String(kind)}": use 'l1' or 'l2'.`)
  checkLambda(lambda)
  return typeof w === 'number' ? gradient1(kind, w, lambda) : w.map((wj) => gradient1(kind, wj, lambda))
}

/**
 * The subdifferential of the L1 penalty λ|w| at w: {λ·sign(w)} = [λ·sign(w), λ·sign(w)] for w ≠ 0 and the
 * interval [−λ, λ] at w = 0. For the 1-D lasso, m = 0 is optimal exactly when −RSS'(0) = 2S_xy lies in
 * l1Subdifferential(0, λ), i.e. |2S_xy| ≤ λ. Throws SolverInputError on a non-finite w or a negative or non-finite λ.
 */
export function l1Subdifferential(w: number, lambda: number): Interval {
  checkW(w)
  checkLambda(lambda)
  if (w === 0) return { lo: -lambda + 0, hi: lambda }
  const g = lambda * Math.sign(w) + 0
  return { lo: g, hi: g }
}
