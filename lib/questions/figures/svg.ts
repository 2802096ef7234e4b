/**
 * Shared pieces of the server-rendered SVG figures: escaping, the accessible frame (role="img", <title>,
 * <desc>, a viewBox so the figure scales down on a phone), axes with ticks, and a colour-blind-safe palette
 * (Okabe–Ito) with dash patterns, so no series is told apart by colour alone.
 */
import type { ScaleLinear } from 'd3-scale'
import { fmt } from '../format'

export const WIDTH = 480
export const HEIGHT = 320
/** The top margin holds the y-axis label, written level above the axis (rotated beside it, it met the tick labels). */
export const MARGIN = { top: 34, right: 26, bottom: 44, left: 56 }

export const COLORS = {
  ink: '#1f2937',
  grid: '#d1d5db',
  blue: '#0072B2',
  vermillion: '#D55E00',
  green: '#009E73',
  purple: '#CC79A7',
  orange: '#E69F00',
} as const

export const DASHES = { solid: '', dashed: '6 4', dotted: '2 3', dashdot: '8 3 2 3' } as const


export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Rounds SVG coordinates to 0.01 px, so the markup is short and stable. */
export const r2 = (v: number): string => String(Math.round(v * 100) / 100)

/**
 * A unique-enough id prefix for the ids inside one SVG (title, desc, clip path), so that several figures on
 * one page do not clash. Derived from `key` (deterministic output for the same figure).
 */
export function idPrefix(key: string): string {
  let h = 2166136261
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619)
  return `fig${(h >>> 0).toString(36)}`
}

/**
 * Text size in user units. A 480-wide figure is shown about 320 px wide on a 390 px phone: 15 units are about
 * 10 px there; on a wide screen the figure may grow to 1.15 times its viewBox (`svgFrame`), so text stays
 * below 18 px.
 */
export const FONT_SIZE = 15
/** How much wider than its viewBox a figure may be shown (a small figure in a wide card was hard to read). */
export const MAX_SCALE = 1.15

/** Estimated width of `text` in user units at `size` (system-ui averages at most about 0.62 em per character here). */
export function textWidth(text: string, size = FONT_SIZE): number {
  return text.length * size * 0.62
}

/**
 * An axis label as SVG text content: escaped, with `_x` or `_{xy}` written as a subscript (so "w_j(λ)" shows
 * w with a subscript j, never the raw underscore).
 */
export function labelMarkup(text: string): string {
  return escapeXml(text).replace(/_(?:\{([^}]*)\}|(\w))/g, (_m, braced: string | undefined, single: string | undefined) => `<tspan baseline-shift="sub" font-size="75%">${braced ?? single}</tspan>`)
}

