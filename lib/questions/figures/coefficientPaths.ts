/**
 * Lasso coefficient paths w_j(λ) for several features, with the breakpoints marked: each curve is 0 for λ
 * above the λ at which its feature enters. The curves are sampled from functions the template builds with
 * lib/solver, so the figure itself computes no regression.
 */
import { scaleLinear } from 'd3-scale'
import { line } from 'd3-shape'
import { fmt } from '../format'
import type { Figure } from '../types'
import { axes, COLORS, DASHES, HEIGHT, idPrefix, leftMargin, legend, MARGIN, markerLabelRows, padded, pathPoints, r2, svgFrame, WIDTH } from './svg'

export interface CoefficientPathsOptions {
  /** λ runs over [0, lambdaMax]. */
  lambdaMax: number
  /** One curve per feature (plain-text labels, e.g. "w₁"). */
  paths: { label: string; coef: (lambda: number) => number }[]
  /** λ values marked with a vertical dotted line (the breakpoints). */
  breakpoints?: number[]
  title?: string
  caption?: string
  samples?: number
  /** Replaces the default text alternative (which describes lasso paths). */
  alt?: string
}

const STYLES = [
  { color: COLORS.vermillion, dash: DASHES.solid },
  { color: COLORS.blue, dash: DASHES.dashed },
  { color: COLORS.green, dash: DASHES.dashdot },
]

export function coefficientPaths(opts: CoefficientPathsOptions): Figure {
  const n = opts.samples ?? 160
  const lamMax = opts.lambdaMax
  const bps = (opts.breakpoints ?? []).filter((b) => Number.isFinite(b) && b >= 0 && b <= lamMax)
  const lams = [...Array.from({ length: n + 1 }, (_, k) => (lamMax * k) / n), ...bps].sort((a, b) => a - b)
  const series = opts.paths.map((p) => lams.map((l) => [l, p.coef(l)] as [number, number]))
  const all = [0, ...series.flatMap((s) => s.map((q) => q[1]))]
  const y = scaleLinear().domain(padded(Math.min(...all), Math.max(...all), 0.12)).range([HEIGHT - MARGIN.bottom, MARGIN.top]).nice()
  const left = leftMargin(y)
  const x = scaleLinear().domain([0, lamMax]).range([left, WIDTH - MARGIN.right])
  const path = line<[number, number]>()
    .x((q) => x(q[0]))
    .y((q) => y(q[1]))
  const id = idPrefix(`paths|${lamMax}|${series.map((s) => s.map((q) => q[1]).join(',')).join(';')}`)
  const body: string[] = [axes(x, y, 'λ (penalty)', 'coefficient w_j(λ)')]
  const [yTop, yBottom] = [MARGIN.top, HEIGHT - MARGIN.bottom]
  for (const b of bps) {
    body.push(`<line x1="${r2(x(b))}" x2="${r2(x(b))}" y1="${yTop}" y2="${yBottom}" stroke="${COLORS.ink}" stroke-dasharray="${DASHES.dotted}"/>`)
  }
  series.forEach((s, k) => {
    const st = STYLES[k % STYLES.length]
    body.push(`<path d="${path(s)}" fill="none" stroke="${st.color}" stroke-width="2.5" stroke-dasharray="${st.dash}"/>`)
  })
  // Labels after the curves, so that their white halo keeps them legible where a curve passes.
  const labels = markerLabelRows(bps.map((b) => ({ px: x(b), text: `λ = ${fmt(b)}` })), yBottom, left, WIDTH - MARGIN.right)
  body.push(labels.svg)
  const key = legend(
      opts.paths.map((p, k) => ({ label: p.label, color: STYLES[k % STYLES.length].color, dash: STYLES[k % STYLES.length].dash })),
      { left, right: WIDTH - MARGIN.right, top: yTop, bottom: yBottom },
      [...series.flatMap((s) => pathPoints(s, x, y)), ...labels.taken],
      HEIGHT,
    )
  body.push(key.svg)
  const described = opts.paths.map((p) => `${p.label} is ${fmt(p.coef(0))} at λ = 0`).join(', ')
  const alt =
    opts.alt ??
    `Lasso coefficient paths against λ from 0 to ${fmt(lamMax)}: ${described}; each path is piecewise linear and reaches exactly 0 at a breakpoint, staying 0 for larger λ.` +
    (bps.length > 0 ? ` Breakpoints marked at λ = ${bps.map((b) => fmt(b)).join(' and ')}.` : '')
  return { svg: svgFrame({ id, title: opts.title ?? 'Lasso coefficient paths', desc: alt, body: body.join(''), height: HEIGHT + key.height }), alt, caption: opts.caption }
}
