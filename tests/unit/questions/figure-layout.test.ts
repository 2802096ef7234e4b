/**
 * Issue 9, figures as a reader meets them, checked on the SVG markup of every figure the catalog draws over many
 * variants: the y-axis label clear of the tick labels, no text cut at the figure's edge ("λ = 15.333"), no raw
 * TeX such as `w_j(λ)`, a legend that covers no curve, RSS contours drawn whole, equal data points told apart.
 * Text extents are estimated at 0.62 em per character (wider than the app's own estimate, on purpose).
 */
import { describe, expect, test } from 'vitest'
import { coefficientPaths, constraintGeometry, dataWithLines, slopeVsLambda } from '@/lib/questions/figures'
import { listTemplates } from '@/lib/questions/registry'
import { testSeed } from '@/lib/questions/selftest'
import type { Figure } from '@/lib/questions/types'
import { makeVariant } from '@/lib/questions/variant'

const EM = 0.62

interface Box {
  text: string
  x0: number
  x1: number
  y0: number
  y1: number
}

const num = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="(-?[\\d.]+)"`).exec(tag)
  return m ? Number(m[1]) : undefined
}

function parse(svg: string) {
  const [, w, h] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number)
  const baseFont = Number(/<svg[^>]*font-size="([\d.]+)"/.exec(svg)![1])
  const texts: Box[] = []
  for (const m of svg.matchAll(/<text([^>]*)>(.*?)<\/text>/g)) {
    const [, attrs, inner] = m
    const text = inner.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    const fs = num(attrs, 'font-size') ?? baseFont
    const width = text.length * fs * EM
    const rotated = /transform="translate\(([-\d.]+) ([-\d.]+)\) rotate\(-90\)"/.exec(attrs)
    if (rotated) {
      const [tx, ty] = [Number(rotated[1]), Number(rotated[2])]
      texts.push({ text, x0: tx - fs * 0.8, x1: tx + fs * 0.2, y0: ty - width / 2, y1: ty + width / 2 })
      continue
    }
    const x = num(attrs, 'x') ?? 0
    const y = num(attrs, 'y') ?? 0
    const anchor = /text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start'
    const left = anchor === 'end' ? x - width : anchor === 'middle' ? x - width / 2 : x
    // Baseline at y (dy 0.32em moves it down by about a third of the size).
    const base = /dy="0.32em"/.test(attrs) ? y + 0.32 * fs : y
    // A subscript (tspan baseline-shift="sub") hangs below the baseline.
    const drop = /baseline-shift="sub"/.test(inner) ? 0.45 * fs : 0.2 * fs
    texts.push({ text, x0: left, x1: left + width, y0: base - 0.75 * fs, y1: base + drop })
  }
  const legend = /<g[^>]*class="legend"[^>]*><rect x="([-\d.]+)" y="([-\d.]+)" width="([-\d.]+)" height="([-\d.]+)"/.exec(svg)
  const legendBox = legend ? { x0: Number(legend[1]), y0: Number(legend[2]), x1: Number(legend[1]) + Number(legend[3]), y1: Number(legend[2]) + Number(legend[4]) } : undefined
  // Old markup had no class: its legend is the white, 0.9-opaque rect.
  const oldLegend = /<rect x="([-\d.]+)" y="([-\d.]+)" width="([-\d.]+)" height="([-\d.]+)" fill="#fff" fill-opacity="0.9"/.exec(svg)
  const box = legendBox ?? (oldLegend ? { x0: Number(oldLegend[1]), y0: Number(oldLegend[2]), x1: Number(oldLegend[1]) + Number(oldLegend[3]), y1: Number(oldLegend[2]) + Number(oldLegend[4]) } : undefined)
  // Curves: the points of every stroked, unfilled path, densified along its segments.
  const curves: { stroke: string; points: [number, number][] }[] = []
  for (const m of svg.matchAll(/<path([^>]*)d="([^"]+)"([^>]*)>/g)) {
    const attrs = m[1] + m[3]
    const vertices = Array.from(m[2].matchAll(/(-?[\d.]+),(-?[\d.]+)/g), (p) => [Number(p[1]), Number(p[2])] as [number, number])
    const points: [number, number][] = []
    vertices.forEach(([px, py], k) => {
      if (k > 0) {
        const [qx, qy] = vertices[k - 1]
        const steps = Math.ceil(Math.hypot(px - qx, py - qy) / 3)
        for (let s = 1; s < steps; s++) points.push([qx + ((px - qx) * s) / steps, qy + ((py - qy) * s) / steps])
      }
      points.push([px, py])
    })
    curves.push({ stroke: /stroke="([^"]+)"/.exec(attrs)?.[1] ?? '', points })
  }
  const clip = /<clipPath[^>]*><rect x="([-\d.]+)" y="([-\d.]+)" width="([-\d.]+)" height="([-\d.]+)"/.exec(svg)
  const plot = clip ? { x0: Number(clip[1]), y0: Number(clip[2]), x1: Number(clip[1]) + Number(clip[3]), y1: Number(clip[2]) + Number(clip[4]) } : undefined
  return { w, h, texts, legend: box, curves, plot }
}

const overlap = (a: Box, b: Box) => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 1 && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > 1

/** Every layout fault of one figure, as sentences. */
function faults(svg: string): string[] {
  const f = parse(svg)
  const out: string[] = []
  for (const t of f.texts) {
    if (t.x0 < -0.5 || t.x1 > f.w + 0.5 || t.y0 < -0.5 || t.y1 > f.h + 0.5) out.push(`"${t.text}" is cut at the edge`)
    if (/[_\\$]/.test(t.text)) out.push(`"${t.text}" shows raw TeX`)
  }
  for (let i = 0; i < f.texts.length; i++)
    for (let j = i + 1; j < f.texts.length; j++) if (overlap(f.texts[i], f.texts[j])) out.push(`"${f.texts[i].text}" overlaps "${f.texts[j].text}"`)
  if (f.legend) {
    const L = f.legend
    for (const c of f.curves) {
      const under = c.points.filter(([x, y]) => x > L.x0 + 1 && x < L.x1 - 1 && y > L.y0 + 1 && y < L.y1 - 1).length
      if (under > 0) out.push(`the legend covers ${under} points of a ${c.stroke} curve`)
    }
  }
  return out
}

/** Every figure the catalog draws (question intros and derivations) over `seeds` variants of each template. */
function catalogFigures(seeds: number): { where: string; figure: Figure }[] {
  const out: { where: string; figure: Figure }[] = []
  for (const t of listTemplates()) {
    for (let i = 0; i < seeds; i++) {
      const v = makeVariant(t, {}, testSeed(i, 'figures'))
      const intro = t.intro(v)
      if (intro.figure) out.push({ where: `${t.id} #${i} intro`, figure: intro.figure })
      for (const s of t.derive(v)) if (s.figure) out.push({ where: `${t.id} #${i} ${s.title}`, figure: s.figure })
    }
  }
  return out
}

