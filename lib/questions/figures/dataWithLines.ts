/** Scatter plot of the data with fitted lines y = m·x + b (OLS, ridge, lasso, the student's…). */
import { scaleLinear } from 'd3-scale'
import { fmt } from '../format'
import type { Figure } from '../types'
import { axes, COLORS, DASHES, HEIGHT, idPrefix, leftMargin, legend, MARGIN, padded, pathPoints, r2, svgFrame, WIDTH } from './svg'

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
  const y = scaleLinear().domain(yDomain).range([HEIGHT - MARGIN.bottom, MARGIN.top]).nice()
  const left = leftMargin(y)
  const x = scaleLinear().domain([xLo, xHi]).range([left, WIDTH - MARGIN.right]).nice()
  const id = idPrefix(`data|${opts.x.join(',')}|${opts.y.join(',')}|${lines.map((l) => `${l.slope},${l.intercept}`).join(';')}`)
  const [dx0, dx1] = x.domain()
  const body: string[] = [
    `<clipPath id="${id}-clip"><rect x="${left}" y="${MARGIN.top}" width="${WIDTH - left - MARGIN.right}" height="${HEIGHT - MARGIN.top - MARGIN.bottom}"/></clipPath>`,
    axes(x, y, opts.xLabel ?? 'x', opts.yLabel ?? 'y'),
  ]
  const styled = lines.map((l, k) => ({ ...l, color: l.color ?? LINE_STYLES[k % 4].color, dash: l.dash ?? LINE_STYLES[k % 4].dash }))
  for (const l of styled) {
    body.push(
      `<line clip-path="url(#${id}-clip)" x1="${r2(x(dx0))}" y1="${r2(y(l.slope * dx0 + l.intercept))}" x2="${r2(x(dx1))}" ` +
        `y2="${r2(y(l.slope * dx1 + l.intercept))}" stroke="${l.color}" stroke-width="2.5" stroke-dasharray="${DASHES[l.dash]}"/>`,
    )
  }
  // Equal points would hide each other: each distinct point is drawn once, with "×k" beside it when k share it.
  const distinct = new Map<string, { x: number; y: number; count: number }>()
  opts.x.forEach((xi, i) => {
    const key = `${xi},${opts.y[i]}`
    const seen = distinct.get(key)
    if (seen) seen.count++
    else distinct.set(key, { x: xi, y: opts.y[i], count: 1 })
  })
  const dots = [...distinct.values()].map((p) => {
    const [cx, cy] = [x(p.x), y(p.y)]
    const dot = `<circle cx="${r2(cx)}" cy="${r2(cy)}" r="4.5" fill="${COLORS.ink}"/>`
    if (p.count === 1) return dot
    return (
      `<circle cx="${r2(cx)}" cy="${r2(cy)}" r="8" fill="none" stroke="${COLORS.ink}" stroke-width="1.5"/>${dot}` +
      `<text x="${r2(cx + 10)}" y="${r2(cy - 8)}" fill="${COLORS.ink}" paint-order="stroke" stroke="#fff" stroke-width="3">×${p.count}</text>`
    )
  })
  body.push(`<g aria-hidden="true">${dots.join('')}</g>`)
  let extra = 0
  if (styled.length > 0) {
    const avoid = [
      ...opts.x.map((xi, i) => [x(xi), y(opts.y[i])] as [number, number]),
      ...styled.flatMap((l) => pathPoints([[dx0, l.slope * dx0 + l.intercept], [dx1, l.slope * dx1 + l.intercept]], x, y)),
    ]
    const plot = { left, right: WIDTH - MARGIN.right, top: MARGIN.top, bottom: HEIGHT - MARGIN.bottom }
    const key = legend([{ label: 'data', color: COLORS.ink, marker: true }, ...styled.map((l) => ({ label: l.label, color: l.color, dash: DASHES[l.dash] }))], plot, avoid, HEIGHT)
    body.push(key.svg)
    extra = key.height
  }
  const points = [...distinct.values()].map((p) => `(${fmt(p.x)}, ${fmt(p.y)})${p.count > 1 ? ` ${p.count} times` : ''}`).join(', ')
  const lineText = styled.map((l) => `${l.label}: y = ${fmt(l.slope)}x ${l.intercept < 0 ? '−' : '+'} ${fmt(Math.abs(l.intercept))}`)
  const alt = `Scatter plot of ${opts.x.length} points: ${points}.` + (lineText.length > 0 ? ` Lines: ${lineText.join('; ')}.` : '')
  return { svg: svgFrame({ id, title, desc: alt, body: body.join(''), height: HEIGHT + extra }), alt, caption: opts.caption }
}
