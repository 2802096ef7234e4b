/**
 * gradeWithMisconceptions on a tiny fake template (data 1, 2, 3, 6): part "mean" (x̄ = 3, 1 point) and part
 * "double" (2x̄ = 6, 3 points, carried forward from the student's own mean), plus a part "gap" whose answer
 * is exactly 0.
 */
import { z } from 'zod'
import { describe, expect, test } from 'vitest'
import { gradeWithMisconceptions } from '@/lib/questions/grading'
import type { QuestionTemplate, Submission } from '@/lib/questions/types'

interface V {
  data: number[]
}

function makeTemplate(overrides: Partial<QuestionTemplate<object, V>> = {}): QuestionTemplate<object, V> {
  const t: QuestionTemplate<object, V> = {
    id: 'fake',
    version: 1,
    topic: 'concepts',
    title: 'Fake',
    description: 'A test template',
    params: z.object({}),
    generate: () => ({ data: [1, 2, 3, 6] }),
    intro: () => ({ statement: 'Data $1, 2, 3, 6$.' }),
    parts: () => [
      { id: 'mean', prompt: 'Mean?', answer: { type: 'number' }, points: 1 },
      { id: 'double', prompt: 'Twice the mean?', answer: { type: 'number' }, points: 3 },
      { id: 'gap', prompt: 'Mean minus 3?', answer: { type: 'number' }, points: 1 },
    ],
    // Hand-computed: (1 + 2 + 3 + 6)/4 = 3.
    solve: () => ({ mean: 3, double: 6, gap: 0 }),
    mistakes: [
      { id: 'first-value', part: 'mean', label: 'Took the first value', description: 'The mean uses every value.', value: (v) => v.data[0] },
      { id: 'median', part: 'mean', label: 'Took the median', description: 'The median is not the mean.', value: () => 2.5 },
      { id: 'never', part: 'mean', label: 'Never applies', description: '', value: () => undefined },
      { id: 'forgot-double', part: 'double', label: 'Forgot to double', description: 'Multiply the mean by 2.', value: () => 3 },
    ],
    carryForward: (_v, s: Submission) => (typeof s.mean === 'number' ? { double: 2 * s.mean } : {}),
    grade: (v, s, opts) => gradeWithMisconceptions(t, v, s, opts),
    derive: () => [],
    ...overrides,
  }
  return t
}

const t = makeTemplate()
const v = { data: [1, 2, 3, 6] }

