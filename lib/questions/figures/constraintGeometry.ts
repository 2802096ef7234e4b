/**
 * Two coefficients (w₁, w₂): the constraint region (L1 diamond |w₁| + |w₂| ≤ t, or L2 disc w₁² + w₂² ≤ t²)
 * and contours of RSS(w) = (w − ŵ)ᵀA(w − ŵ) + const around the OLS solution ŵ, with A = X̃ᵀX̃ (centered).
 * The middle contour passes through the constrained solution, where it touches the region: on an axis
 * (a corner of the diamond) when the lasso zeroes a coefficient.
 */
import { scaleLinear } from 'd3-scale'
import { line } from 'd3-shape'
import { fmt } from '../format'
import type { Figure } from '../types'
import { axes, COLORS, DASHES, idPrefix, leftMargin, legendBelow, r2, svgFrame } from './svg'

export interface ConstraintGeometryOptions {
  kind: 'l1' | 'l2'
  /** Size of the region: |w₁| + |w₂| ≤ t, or ‖w‖₂ ≤ t. */
  t: number
  /** The unconstrained (OLS) solution ŵ. */
  ols: [number, number]
  /** The 2×2 symmetric positive definite matrix A = X̃ᵀX̃ of the RSS quadratic form. */
  A: [[number, number], [number, number]]
  /** The constrained solution (from lib/solver). */
  solution: [number, number]
  labels?: [string, string]
  title?: string
  caption?: string
}

const SIZE = 440
/** Bottom margin: the x tick labels and the axis label. */
const BOTTOM = 48
/** Top margin: room for the level w₂ axis label above the plot (svg.ts `axes`). */
const TOP = 34
/** Right margin: room for half of the last x tick label. */
const RIGHT = 24
/** The RSS contours drawn, as multiples of the level of the one that touches the region: all inside it, so none is cut. */
const CONTOUR_LEVELS = [0.15, 0.45, 1]

/** Eigen-decomposition of a symmetric 2×2 matrix: eigenvalues and unit eigenvectors. */
function eigen2(A: [[number, number], [number, number]]): { values: [number, number]; vectors: [[number, number], [number, number]] } {
  const [[a, b], [, c]] = A
  const mid = (a + c) / 2
  const rad = Math.hypot((a - c) / 2, b)
  const l1 = mid + rad
  const l2 = mid - rad
  if (Math.abs(b) < 1e-14 * Math.max(Math.abs(a), Math.abs(c), 1)) {
    return a >= c ? { values: [a, c], vectors: [[1, 0], [0, 1]] } : { values: [c, a], vectors: [[0, 1], [1, 0]] }
  }
  const v1: [number, number] = [b, l1 - a]
  const n1 = Math.hypot(v1[0], v1[1])
  const u1: [number, number] = [v1[0] / n1, v1[1] / n1]
  return { values: [l1, l2], vectors: [u1, [-u1[1], u1[0]]] }
}

/** Points of the ellipse (w − ŵ)ᵀA(w − ŵ) = level. */
function ellipse(center: [number, number], A: ConstraintGeometryOptions['A'], level: number, steps = 96): [number, number][] {
  const { values, vectors } = eigen2(A)
  const ra = Math.sqrt(level / values[0])
  const rb = Math.sqrt(level / values[1])
  return Array.from({ length: steps + 1 }, (_, k) => {
    const th = (2 * Math.PI * k) / steps
    const a = ra * Math.cos(th)
    const b = rb * Math.sin(th)
    return [center[0] + a * vectors[0][0] + b * vectors[1][0], center[1] + a * vectors[0][1] + b * vectors[1][1]]
  })
}