describe('issue 9: figure layout', () => {
  test('across the catalog: no text cut, no text over text (the y label clear of the ticks), no raw TeX, no curve under the legend', () => {
    const figures = catalogFigures(25)
    expect(figures.length).toBeGreaterThan(100)
    const bad = figures.flatMap(({ where, figure }) => faults(figure.svg).map((f) => `${where}: ${f}`))
    expect(bad.slice(0, 20)).toEqual([])
  }, 60_000)

  test('a breakpoint near the right edge is labelled on its left, whole ("λ = 15.333" was cut)', () => {
    const f = coefficientPaths({ lambdaMax: 16, paths: [{ label: 'w₁', coef: (l) => Math.max(0, 3 - l / 5) }], breakpoints: [15.333] })
    expect(f.svg).toContain('λ = 15.33')
    expect(faults(f.svg)).toEqual([])
  })

  test('the path plot names its axis wⱼ(λ) with a subscript, not the raw w_j(λ)', () => {
    const f = coefficientPaths({ lambdaMax: 10, paths: [{ label: 'w₁', coef: (l) => Math.max(0, 2 - l / 5) }] })
    expect(f.svg).not.toContain('w_j')
    expect(f.svg).toMatch(/w<tspan baseline-shift="sub"[^>]*>j<\/tspan>\(λ\)/)
  })

  test('the legend moves off a line that runs through the top-right corner', () => {
    // A slope that rises to its largest value at the right: the top-right corner is where the line is.
    const f = slopeVsLambda({ lambdaMax: 10, lasso: (l) => -2 + l / 5, ridge: (l) => -2 + l / 5.5 })
    expect(faults(f.svg)).toEqual([])
    const legend = parse(f.svg).legend!
    expect(legend.x0).toBeLessThan(240)
  })

  test('RSS contours are drawn whole inside the plot, also for long, tilted ellipses', () => {
    for (const A of [
      [[1, 0.95], [0.95, 1]],
      [[10, 0], [0, 0.1]],
      [[2, 0.5], [0.5, 1]],
    ] as [[number, number], [number, number]][]) {
      const f = constraintGeometry({ kind: 'l1', t: 1, ols: [2, 0.5], A, solution: [1, 0] })
      const { plot, curves } = parse(f.svg)
      const contours = curves.filter((c) => c.stroke === '#D55E00')
      expect(contours.length).toBe(3)
      for (const c of contours) for (const [x, y] of c.points) expect(x >= plot!.x0 - 0.5 && x <= plot!.x1 + 0.5 && y >= plot!.y0 - 0.5 && y <= plot!.y1 + 0.5, `${x},${y}`).toBe(true)
    }
  })

  test('equal data points are told apart: one dot with "×2" beside it, and the text alternative counts them', () => {
    const f = dataWithLines({ x: [1, 1, 2, 3], y: [2, 2, 3, 5], lines: [{ slope: 1.5, intercept: 0.25, label: 'OLS' }] })
    expect(f.svg).toContain('×2')
    expect(f.alt).toContain('(1, 2) 2 times')
    expect(faults(f.svg)).toEqual([])
  })

  test('text is at least 9.5 px on a 390 px phone (figure about 320 px wide) and a figure may grow on a wide screen', () => {
    for (const f of catalogFigures(2)) {
      const { w } = parse(f.figure.svg)
      const font = Number(/<svg[^>]*font-size="([\d.]+)"/.exec(f.figure.svg)![1])
      expect((font * 320) / w, f.where).toBeGreaterThanOrEqual(9.5)
      const maxWidth = Number(/max-width:(\d+)px/.exec(f.figure.svg)![1])
      expect(maxWidth, f.where).toBeGreaterThanOrEqual(500)
    }
  })
})
