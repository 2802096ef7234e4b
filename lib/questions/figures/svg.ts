/**
 * Shared pieces of the server-rendered SVG figures: escaping, the accessible frame (role="img", <title>,
 * <desc>, a viewBox so the figure scales down on a phone), axes with ticks, and a colour-blind-safe palette
 * (Okabe–Ito) with dash patterns, so no series is told apart by colour alone.
 */
import type { ScaleLinear } from 'd3-scale'
import { fmt } from '../format'

export const WIDTH = 480
export const HEIGHT = 320
export const MARGIN = { top: 16, right: 16, bottom: 44, left: 52 }

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

/** Text size in user units: 13 keeps axis labels about 9 px high when a 480-wide figure is shown 330 px wide on a phone. */
export const FONT_SIZE = 13

export function svgFrame(opts: { id: string; title: string; desc: string; body: string; width?: number; height?: number }): string {
  const w = opts.width ?? WIDTH
  const h = opts.height ?? HEIGHT
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="100%" role="img" ` +
    `aria-labelledby="${opts.id}-title ${opts.id}-desc" style="max-width:${w}px;height:auto;background:#fff" ` +
    `font-family="system-ui, sans-serif" font-size="${FONT_SIZE}">` +
    `<title id="${opts.id}-title">${escapeXml(opts.title)}</title>` +
    `<desc id="${opts.id}-desc">${escapeXml(opts.desc)}</desc>` +
    opts.body +
    '</svg>'
  )
}

/** Bottom and left axes with ticks and labels; the y = 0 and x = 0 lines when they are in range. */
export function axes(x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, xLabel: string, yLabel: string): string {
  const [x0, x1] = x.range()
  const [y0, y1] = y.range()
  const parts: string[] = []
  for (const t of x.ticks(6)) {
    const px = r2(x(t))
    parts.push(`<line x1="${px}" x2="${px}" y1="${r2(y0)}" y2="${r2(y0 + 5)}" stroke="${COLORS.ink}"/>`)
    parts.push(`<text x="${px}" y="${r2(y0 + 18)}" text-anchor="middle" fill="${COLORS.ink}">${escapeXml(fmt(t))}</text>`)
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
    `<text x="${r2((x0 + x1) / 2)}" y="${r2(y0 + 36)}" text-anchor="middle" fill="${COLORS.ink}">${escapeXml(xLabel)}</text>`,
  )
  parts.push(
    `<text transform="translate(14 ${r2((y0 + y1) / 2)}) rotate(-90)" text-anchor="middle" fill="${COLORS.ink}">${escapeXml(yLabel)}</text>`,
  )
  return `<g aria-hidden="true">${parts.join('')}</g>`
}

/** A legend box in the top-right corner: one row per series, with its colour and dash pattern. */
export function legend(items: { label: string; color: string; dash?: string; marker?: boolean }[], right: number, top: number): string {
  const rowH = 16
  const w = 12 + Math.max(...items.map((i) => i.label.length)) * FONT_SIZE * 0.55 + 34
  const x = right - w
  const rows = items.map((it, k) => {
    const y = top + 10 + k * rowH
    const mark = it.marker
      ? `<circle cx="${r2(x + 18)}" cy="${r2(y)}" r="4" fill="${it.color}"/>`
      : `<line x1="${r2(x + 6)}" x2="${r2(x + 30)}" y1="${r2(y)}" y2="${r2(y)}" stroke="${it.color}" stroke-width="2.5" stroke-dasharray="${it.dash ?? ''}"/>`
    return `${mark}<text x="${r2(x + 36)}" y="${r2(y)}" dy="0.32em" fill="${COLORS.ink}">${escapeXml(it.label)}</text>`
  })
  return (
    `<g aria-hidden="true"><rect x="${r2(x)}" y="${r2(top)}" width="${r2(w)}" height="${items.length * rowH + 4}" ` +
    `fill="#fff" fill-opacity="0.9" stroke="${COLORS.grid}"/>${rows.join('')}</g>`
  )
}

/** [lo, hi] padded by a fraction of the span (at least 1 when the span is 0). */
export function padded(lo: number, hi: number, frac = 0.08): [number, number] {
  const span = hi - lo || Math.max(Math.abs(lo), 1)
  return [lo - frac * span, hi + frac * span]
}
