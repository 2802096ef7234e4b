/**
 * When a student's exam opens, closes and ends: pure functions of the exam, the student's accommodation and
 * extension, and the server clock (never the browser's).
 *   limit    = timeLimit × multiplier + extra seconds
 *   deadline = min(start + limit, close)
 */
export interface ExamTimingInput {
  timeLimitSeconds: number
  opensAt: Date | null
  /** The assignment's due date: the exam closes then. */
  dueAt: Date | null
}
export interface AccommodationInput {
  timeMultiplier: number
  extraSeconds: number
  opensAt: Date | null
  closesAt: Date | null
}

/** The student's own window: their accommodation's dates first, then their extension, then the assignment's. */
export function studentWindow(e: ExamTimingInput, acc?: AccommodationInput | null, extensionDue?: Date | null) {
  return { opensAt: acc?.opensAt ?? e.opensAt, closesAt: acc?.closesAt ?? extensionDue ?? e.dueAt }
}

export function studentLimitSeconds(e: ExamTimingInput, acc?: AccommodationInput | null): number {
  return Math.round(e.timeLimitSeconds * (acc?.timeMultiplier ?? 1) + (acc?.extraSeconds ?? 0))
}

export function sessionDeadline(e: ExamTimingInput, startedAt: Date, acc?: AccommodationInput | null, extensionDue?: Date | null): Date {
  const byLimit = new Date(startedAt.getTime() + studentLimitSeconds(e, acc) * 1000)
  const { closesAt } = studentWindow(e, acc, extensionDue)
  return closesAt && closesAt < byLimit ? closesAt : byLimit
}

/** Why the student cannot start now, or null when they can. */
export function startRefusal(e: ExamTimingInput, now: Date, acc?: AccommodationInput | null, extensionDue?: Date | null): string | null {
  const w = studentWindow(e, acc, extensionDue)
  if (w.opensAt && now < w.opensAt) return 'This exam has not opened yet.'
  if (w.closesAt && now >= w.closesAt) return 'This exam has closed.'
  return null
}

/** A human reading of a limit in seconds: "90 minutes", "1 hour 30 minutes", "45 seconds". */
export function describeSeconds(s: number): string {
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  const parts = [h ? `${h} hour${h === 1 ? '' : 's'}` : '', m ? `${m} minute${m === 1 ? '' : 's'}` : '', sec ? `${sec} second${sec === 1 ? '' : 's'}` : '']
  return parts.filter(Boolean).join(' ')
}
