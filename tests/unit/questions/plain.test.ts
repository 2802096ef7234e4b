import { describe, expect, test } from 'vitest'
import { mathTextToPlain, orderSlotLabel, texToPlain } from '@/lib/questions/plain'
import { listTemplates } from '@/lib/questions/registry'
import { makeVariant } from '@/lib/questions/variant'

describe('math text as plain words (aria labels)', () => {
  test.each([
    ['Component $w_{1}$', 'Component w₁'],
    ['Did not center $x$', 'Did not center x'],
    ['$\\lambda^* =$', 'λ* ='],
    ['Forgot the clamp $\\max(\\cdot, 0)$', 'Forgot the clamp max(·, 0)'],
    ['Added $\\lambda/2$ instead of $\\lambda$', 'Added λ/2 instead of λ'],
    ['$\\bar x =$', 'x̄ ='],
    ['$S_{xy}/(S_{xx} + 2\\lambda)$', 'S_(xy)/(S_(xx) + 2λ)'],
    ['$\\tilde x_j^\\top \\tilde y$', 'x̃ⱼᵀ ỹ'],
    ['$\\frac{12}{7}$', '12/7'],
    ['$\\|w\\|_1$', '‖w‖₁'],
    ['$\\operatorname{sign}(S_{xy})$', 'sign(S_(xy))'],
  ])('%s → %s', (text, plain) => {
    expect(mathTextToPlain(text)).toBe(plain)
  })

  test('no raw TeX is left in any label of the catalog (parts, vector/order/sparsity labels, choices, mistakes)', () => {
    for (const t of listTemplates()) {
      const texts = t.mistakes.map((m) => m.label)
      for (let i = 0; i < 5; i++) {
        const v = makeVariant(t, {}, `${i}`.repeat(32))
        for (const p of t.parts(v)) {
          texts.push(p.label ?? '')
          if (p.answer.type === 'choice') texts.push(...p.answer.options.map((o) => o.label))
          if (p.answer.type === 'vector' || p.answer.type === 'order' || p.answer.type === 'sparsity') texts.push(...p.answer.labels)
        }
      }
      for (const text of texts) expect(mathTextToPlain(text), `${t.id}: ${text}`).not.toMatch(/[\\$]|\{|\}/)
    }
  })

  test('TeX with no known command keeps its letters', () => {
    expect(texToPlain('\\foo{a}')).toBe('fooa')
  })

  test('order positions in words', () => {
    expect(orderSlotLabel(0, 'to enter')).toBe('First to enter')
    expect(orderSlotLabel(2)).toBe('Third')
    expect(orderSlotLabel(11)).toBe('Number 12')
  })
})
