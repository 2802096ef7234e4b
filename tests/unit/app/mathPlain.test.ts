import { describe, expect, it } from 'vitest'
import { mathPlain } from '@/app/_components/mathPlain'

describe('math text as plain words for screen readers and axe', () => {
  it('reads the dataset and derivation headers as text', () => {
    expect(mathPlain('$x_i$')).toBe('xᵢ')
    expect(mathPlain('$(x_i - \\bar x)^2$')).toBe('(xᵢ − x̄)²')
    expect(mathPlain('$(x_i - \\bar x)(y_i - \\bar y)$')).toBe('(xᵢ − x̄)(yᵢ − ȳ)')
    expect(mathPlain('$\\tilde x_{i2}$')).toBe('x̃ᵢ₂')
    expect(mathPlain('ridge pull $2\\lambda w$')).toBe('ridge pull 2λ w')
    expect(mathPlain('$|2\\tilde x_j^\\top \\tilde y|$ (marginal)')).toBe('|2x̃ⱼᵀ ỹ| (marginal)')
  })
  it('never returns an empty string for math-only text', () => {
    for (const t of ['$j$', '$w_j$', '$\\lambda^*_1$', '$\\frac{1}{2n}$']) expect(mathPlain(t).length).toBeGreaterThan(0)
  })
})
