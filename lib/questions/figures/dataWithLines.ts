/** Scatter plot of the data with fitted lines y = m·x + b (OLS, ridge, lasso, the student's…). */
import { scaleLinear } from 'd3-scale'
import { fmt } from '../format'
import type { Figure } from '../types'
import { axes, COLORS, DASHES, HEIGHT, idPrefix, legend, MARGIN, padded, r2, svgFrame, WIDTH } from './svg'

export interface FigureLine {
  slope: number
  intercept: number
  /** Plain text, e.g. "OLS" or "lasso, λ = 3". */
  label: string
  color?: string
  dash?: keyof typeof DASHES
}

export interface DataWithLinesOptions {
  x: readonly number[]
  y: readonly number[]
  lines?: FigureLine[]
  title?: string
  xLabel?: string
  yLabel?: string
  caption?: string
}

const LINE_STYLES: { color: string; dash: keyof typeof DASHES }[] = [
  { color: COLORS.blue, dash: 'solid' },
  { color: COLORS.vermillion, dash: 'dashed' },
  { color: COLORS.green, dash: 'dotted' },
  { color: COLORS.purple, dash: 'dashdot' },
]

export function dataWithLines(opts: DataWithLinesOptions): Figure {
  const lines = opts.lines ?? []
  const title = opts.title ?? 'Data and fitted lines'
  const [xLo, xHi] = padded(Math.min(...opts.x), Math.max(...opts.x))
  const ys = [...opts.y, ...lines.flatMap((l) => [l.slope * xLo + l.intercept, l.slope * xHi + l.intercept])]
  const [yLo, yHi] = padded(Math.min(...opts.y), Math.max(...opts.y), 0.15)
  // Lines may leave the data's y-range; the plot keeps the data's range (plus a margin) and clips them.
  const yDomain: [number, number] = [Math.min(yLo, ...ys.filter((v) => v >= yLo - (yHi - yLo))), Math.max(yHi, ...ys.filter((v) => v <= yHi + (yHi - yLo)))]
  const x = scaleLinear().domain([xLo, xHi]).range([MARGIN.left, WIDTH - MARGIN.right]).nice()
  const y = scaleLinear().domain(yDomain).range([HEIGHT - MARGIN.bottom, MARGIN.top]).nice()
  const id = idPrefix(`data|${opts.x.join(',')}|${opts.y.join(',')}|${lines.map((l) => `${l.slope},${l.intercept}`).join(';')}`)
  const [dx0, dx1] = x.domain()
  const body: string[] = [
    `<clipPath id="${id}-clip"><rect x="${MARGIN.left}" y="${MARGIN.top}" width="${WIDTH - MARGIN.left - MARGIN.right}" height="${HEIGHT - MARGIN.top - MARGIN.bottom}"/></clipPath>`,
    axes(x, y, opts.xLabel ?? 'x', opts.yLabel ?? 'y'),
  ]
  const styled = lines.map((l, k) => ({ ...l, color: l.color ?? LINE_STYLES[k % 4].color, dash: l.dash ?? LINE_STYLES[k % 4].dash }))
  for (const l of styled) {
    body.push(
      `<line clip-path="url(#${id}-clip)" x1="${r2(x(dx0))}" y1="${r2(y(l.slope * dx0 + l.intercept))}" x2="${r2(x(dx1))}" ` +
        `y2="${r2(y(l.slope * dx1 + l.intercept))}" stroke="${l.color}" stroke-width="2.5" stroke-dasharray="${DASHES[l.dash]}"/>`,
    )
  }
  const dots = opts.x.map((xi, i) => `<circle cx="${r2(x(xi))}" cy="${r2(y(opts.y[i]))}" r="4.5" fill="${COLORS.ink}"/>`)
  body.push(`<g aria-hidden="true">${dots.join('')}</g>`)
  if (styled.length > 0) {
    body.push(legend([{ label: 'data', color: COLORS.ink, marker: true }, ...styled.map((l) => ({ label: l.label, color: l.color, dash: DASHES[l.dash] }))], WIDTH - MARGIN.right - 4, MARGIN.top + 4))
  }
  const points = opts.x.map((xi, i) => `(${fmt(xi)}, ${fmt(opts.y[i])})`).join(', ')
  const lineText = styled.map((l) => `${l.label}: y = ${fmt(l.slope)}x ${l.intercept < 0 ? '−' : '+'} ${fmt(Math.abs(l.intercept))}`)
  const alt = `Scatter plot of ${opts.x.length} points: ${points}.` + (lineText.length > 0 ? ` Lines: ${lineText.join('; ')}.` : '')
  return { svg: svgFrame({ id, title, desc: alt, body: body.join('') }), alt, caption: opts.caption }
}
