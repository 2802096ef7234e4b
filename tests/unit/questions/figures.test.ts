import { describe, expect, test } from 'vitest'
import { constraintGeometry, dataWithLines, slopeVsLambda } from '@/lib/questions/figures'

const accessible = (svg: string) => {
  expect(svg.startsWith('<svg')).toBe(true)
  expect(svg).toContain('role="img"')
  expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/)
  expect(svg).toMatch(/<title id="[^"]+">[^<]+<\/title>/)
  expect(svg).toMatch(/<desc id="[^"]+">[^<]+<\/desc>/)
  expect(svg).not.toMatch(/NaN|Infinity/)
}

describe('figures', () => {
  test('dataWithLines: points and lines in the text alternative; labels escaped', () => {
    const f = dataWithLines({ x: [0, 1, 2], y: [1, 3, 2], lines: [{ slope: 0.5, intercept: 1.5, label: 'OLS <fit>' }] })
    accessible(f.svg)
    expect(f.alt).toContain('(0, 1), (1, 3), (2, 2)')
    expect(f.alt).toContain('OLS <fit>: y = 0.5x + 1.5')
    expect(f.svg).not.toContain('<fit>')
    expect(f.svg).toContain('OLS &lt;fit&gt;')
    expect(f.svg.match(/<circle/g)?.length).toBe(3 + 1) // three points and the legend marker
  })

  test('slopeVsLambda: lasso hits 0 at λ* and stays; the student’s λ is marked', () => {
    // S_xx = 10, S_xy = 8: lasso m(λ) = max(8 − λ/2, 0)/10, λ* = 16; ridge m(λ) = 8/(10 + λ).
    const f = slopeVsLambda({
      lambdaMax: 24,
      lasso: (l) => Math.max(8 - l / 2, 0) / 10,
      ridge: (l) => 8 / (10 + l),
      lambdaStar: 16,
      studentLambda: 8,
    })
    accessible(f.svg)
    expect(f.alt).toContain('OLS slope 0.8')
    expect(f.alt).toContain('exactly 0 at λ* = 16')
    expect(f.alt).toContain('stays at 0')
    expect(f.alt).toContain('0.2353 at λ = 24') // 8/34
    expect(f.alt).toContain('λ = 8')
    expect(f.svg).toContain('λ* = 16')
  })

  test('constraintGeometry: the lasso solution on an axis is described as a zero', () => {
    const f = constraintGeometry({ kind: 'l1', t: 1, ols: [2, 0.5], A: [[2, 0.5], [0.5, 1]], solution: [1, 0] })
    accessible(f.svg)
    expect(f.alt).toContain('L1 diamond')
    expect(f.alt).toContain('w₂ = 0')
    const g = constraintGeometry({ kind: 'l2', t: 1, ols: [2, 0.5], A: [[1, 0], [0, 1]], solution: [0.97, 0.243] })
    accessible(g.svg)
    expect(g.alt).toContain('both coefficients are non-zero')
  })

  test('the same figure gives the same markup; different figures get different ids', () => {
    const a = dataWithLines({ x: [0, 1], y: [1, 2] })
    expect(dataWithLines({ x: [0, 1], y: [1, 2] }).svg).toBe(a.svg)
    const id = (svg: string) => /<title id="([^"]+)"/.exec(svg)![1]
    expect(id(dataWithLines({ x: [0, 1], y: [1, 3] }).svg)).not.toBe(id(a.svg))
  })
})
