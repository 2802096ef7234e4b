/**
 * Assignment policies as pure functions of the assignment, the clock and the attempt count, so that the
 * gradebook, the submit path and the tests all decide the same way.
 */
import { z } from 'zod'

export const VARIANT_POLICIES = ['SAME', 'NEW_PER_ATTEMPT'] as const
export const DERIVATION_POLICIES = ['AFTER_ATTEMPT', 'AFTER_DUE'] as const
export const variantPolicySchema = z.enum(VARIANT_POLICIES)
export const derivationPolicySchema = z.enum(DERIVATION_POLICIES)

export interface PolicyAssignment {
  opensAt: Date | null
  dueAt: Date | null
  lateCutoffAt: Date | null
  latePenaltyPerDay: number
  maxAttempts: number
  variantPolicy: string
  retryPenalty: number
  derivationPolicy: string
}

const DAY_MS = 24 * 60 * 60 * 1000

/** The due date for one student: their extension when they have one. */
export function effectiveDue(a: PolicyAssignment, extensionDue?: Date | null): Date | null {
  return extensionDue ?? a.dueAt
}

/** No submissions after this instant (null: never closes). An extension moves the cutoff at least to its date. */
export function effectiveCutoff(a: PolicyAssignment, extensionDue?: Date | null): Date | null {
  if (!a.lateCutoffAt) return null
  if (extensionDue && extensionDue > a.lateCutoffAt) return extensionDue
  return a.lateCutoffAt
}

export type SubmitWindow = { open: true; late: boolean; daysLate: number } | { open: false; reason: string }

export function submitWindow(a: PolicyAssignment, now: Date, extensionDue?: Date | null): SubmitWindow {
  if (a.opensAt && now < a.opensAt) return { open: false, reason: `This assignment opens on ${a.opensAt.toUTCString()}.` }
  const cutoff = effectiveCutoff(a, extensionDue)
  if (cutoff && now > cutoff) return { open: false, reason: 'This assignment is closed: the deadline for late work has passed.' }
  const due = effectiveDue(a, extensionDue)
  if (due && now > due) return { open: true, late: true, daysLate: Math.ceil((now.getTime() - due.getTime()) / DAY_MS) }
  return { open: true, late: false, daysLate: 0 }
}

/**
 * Score after penalties: raw × max(0, 1 − retryPenalty·(attempt − 1) − latePenaltyPerDay·daysLate).
 * Late work after a cutoff is refused before grading, so it never reaches here.
 */
export function penalizedScore(a: PolicyAssignment, rawScore: number, attemptNumber: number, daysLate: number): number {
  const factor = Math.max(0, 1 - a.retryPenalty * (attemptNumber - 1) - a.latePenaltyPerDay * daysLate)
  return rawScore * factor
}

/** Which variant index the student works on after `attemptsUsed` attempts. */
export function currentVariantIndex(a: PolicyAssignment, attemptsUsed: number): number {
  return variantPolicySchema.parse(a.variantPolicy) === 'NEW_PER_ATTEMPT' ? Math.min(attemptsUsed, a.maxAttempts - 1) : 0
}

/**
 * Whether the worked derivation (which contains the answer) may be shown for an attempt.
 * AFTER_DUE: only once the due date has passed (exams). AFTER_ATTEMPT: after every attempt when each attempt
 * gets a new dataset; on a shared dataset, once it is solved or no attempts are left, so that the derivation
 * never hands out the answer to a question the student can still submit.
 */
export function derivationVisible(
  a: PolicyAssignment,
  o: { now: Date; solved: boolean; attemptsUsed: number; extensionDue?: Date | null },
): boolean {
  if (derivationPolicySchema.parse(a.derivationPolicy) === 'AFTER_DUE') {
    const due = effectiveDue(a, o.extensionDue)
    return !!due && o.now > due
  }
  if (variantPolicySchema.parse(a.variantPolicy) === 'NEW_PER_ATTEMPT') return true
  return o.solved || o.attemptsUsed >= a.maxAttempts
}
