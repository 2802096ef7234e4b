/**
 * Issue 9: lasso-2d-sparsity derives its solution instead of announcing it. The worked solution solves the KKT
 * equalities for the nonzero coefficients exactly (fractions) and checks |g_j| ≤ λ for each zero one, with no
 * developer wording. Expected values are solved by hand here.
 */
import { describe, expect, test } from 'vitest'
import { mathTextToPlain } from '@/lib/questions/plain'
import { getTemplate } from '@/lib/questions/registry'
import { testSeed } from '@/lib/questions/selftest'
import type { AnyTemplate } from '@/lib/questions/types'
import { makeVariant } from '@/lib/questions/variant'

const t = getTemplate('lasso-2d-sparsity') as AnyTemplate

describe('lasso-2d-sparsity: the solution is derived from the KKT conditions', () => {
  test('a variant checked by hand', () => {
    // X = [[0,0],[1,2],[2,1],[3,3]], y = [0, 1, 4, 5]: x̃₁ = (−1.5, −0.5, 0.5, 1.5), x̃₂ = (−1.5, 0.5, −0.5, 1.5),
    // ỹ = (−2.5, −1.5, 1.5, 2.5); G = [[5, 4], [4, 5]], c₁ = 3.75 + 0.75 + 0.75 + 3.75 = 9, c₂ = 3.75 − 0.75 − 0.75 + 3.75 = 6.
    // λ = 14: w₂ = 0, w₁ > 0: 2(9 − 5w₁) = 14 → w₁ = (9 − 7)/5 = 2/5; g₂ = 2(6 − 4·2/5) = 44/5 = 8.8 ≤ 14.
    const v = { X: [[0, 0], [1, 2], [2, 1], [3, 3]], y: [0, 1, 4, 5], lambda: 14 }
    const text = t.derive(v).map((s) => `${s.title} ${s.body}`).join('\n')
    expect(text).toContain('w_{1} = \\frac{9 - 7}{5} = \\frac{2}{5} = 0.4')
    expect(text).toContain('g_{2} = 2\\left(6 - 4 \\cdot \\frac{2}{5}\\right) = \\frac{44}{5} = 8.8, \\qquad |g_{2}| \\le \\lambda = 14')
  })

  test('over 100 seeds: each zero coefficient is checked, no developer wording, no bare announcement', () => {
    for (let i = 0; i < 100; i++) {
      const v = makeVariant(t, {}, testSeed(i, 'derive2d')) as { X: number[][]; lambda: number }
      const steps = t.derive(v)
      const plain = steps.map((s) => mathTextToPlain(`${s.title} ${s.body}`)).join('\n')
      expect(plain).not.toMatch(/coordinate descent|solver|lib\//i)
      const zeros = t.solve(v).zeros as string[]
      const check = steps.find((s) => s.title === 'Check the zero coefficients')
      expect(check, `seed ${i}`).toBeDefined()
      for (const z of zeros) {
        const j = Number(z.codePointAt(1)! - 0x2080)
        expect(check?.body, `seed ${i} ${z}`).toMatch(new RegExp(`\\|g_\\{${j}\\}\\| \\\\le \\\\lambda = ${v.lambda}`))
      }
    }
  })
})
