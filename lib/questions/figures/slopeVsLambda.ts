/**
 * The slope as a function of the penalty, m(λ): the lasso's falls to exactly 0 at λ* and stays there, the
 * ridge's only approaches 0. The curves are sampled from functions the template builds with lib/solver,
 * so the figure itself computes no regression.
 */
import { scaleLinear } from 'd3-scale'
import { line } from 'd3-shape'
import { fmt } from '../format'
import type { Figure } from '../types'
import { axes, boxPoints, COLORS, DASHES, HEIGHT, idPrefix, leftMargin, legend, MARGIN, markerLabelPlaced, padded, pathPoints, r2, svgFrame, WIDTH } from './svg'

export interface SlopeVsLambdaOptions {
  /** λ runs over [0, lambdaMax]. */
  lambdaMax: number
  /** m(λ) of the lasso (from lib/solver). */
  lasso: (lambda: number) => number
  /** m(λ) of ridge, drawn for comparison when given. */
  ridge?: (lambda: number) => number
  /** Marked with a vertical line and a point at (λ*, 0). */
  lambdaStar?: number
  /** Points per curve (default 60; λ* is always one of them, so the lasso's kink is exact). */
  samples?: number
  /** The student's λ, marked when finite, ≥ 0 and not λ* (plain-text label in `studentLabel`). */
  studentLambda?: number | null
  studentLabel?: string
  title?: string
  caption?: string
}

export function slopeVsLambda(opts: SlopeVsLambdaOptions): Figure {
  const n = opts.samples ?? 60
  const lamMax = opts.lambdaMax
  const lams = Array.from({ length: n + 1 }, (_, k) => (lamMax * k) / n)
  if (opts.lambdaStar !== undefined && opts.lambdaStar > 0 && opts.lambdaStar < lamMax) lams.push(opts.lambdaStar)
  lams.sort((a, b) => a - b)
  const lassoPts = lams.map((l) => [l, opts.lasso(l)] as [number, number])
  const ridgePts = opts.ridge ? lams.map((l) => [l, opts.ridge!(l)] as [number, number]) : []
  const ms = [0, ...lassoPts.map((p) => p[1]), ...ridgePts.map((p) => p[1])]
  const y = scaleLinear().domain(padded(Math.min(...ms), Math.max(...ms), 0.12)).range([HEIGHT - MARGIN.bottom, MARGIN.top]).nice()
  const left = leftMargin(y)
  const x = scaleLinear().domain([0, lamMax]).range([left, WIDTH - MARGIN.right])
  const path = line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]))
  const id = idPrefix(`mlambda|${lamMax}|${lassoPts[0][1]}|${opts.lambdaStar ?? ''}|${opts.studentLambda ?? ''}`)
  const body: string[] = [axes(x, y, 'λ (penalty)', 'slope m(λ)')]
  const series: { label: string; color: string; dash?: string }[] = []
  if (ridgePts.length > 0) {
    body.push(`<path d="${path(ridgePts)}" fill="none" stroke="${COLORS.blue}" stroke-width="2.5" stroke-dasharray="${DASHES.dashed}"/>`)
    series.push({ label: 'ridge', color: COLORS.blue, dash: DASHES.dashed })
  }
  body.push(`<path d="${path(lassoPts)}" fill="none" stroke="${COLORS.vermillion}" stroke-width="3"/>`)
  series.push({ label: 'lasso', color: COLORS.vermillion })
  const [yTop, yBottom] = [MARGIN.top, HEIGHT - MARGIN.bottom]
  const avoid = [...pathPoints(lassoPts, x, y), ...pathPoints(ridgePts, x, y)]
  /** A marker's label, inside the plot; the legend keeps clear of it. */
  const labelAt = (px: number, py: number, text: string) => {
    const placed = markerLabelPlaced(px, py, text, left, WIDTH - MARGIN.right)
    avoid.push(...boxPoints(placed.x0, placed.x1, py - 12, py + 4))
    return placed.svg
  }
  const star = opts.lambdaStar
  if (star !== undefined && Number.isFinite(star) && star <= lamMax) {
    body.push(
      `<line x1="${r2(x(star))}" x2="${r2(x(star))}" y1="${yTop}" y2="${yBottom}" stroke="${COLORS.ink}" stroke-dasharray="${DASHES.dotted}"/>` +
        `<circle cx="${r2(x(star))}" cy="${r2(y(0))}" r="5" fill="${COLORS.vermillion}" stroke="#fff"/>` +
        labelAt(x(star), y(0) - 10, `λ* = ${fmt(star)}`),
    )
  }
  const s = opts.studentLambda
  const showStudent = typeof s === 'number' && Number.isFinite(s) && s >= 0 && s <= lamMax && s !== star
  if (showStudent) {
    const label = opts.studentLabel ?? 'your λ'
    body.push(
      `<line x1="${r2(x(s))}" x2="${r2(x(s))}" y1="${yTop}" y2="${yBottom}" stroke="${COLORS.purple}" stroke-width="2" stroke-dasharray="${DASHES.dashdot}"/>` +
        // On the side of the plot away from m = 0 (where the λ* label sits), so the two never overlap.
        labelAt(x(s), y(0) < (yTop + yBottom) / 2 ? yBottom - 8 : yTop + 14, `${label} = ${fmt(s)}`),
    )
    series.push({ label, color: COLORS.purple, dash: DASHES.dashdot })
  }
  if (star !== undefined && Number.isFinite(star) && star <= lamMax) avoid.push([x(star), y(0)])
  const key = legend(series, { left, right: WIDTH - MARGIN.right, top: yTop, bottom: yBottom }, avoid, HEIGHT)
  body.push(key.svg)
  const m0 = opts.lasso(0)
  let alt = `Slope m against λ from 0 to ${fmt(lamMax)}. The lasso slope starts at the OLS slope ${fmt(m0)}`
  if (star !== undefined) alt += `, moves in a straight line to exactly 0 at λ* = ${fmt(star)}, and stays at 0 for every larger λ`
  alt += '.'
  if (opts.ridge) alt += ` The ridge slope starts at the same value and shrinks toward 0 (${fmt(opts.ridge(lamMax))} at λ = ${fmt(lamMax)}) without reaching it.`
  if (showStudent) alt += ` The mark at λ = ${fmt(s)} is ${opts.studentLabel ?? 'your λ'}.`
  return { svg: svgFrame({ id, title: opts.title ?? 'Slope m(λ) of the lasso and ridge', desc: alt, body: body.join(''), height: HEIGHT + key.height }), alt, caption: opts.caption }
}
