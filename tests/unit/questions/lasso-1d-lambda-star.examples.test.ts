/**
 * Hand-computed example: x = 0, 1, 2, 3, 4 and y = 1, 3, 2, 5, 4.
 * x̄ = 2, ȳ = 3; centered x = −2, −1, 0, 1, 2; centered y = −2, 0, −1, 2, 1;
 * S_xx = 10, S_xy = 4 + 0 + 0 + 2 + 2 = 8, Σx_i y_i = 0 + 3 + 4 + 15 + 16 = 38, OLS slope 0.8.
 * λ* = 2|S_xy| = 16 with the penalty λ|m|, |S_xy| = 8 with 2λ|m|.
 * Reversing y (4, 5, 2, 3, 1) gives centered y = 1, 2, −1, 0, −2 and S_xy = −2 − 2 + 0 + 0 − 4 = −8.
 */
import { describe, expect, test } from 'vitest'
import { renderMathText } from '@/lib/questions/render'
import template, { type Variant } from '@/lib/questions/templates/lasso-1d-lambda-star'
import { makeVariant, publicView } from '@/lib/questions/variant'

const up = (convention: Variant['convention']): Variant => ({ x: [0, 1, 2, 3, 4], y: [1, 3, 2, 5, 4], convention })
const down = (convention: Variant['convention']): Variant => ({ x: [0, 1, 2, 3, 4], y: [4, 5, 2, 3, 1], convention })
const diagnose = (v: Variant, answer: number) => template.grade(v, { lambdaStar: answer }).parts.lambdaStar

describe('lasso-1d-lambda-star on a hand-computed example', () => {
  test('λ* in each convention', () => {
    expect(template.solve(up('lambda')).lambdaStar).toBe(16)
    expect(template.solve(up('two-lambda')).lambdaStar).toBe(8)
    expect(template.solve(down('lambda')).lambdaStar).toBe(16)
    expect(diagnose(up('lambda'), 16)).toMatchObject({ score: 1, correct: true })
    expect(diagnose(up('lambda'), 16.01)).toMatchObject({ score: 1 })
  })

  test.each([
    [8, 'other-convention'],
    [0.8, 'ols-slope'],
    [1.6, 'divided-by-sxx'],
    [3.2, 'divided-by-n'],
    [4, 'halved'],
    [20, 'used-sxx'],
    [76, 'uncentered'],
  ])('λ|m| convention, S_xy > 0: %d is %s', (answer, id) => {
    expect(diagnose(up('lambda'), answer)).toMatchObject({ score: 0, correct: false, diagnosis: id })
  })

  test.each([
    [16, 'other-convention'],
    [1.6, 'divided-by-n'],
    [4, 'halved'],
    [10, 'used-sxx'],
    [38, 'uncentered'],
  ])('2λ|m| convention, S_xy > 0: %d is %s', (answer, id) => {
    expect(diagnose(up('two-lambda'), answer)).toMatchObject({ score: 0, diagnosis: id })
  })

  test('S_xy < 0: the signed answers are diagnosed', () => {
    expect(diagnose(down('lambda'), -16).diagnosis).toBe('forgot-abs')
    expect(diagnose(down('lambda'), -8).diagnosis).toBe('signed-sxy')
    expect(diagnose(down('lambda'), -0.8).diagnosis).toBe('ols-slope')
    expect(diagnose(down('two-lambda'), -8).diagnosis).toBe('forgot-abs')
    expect(diagnose(down('two-lambda'), 8).correct).toBe(true)
  })

  test('the 2λ|m| convention: with S_xy > 0 the OLS slope 0.8 is also λ*/S_xx; it is diagnosed as the OLS slope', () => {
    expect(diagnose(up('two-lambda'), 0.8).diagnosis).toBe('ols-slope')
    expect(template.mistakes.find((m) => m.id === 'divided-by-sxx')!.value(up('two-lambda'))).toBeUndefined()
    // With S_xy < 0 they differ: λ*/S_xx = 0.8, the OLS slope −0.8.
    expect(diagnose(down('two-lambda'), 0.8).diagnosis).toBe('divided-by-sxx')
  })

  test('feedback names the mistake but never states λ*', () => {
    for (const answer of [8, 0.8, 1.6, 3.2, 4, 20, 76, 123]) {
      const fb = diagnose(up('lambda'), answer).feedback
      expect(fb).not.toMatch(/\b16\b/)
    }
  })

  test('the statement shows the loss of the variant’s convention, and no answer', () => {
    const one = publicView(template, up('lambda'))
    const two = publicView(template, up('two-lambda'))
    expect(one.intro.statement).toContain('+ \\lambda|m|')
    expect(two.intro.statement).toContain('+ 2\\lambda|m|')
    expect(JSON.stringify(one)).not.toMatch(/\b16\b/)
    expect(one.parts.map((p) => p.id)).toEqual(['lambdaStar'])
  })

  test('the derivation shows the hand-computed sums and comments on the student’s value', () => {
    const steps = template.derive(up('lambda'), { lambdaStar: 8 })
    const text = steps.map((s) => s.body).join('\n')
    expect(text).toContain('S_{xx} = \\sum_{i=1}^{5} (x_i - \\bar x)^2 = 10')
    expect(text).toContain('= 8$$')
    expect(text).toContain('\\lambda^* = 16')
    expect(text).toMatch(/Your answer \$8\$ is what you get if: used the other penalty convention/)
    const table = steps.find((s) => s.table)!.table!
    expect(table.rows.at(-1)).toEqual(['$\\sum$', 10, 15, '$0$', '$0$', '$10$', '$8$'])
    const figure = steps.find((s) => s.figure)!.figure!
    expect(figure.svg).toContain('role="img"')
    expect(figure.alt).toContain('λ* = 16')
    expect(figure.alt).toContain('0.8')
    expect(steps.at(-1)!.title).toMatch(/stays 0/)
    for (const s of steps) expect(renderMathText(s.body)).not.toContain('katex-error')
  })

  test('fractions are exact where the means are not integers', () => {
    // x = 0, 0, 1 → x̄ = 1/3, S_xx = 2/3; y = 0, 1, 1 → ȳ = 2/3, S_xy = (−1/3)(−2/3) + (−1/3)(1/3) + (2/3)(1/3) = 1/3.
    const v: Variant = { x: [0, 0, 1], y: [0, 1, 1], convention: 'lambda' }
    const text = template.derive(v).map((s) => s.body).join('\n')
    expect(text).toContain('\\frac{1}{3} \\approx 0.3333')
    expect(text).toContain('= \\frac{2}{3} \\approx 0.6667, \\qquad S_{xy}')
    expect(text).toContain('\\lambda^* = \\frac{2}{3}')
  })

  test('params: defaults, bounds, and a fixed convention', () => {
    expect(template.params.parse({})).toMatchObject({ nMin: 5, nMax: 8, convention: 'random' })
    expect(() => template.params.parse({ nMin: 9, nMax: 5 })).toThrow()
    expect(() => template.params.parse({ xMin: 3, xMax: 3 })).toThrow()
    const v = makeVariant(template, { convention: 'two-lambda', nMin: 6, nMax: 6 }, '0123456789abcdef0123456789abcdef')
    expect(v.convention).toBe('two-lambda')
    expect(v.x).toHaveLength(6)
  })
})
