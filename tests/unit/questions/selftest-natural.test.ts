/**
 * The self-test's natural-answer check (issue 9) on a tiny fake template with a vector part w = (2, 3): a named
 * mistake whose value is the zero vector, or a natural answer the test supplies (compared component by
 * component), fails the self-test unless the mistake is marked `natural`.
 */
import { z } from 'zod'
import { describe, expect, test } from 'vitest'
import { gradeWithMisconceptions } from '@/lib/questions/grading'
import { runSelfTest } from '@/lib/questions/selftest'
import type { AnswerValue, Misconception, QuestionTemplate } from '@/lib/questions/types'

interface V {
  k: number
}

function vectorTemplate(mistake: Omit<Misconception<V>, 'id' | 'part' | 'label' | 'description'>): QuestionTemplate<object, V> {
  const t: QuestionTemplate<object, V> = {
    id: 'fake-vector',
    version: 1,
    topic: 'concepts',
    title: 'Fake',
    description: 'A test template',
    params: z.object({}),
    generate: (rng) => ({ k: rng.int(1, 1000) }),
    intro: (v) => ({ statement: `Variant ${v.k}.` }),
    parts: () => [{ id: 'w', prompt: 'The vector?', answer: { type: 'vector', labels: ['w₁', 'w₂'] }, points: 1 }],
    solve: () => ({ w: [2, 3] }),
    mistakes: [{ id: 'the-mistake', part: 'w', label: 'The mistake', description: 'What was done.', ...mistake }],
    grade: (v, s, opts) => gradeWithMisconceptions(t, v, s, opts),
    derive: () => [{ title: 'Step', body: 'Done.' }],
  }
  return t
}

const run = (value: AnswerValue, natural?: boolean, naturalAnswers?: Record<string, AnswerValue[]>) =>
  runSelfTest(vectorTemplate({ value: () => value, natural }), { seeds: 60, renderSeeds: 0, naturalAnswers: () => naturalAnswers ?? {} }).failures

describe('self-test: natural answers of vector parts', () => {
  test('a mistake whose value is the zero vector fails, unless it is marked natural', () => {
    expect(run([0, 0]).join('\n')).toMatch(/the-mistake has the value \[0,0\] of the natural answer \[0,0\]/)
    expect(run([0, 0], true)).toEqual([])
  })

  test('a supplied natural vector answer is compared component by component, under the tolerance', () => {
    expect(run([5, -1], false, { w: [[5.0001, -1]] }).join('\n')).toMatch(/natural answer \[5.0001,-1\]/)
    // One component apart: a different answer, no collision.
    expect(run([5, -1], false, { w: [[5, 1]] })).toEqual([])
    expect(run([5, -1], false)).toEqual([])
  })
})