describe('gradeWithMisconceptions', () => {
  test('all right: score 1', () => {
    const g = t.grade(v, { mean: 3, double: 6, gap: 0 })
    expect(g.score).toBe(1)
    for (const p of Object.values(g.parts)) expect(p).toMatchObject({ score: 1, correct: true, diagnosis: null })
  })

  test('4 significant figures by default: 3.001 is right, 3.002 and 3.01 are not', () => {
    expect(t.grade(v, { mean: 3.001, double: 6, gap: 0 }).parts.mean.correct).toBe(true)
    expect(t.grade(v, { mean: 3.002, double: 6, gap: 0 }).parts.mean.correct).toBe(false)
    expect(t.grade(v, { mean: 3.01, double: 6.02, gap: 0 }).parts.mean.correct).toBe(false)
  })

  test('exact zero: 1e-9 is right, 0.001 is not', () => {
    expect(t.grade(v, { mean: 3, double: 6, gap: 1e-9 }).parts.gap.correct).toBe(true)
    expect(t.grade(v, { mean: 3, double: 6, gap: 0.001 }).parts.gap.correct).toBe(false)
  })

  test('a part tolerance widens, an item tolerance overrides it', () => {
    const loose = makeTemplate({
      parts: () => [{ id: 'mean', prompt: 'Mean?', answer: { type: 'number' }, points: 1, tolerance: { rel: 0.1, abs: 0 } }],
      solve: () => ({ mean: 3 }),
    })
    expect(loose.grade(v, { mean: 3.2 }).score).toBe(1)
    expect(loose.grade(v, { mean: 3.2 }, { tolerance: { rel: 1e-6, abs: 0 } }).score).toBe(0)
  })

  test('a wrong answer matching a misconception is diagnosed and named, without the correct value', () => {
    const g = t.grade(v, { mean: 1, double: 6, gap: 0 }).parts.mean
    expect(g).toMatchObject({ score: 0, correct: false, diagnosis: 'first-value' })
    expect(g.feedback).toContain('Took the first value')
    expect(g.feedback).not.toMatch(/3/)
    // Matched under the same tolerance as the answer.
    expect(t.grade(v, { mean: 2.5001, double: 6, gap: 0 }).parts.mean.diagnosis).toBe('median')
  })

  test('a wrong answer matching nothing gets generic feedback', () => {
    const g = t.grade(v, { mean: 100, double: 6, gap: 0 }).parts.mean
    expect(g).toMatchObject({ score: 0, correct: false, diagnosis: null })
    expect(g.feedback).not.toMatch(/\b3\b/)
  })

  test('carry-forward: consistent with the student’s own earlier value gets full credit, flagged', () => {
    const g = t.grade(v, { mean: 4, double: 8, gap: 0 })
    expect(g.parts.mean.score).toBe(0)
    expect(g.parts.double).toMatchObject({ score: 1, carriedForward: true, diagnosis: null })
    expect(g.parts.double.feedback).toMatch(/earlier/)
    // Weighted by points: (1·0 + 3·1 + 1·1) / 5.
    expect(g.score).toBeCloseTo(4 / 5, 12)
  })

  test('carry-forward comes before a misconception of the later part', () => {
    // mean = 1.5 (wrong), double = 3: consistent with 2·1.5, and also the "forgot to double" value.
    const g = t.grade(v, { mean: 1.5, double: 3, gap: 0 })
    expect(g.parts.double).toMatchObject({ score: 1, carriedForward: true })
  })

  test('issue 9: carry-forward keeps the credit but names (and counts) a value that is itself a named mistake of the part', () => {
    const g = t.grade(v, { mean: 1.5, double: 3, gap: 0 })
    expect(g.parts.double).toMatchObject({ score: 1, correct: true, carriedForward: true, diagnosis: 'forgot-double' })
    expect(g.parts.double.feedback).toMatch(/Forgot to double/)
  })

  test('issue 9: a part carried forward from an earlier named mistake says which mistake it was built on', () => {
    // mean = 1 is "took the first value"; double = 2 follows from it.
    const g = t.grade(v, { mean: 1, double: 2, gap: 0 })
    expect(g.parts.mean.diagnosis).toBe('first-value')
    expect(g.parts.double).toMatchObject({ score: 1, carriedForward: true, diagnosis: null })
    expect(g.parts.double.feedback).toMatch(/mistake.*Took the first value/)
  })

  test('the later part’s misconception is diagnosed when the earlier part is right', () => {
    const g = t.grade(v, { mean: 3, double: 3, gap: 0 })
    expect(g.parts.double).toMatchObject({ score: 0, diagnosis: 'forgot-double' })
    expect(g.score).toBeCloseTo(2 / 5, 12)
  })

  test('a missing part scores 0', () => {
    const g = t.grade(v, { mean: 3 })
    expect(g.parts.double).toMatchObject({ score: 0, correct: false })
    expect(g.score).toBeCloseTo(1 / 5, 12)
  })

  test('"undefined" answers and vector partial credit', () => {
    const u = makeTemplate({
      parts: () => [
        { id: 'slope', prompt: '', answer: { type: 'number', allowUndefined: true }, points: 1 },
        { id: 'w', prompt: '', answer: { type: 'vector', labels: ['a', 'b'] }, points: 1 },
      ],
      solve: () => ({ slope: null, w: [1, 0] }),
      mistakes: [],
      carryForward: undefined,
    })
    const g = u.grade(v, { slope: null, w: [1, 5] })
    expect(g.parts.slope.correct).toBe(true)
    expect(g.parts.w).toMatchObject({ score: 0.5, correct: false })
    expect(g.score).toBeCloseTo(0.75, 12)
    expect(u.grade(v, { slope: 0, w: [1, 1e-9] }).parts.slope.correct).toBe(false)
  })
})