export function constraintGeometry(opts: ConstraintGeometryOptions): Figure {
  const [l1, l2] = opts.labels ?? ['w₁', 'w₂']
  const { ols, solution, A, t } = opts
  const d = [ols[0] - solution[0], ols[1] - solution[1]]
  const level = d[0] * (A[0][0] * d[0] + A[0][1] * d[1]) + d[1] * (A[1][0] * d[0] + A[1][1] * d[1])
  // The touching contour is shown whole (it was clipped when the ellipses are long): the view spans it too.
  const touching = level > 0 ? ellipse(ols, A, level).flatMap(([a, b]) => [Math.abs(a), Math.abs(b)]) : []
  const extent = 1.1 * Math.max(Math.abs(ols[0]), Math.abs(ols[1]), t, ...touching, 1e-9)
  // A square plot (the diamond must look like one): its side is what the tick labels leave free.
  const y = scaleLinear().domain([-extent, extent]).nice()
  const M = leftMargin(y, 44)
  const side = Math.min(SIZE - RIGHT - M, SIZE - BOTTOM - TOP)
  y.range([TOP + side, TOP])
  const x = scaleLinear().domain(y.domain()).range([M, M + side])
  const path = line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]))
  const id = idPrefix(`geom|${opts.kind}|${t}|${ols.join(',')}|${A.flat().join(',')}|${solution.join(',')}`)
  const body: string[] = [
    `<clipPath id="${id}-clip"><rect x="${M}" y="${TOP}" width="${side}" height="${side}"/></clipPath>`,
    axes(x, y, l1, l2),
  ]
  const region: [number, number][] =
    opts.kind === 'l1'
      ? [
          [t, 0],
          [0, t],
          [-t, 0],
          [0, -t],
          [t, 0],
        ]
      : Array.from({ length: 97 }, (_, k) => [t * Math.cos((2 * Math.PI * k) / 96), t * Math.sin((2 * Math.PI * k) / 96)])
  body.push(`<path d="${path(region)}" fill="${COLORS.blue}" fill-opacity="0.18" stroke="${COLORS.blue}" stroke-width="2.5"/>`)
  if (level > 0) {
    for (const f of CONTOUR_LEVELS) {
      const contour = ellipse(ols, A, level * f)
      body.push(
        `<path clip-path="url(#${id}-clip)" d="${path(contour)}" fill="none" stroke="${COLORS.vermillion}" ` +
          `stroke-width="${f === 1 ? 2.5 : 1.5}" stroke-dasharray="${f === 1 ? '' : DASHES.dashed}"/>`,
      )
    }
  }
  body.push(`<circle cx="${r2(x(ols[0]))}" cy="${r2(y(ols[1]))}" r="4.5" fill="${COLORS.ink}"/>`)
  body.push(`<circle cx="${r2(x(solution[0]))}" cy="${r2(y(solution[1]))}" r="5.5" fill="${COLORS.green}" stroke="${COLORS.ink}"/>`)
  const regionName = opts.kind === 'l1' ? `L1 diamond |${l1}| + |${l2}| ≤ ${fmt(t)}` : `L2 disc ${l1}² + ${l2}² ≤ ${fmt(t)}²`
  // Below the plot: the region, the contours and the two points can fill any corner of it.
  const key = legendBelow(
    [
      { label: opts.kind === 'l1' ? 'L1 region' : 'L2 region', color: COLORS.blue },
      { label: 'RSS contours', color: COLORS.vermillion },
      { label: 'OLS', color: COLORS.ink, marker: true },
      { label: 'solution', color: COLORS.green, marker: true },
    ],
    M,
    SIZE + 4,
    SIZE - M - RIGHT,
  )
  body.push(key.svg)
  const zeros = [solution[0] === 0 ? l1 : null, solution[1] === 0 ? l2 : null].filter(Boolean)
  const alt =
    `The ${regionName} with elliptical RSS contours centred on the OLS solution (${fmt(ols[0])}, ${fmt(ols[1])}). ` +
    `The smallest contour that reaches the region touches it at (${fmt(solution[0])}, ${fmt(solution[1])})` +
    (zeros.length > 0 ? `, on an axis: ${zeros.join(' and ')} = 0.` : ', off the axes: both coefficients are non-zero.')
  return {
    svg: svgFrame({ id, title: opts.title ?? `${opts.kind === 'l1' ? 'Lasso' : 'Ridge'} constraint and RSS contours`, desc: alt, body: body.join(''), width: SIZE, height: Math.ceil(SIZE + 8 + key.height) }),
    alt,
    caption: opts.caption,
  }
}