export function svgFrame(opts: { id: string; title: string; desc: string; body: string; width?: number; height?: number }): string {
  const w = opts.width ?? WIDTH
  const h = opts.height ?? HEIGHT
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="100%" role="img" ` +
    `aria-labelledby="${opts.id}-title ${opts.id}-desc" style="max-width:${Math.round(w * MAX_SCALE)}px;height:auto;background:#fff" ` +
    `font-family="system-ui, sans-serif" font-size="${FONT_SIZE}">` +
    `<title id="${opts.id}-title">${escapeXml(opts.title)}</title>` +
    `<desc id="${opts.id}-desc">${escapeXml(opts.desc)}</desc>` +
    opts.body +
    '</svg>'
  )
}

/** The left margin that holds the y scale's tick labels (as `axes` writes them) with room to spare, at least `min`. */
export function leftMargin(y: ScaleLinear<number, number>, min = MARGIN.left): number {
  return Math.max(min, Math.ceil(14 + Math.max(0, ...y.ticks(6).map((t) => textWidth(fmt(t))))))
}

/** Points filling a rectangle (a label's box), for `legend` to avoid. */
export function boxPoints(x0: number, x1: number, y0: number, y1: number): [number, number][] {
  const out: [number, number][] = []
  for (let x = x0; x <= x1 + 0.01; x += Math.max(1, (x1 - x0) / Math.ceil((x1 - x0) / 6))) for (let y = y0; y <= y1 + 0.01; y += Math.max(1, (y1 - y0) / 3)) out.push([x, y])
  return out
}

/**
 * The x scale's ticks: up to 6, fewer when the labels are wide (12000, 14000, … on a 390 px phone), so that
 * neighbouring labels keep at least 8 units between them.
 */
function xTicks(x: ScaleLinear<number, number>): number[] {
  let ticks = x.ticks(6)
  for (let n = 5; n >= 2; n--) {
    const widest = Math.max(0, ...ticks.map((t) => textWidth(fmt(t))))
    if (ticks.length < 2 || Math.abs(x(ticks[1]) - x(ticks[0])) >= widest + 8) break
    ticks = x.ticks(n)
  }
  return ticks
}

/** Bottom and left axes with ticks and labels; the y = 0 and x = 0 lines when they are in range. */
export function axes(x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, xLabel: string, yLabel: string): string {
  const [x0, x1] = x.range()
  const [y0, y1] = y.range()
  const parts: string[] = []
  for (const t of xTicks(x)) {
    const px = r2(x(t))
    parts.push(`<line x1="${px}" x2="${px}" y1="${r2(y0)}" y2="${r2(y0 + 5)}" stroke="${COLORS.ink}"/>`)
    parts.push(`<text x="${px}" y="${r2(y0 + 20)}" text-anchor="middle" fill="${COLORS.ink}">${escapeXml(fmt(t))}</text>`)
  }
  for (const t of y.ticks(6)) {
    const py = r2(y(t))
    parts.push(`<line x1="${r2(x0 - 5)}" x2="${r2(x0)}" y1="${py}" y2="${py}" stroke="${COLORS.ink}"/>`)
    parts.push(`<text x="${r2(x0 - 8)}" y="${py}" dy="0.32em" text-anchor="end" fill="${COLORS.ink}">${escapeXml(fmt(t))}</text>`)
  }
  const [dx0, dx1] = x.domain()
  const [dy0, dy1] = y.domain()
  if (dy0 < 0 && dy1 > 0) parts.push(`<line x1="${r2(x0)}" x2="${r2(x1)}" y1="${r2(y(0))}" y2="${r2(y(0))}" stroke="${COLORS.grid}"/>`)
  if (dx0 < 0 && dx1 > 0) parts.push(`<line x1="${r2(x(0))}" x2="${r2(x(0))}" y1="${r2(y0)}" y2="${r2(y1)}" stroke="${COLORS.grid}"/>`)
  parts.push(`<line x1="${r2(x0)}" x2="${r2(x1)}" y1="${r2(y0)}" y2="${r2(y0)}" stroke="${COLORS.ink}"/>`)
  parts.push(`<line x1="${r2(x0)}" x2="${r2(x0)}" y1="${r2(y0)}" y2="${r2(y1)}" stroke="${COLORS.ink}"/>`)
  parts.push(
    `<text x="${r2((x0 + x1) / 2)}" y="${r2(y0 + 38)}" text-anchor="middle" fill="${COLORS.ink}">${labelMarkup(xLabel)}</text>`,
  )
  // The y label is level, above the axis and starting at the figure's left edge: clear of every tick label.
  // Its baseline 18 above the plot: a subscript (wⱼ) still clears the top tick label.
  parts.push(`<text x="4" y="${r2(y1 - 18)}" text-anchor="start" fill="${COLORS.ink}">${labelMarkup(yLabel)}</text>`)
  return `<g aria-hidden="true">${parts.join('')}</g>`
}

export interface PlotBox {
  left: number
  right: number
  top: number
  bottom: number
}

/**
 * A legend box in the first corner of the plot (top-right, top-left, bottom-right, bottom-left) that covers none
 * of the points in `avoid` (the curves' and labels' positions): a fixed corner hid the lasso line in some
 * variants. When every corner is busy, the legend goes below the figure, from `below` down; `height` is what
 * that adds to the figure's height (0 when the legend is inside the plot).
 */
export function legend(
  items: { label: string; color: string; dash?: string; marker?: boolean }[],
  plot: PlotBox,
  avoid: readonly (readonly [number, number])[],
  below: number,
): { svg: string; height: number } {
  const rowH = 18
  const w = 44 + Math.max(...items.map((i) => textWidth(i.label)))
  const h = items.length * rowH + 4
  const corners = [
    { x: plot.right - 4 - w, y: plot.top + 4 },
    { x: plot.left + 4, y: plot.top + 4 },
    { x: plot.right - 4 - w, y: plot.bottom - 4 - h },
    { x: plot.left + 4, y: plot.bottom - 4 - h },
  ]
  const covered = (c: { x: number; y: number }) => avoid.filter(([px, py]) => px >= c.x - 4 && px <= c.x + w + 4 && py >= c.y - 4 && py <= c.y + h + 4).length
  const free = corners.find((c) => covered(c) === 0)
  if (!free) {
    const key = legendBelow(items, plot.left, below + 2, plot.right - plot.left)
    return { svg: key.svg, height: key.height + 6 }
  }
  const { x, y: top } = free
  const rows = items.map((it, k) => {
    const y = top + 11 + k * rowH
    const mark = it.marker
      ? `<circle cx="${r2(x + 18)}" cy="${r2(y)}" r="4" fill="${it.color}"/>`
      : `<line x1="${r2(x + 6)}" x2="${r2(x + 30)}" y1="${r2(y)}" y2="${r2(y)}" stroke="${it.color}" stroke-width="2.5" stroke-dasharray="${it.dash ?? ''}"/>`
    return `${mark}<text x="${r2(x + 36)}" y="${r2(y)}" dy="0.32em" fill="${COLORS.ink}">${escapeXml(it.label)}</text>`
  })
  return {
    svg:
      `<g aria-hidden="true" class="legend"><rect x="${r2(x)}" y="${r2(top)}" width="${r2(w)}" height="${h}" ` +
      `fill="#fff" fill-opacity="0.9" stroke="${COLORS.grid}"/>${rows.join('')}</g>`,
    height: 0,
  }
}

/**
 * A label beside a vertical marker at `px`, on whichever side keeps the whole label inside [left, right]
 * (a label on the right of a marker near the right edge was cut: "λ = 15.333").
 */
export function markerLabel(px: number, py: number, text: string, left: number, right: number): string {
  return markerLabelPlaced(px, py, text, left, right).svg
}

/** `markerLabel` with the horizontal extent it takes, for laying several out without overlap. */
export function markerLabelPlaced(px: number, py: number, text: string, left: number, right: number): { svg: string; x0: number; x1: number } {
  const w = textWidth(text)
  const fitsRight = px + 6 + w <= right
  const fitsLeft = px - 6 - w >= left
  const onRight = fitsRight && (!fitsLeft || px < (left + right) / 2)
  const x0 = onRight ? px + 6 : px - 6 - w
  return {
    svg: `<text x="${r2(onRight ? px + 6 : px - 6)}" y="${r2(py)}" text-anchor="${onRight ? 'start' : 'end'}" fill="${COLORS.ink}" paint-order="stroke" stroke="#fff" stroke-width="3" aria-hidden="true">${escapeXml(text)}</text>`,
    x0,
    x1: x0 + w,
  }
}

/**
 * Labels of vertical markers along the bottom of a plot: each on the lowest row where it overlaps no label
 * already placed (two breakpoints close together had their labels drawn over each other).
 */
export function markerLabelRows(marks: { px: number; text: string }[], bottom: number, left: number, right: number): { svg: string; taken: [number, number][] } {
  const rows: { x0: number; x1: number }[][] = []
  const out: string[] = []
  const taken: [number, number][] = []
  for (const m of [...marks].sort((a, b) => a.px - b.px)) {
    for (let row = 0; ; row++) {
      const placed = markerLabelPlaced(m.px, bottom - 8 - row * 18, m.text, left, right)
      rows[row] ??= []
      if (rows[row].every((o) => placed.x1 + 4 <= o.x0 || placed.x0 >= o.x1 + 4)) {
        rows[row].push(placed)
        out.push(placed.svg)
        taken.push(...boxPoints(placed.x0, placed.x1, bottom - 20 - row * 18, bottom - 4 - row * 18))
        break
      }
    }
  }
  return { svg: out.join(''), taken }
}

/**
 * A legend laid out below a plot, in rows from `left` (for figures whose every corner is busy): returns the
 * markup and the height it takes.
 */
export function legendBelow(items: { label: string; color: string; dash?: string; marker?: boolean }[], left: number, top: number, width: number): { svg: string; height: number } {
  const rowH = 20
  let x = left
  let y = top + rowH / 2
  const parts: string[] = []
  for (const it of items) {
    const w = 40 + textWidth(it.label)
    if (x > left && x + w > left + width) {
      x = left
      y += rowH
    }
    parts.push(
      it.marker
        ? `<circle cx="${r2(x + 12)}" cy="${r2(y)}" r="4.5" fill="${it.color}"/>`
        : `<line x1="${r2(x)}" x2="${r2(x + 24)}" y1="${r2(y)}" y2="${r2(y)}" stroke="${it.color}" stroke-width="2.5" stroke-dasharray="${it.dash ?? ''}"/>`,
      `<text x="${r2(x + 30)}" y="${r2(y)}" dy="0.32em" fill="${COLORS.ink}">${escapeXml(it.label)}</text>`,
    )
    x += w + 12
  }
  return { svg: `<g aria-hidden="true" class="legend-below">${parts.join('')}</g>`, height: y + rowH / 2 - top }
}

/** Points along an SVG path's straight segments, in pixels (for `legend` to avoid). */
export function pathPoints(points: readonly (readonly [number, number])[], x: (v: number) => number, y: (v: number) => number): [number, number][] {
  const out: [number, number][] = []
  for (let k = 0; k < points.length; k++) {
    const [px, py] = [x(points[k][0]), y(points[k][1])]
    if (k > 0) {
      const [qx, qy] = [x(points[k - 1][0]), y(points[k - 1][1])]
      // Fill long segments so that a box can not sit between two far-apart vertices.
      const steps = Math.ceil(Math.hypot(px - qx, py - qy) / 6)
      for (let s = 1; s < steps; s++) out.push([qx + ((px - qx) * s) / steps, qy + ((py - qy) * s) / steps])
    }
    out.push([px, py])
  }
  return out
}

/** [lo, hi] padded by a fraction of the span (at least 1 when the span is 0). */
export function padded(lo: number, hi: number, frac = 0.08): [number, number] {
  const span = hi - lo || Math.max(Math.abs(lo), 1)
  return [lo - frac * span, hi + frac * span]
}
