export function fmtPoints(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1)
}
