/** Dates shown in UTC with the zone named, so students in any time zone read the same instant. */
export function fmtDate(d: Date | string | null | undefined): string {
  if (!d) return 'no due date'
  const date = typeof d === 'string' ? new Date(d) : d
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

export function fmtPoints(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1)
}
