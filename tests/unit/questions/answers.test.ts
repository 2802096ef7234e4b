import { describe, expect, test } from 'vitest'
import {
  interpretNumber,
  parseSubmission,
  precisionSentence,
  scoreAnswer,
  scoreChoice,
  scoreNumber,
  scoreOrder,
  scoreSparsity,
  scoreVector,
  sigFigUnit,
  validateChoice,
  validateNumber,
  validateOrder,
  validateSparsity,
  validateVector,
} from '@/lib/questions/answers'
import { hasMathErrors, renderMath } from '@/lib/questions/render'
import { getTemplate } from '@/lib/questions/registry'
import type { PartSpec } from '@/lib/questions/types'
import { makeVariant, publicView } from '@/lib/questions/variant'

describe('interpretNumber: accepted inputs', () => {
  const cases: [string, number][] = [
    ['3', 3],
    ['-2.5', -2.5],
    ['+4', 4],
    ['.5', 0.5],
    ['12/7', 12 / 7],
    ['-3/4', -0.75],
    ['1.2e3', 1200],
    ['1.2E-2', 0.012],
    ['1.2×10^3', 1200],
    ['1.2*10^3', 1200],
    ['1.2 x 10^3', 1200],
    ['(3+4)/2', 3.5],
    ['−4', -4],
    ['6 ÷ 4', 1.5],
    ['2·3', 6],
    ['2^-1', 0.5],
    ['sqrt(2)', Math.SQRT2],
    ['√9', 3],
    ['abs(-2)', 2],
    ['2pi', 2 * Math.PI],
    ['  7  ', 7],
  ]
  test.each(cases)('%s → %d', (text, value) => {
    const r = interpretNumber(text)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value).toBeCloseTo(value, 12)
  })

  test('echoes the interpretation as KaTeX that renders', () => {
    const frac = interpretNumber('12/7')
    expect(frac.ok && frac.latex).toBe('\\frac{12}{7}')
    const root = interpretNumber('sqrt(2)')
    expect(root.ok && root.latex).toBe('\\sqrt{2}')
    for (const text of ['(3+4)/2', '1.2×10^3', '-3/4', '2pi']) {
      const r = interpretNumber(text)
      expect(r.ok).toBe(true)
      if (r.ok) expect(hasMathErrors(renderMath(r.latex))).toBe(false)
    }
  })

  test('-0 is read as 0', () => {
    const r = interpretNumber('-0')
    expect(r.ok && Object.is(r.value, 0)).toBe(true)
  })
})

describe('interpretNumber: rejected inputs with a message', () => {
  const cases: [string, RegExp][] = [
    ['', /enter an answer/i],
    ['   ', /enter an answer/i],
    ['x', /variables/i],
    ['2m', /variables/i],
    ['1,5', /point/i],
    ['1 000', /space/i],
    ['3!', /not allowed/i],
    ['1/0', /division by zero/i],
    ['sqrt(-1)', /negative/i],
    ['(-8)^(1/3)', /not a real number/i],
    ['cos(0)', /function/i],
    ['a = 1', /./],
    ['(2', /could not read/i],
    ['1e400', /too large/i],
    ['10^400', /too large/i],
    ['undefined', /numeric answer/i],
    ['"3"', /./],
    ['[1, 2]', /./],
  ]
  test.each(cases)('%j', (text, message) => {
    const r = interpretNumber(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(message)
  })

  test('a very long input is refused', () => {
    expect(interpretNumber('1+'.repeat(150) + '1').ok).toBe(false)
  })
})

describe('"undefined" where the part allows it', () => {
  test.each(['undefined', 'Undefined', 'none', 'does not exist', "doesn't exist", 'DNE'])('%s → null', (text) => {
    const r = interpretNumber(text, { allowUndefined: true })
    expect(r).toMatchObject({ ok: true, value: null })
    expect(validateNumber(text, { type: 'number', allowUndefined: true })).toEqual({ ok: true, value: null })
  })
  test('not where the part does not', () => {
    expect(validateNumber('none', { type: 'number' }).ok).toBe(false)
  })
})

describe('scoreNumber', () => {
  test('4 significant figures by default', () => {
    expect(scoreNumber(1.0005, 1)).toBe(1)
    expect(scoreNumber(100.09, 100)).toBe(1)
    expect(scoreNumber(1.002, 1)).toBe(0)
    expect(scoreNumber(-1, 1)).toBe(0)
  })
  test('absolute floor 1e-6 where the true value is 0', () => {
    expect(scoreNumber(1e-9, 0)).toBe(1)
    expect(scoreNumber(-1e-9, 0)).toBe(1)
    expect(scoreNumber(1e-5, 0)).toBe(0)
  })
  test('a custom tolerance', () => {
    expect(scoreNumber(3.2, 3, { rel: 0.1, abs: 0 })).toBe(1)
    expect(scoreNumber(3.001, 3, { rel: 1e-6, abs: 0 })).toBe(0)
  })
  test('"undefined" matches only "undefined"', () => {
    expect(scoreNumber(null, null)).toBe(1)
    expect(scoreNumber(null, 0)).toBe(0)
    expect(scoreNumber(0, null)).toBe(0)
  })
})

describe('choice', () => {
  const single = { type: 'choice' as const, options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] }
  const multi = { ...single, multiple: true }
  test('validate', () => {
    expect(validateChoice('a', single)).toEqual({ ok: true, value: 'a' })
    expect(validateChoice(['b'], single)).toEqual({ ok: true, value: 'b' })
    expect(validateChoice('c', single).ok).toBe(false)
    expect(validateChoice('', single).ok).toBe(false)
    expect(validateChoice(['a', 'b'], multi)).toEqual({ ok: true, value: ['a', 'b'] })
    expect(validateChoice([], multi).ok).toBe(false)
    expect(validateChoice(['a', 'z'], multi).ok).toBe(false)
  })
  test('score: same option, or exactly the same set', () => {
    expect(scoreChoice('a', 'a')).toBe(1)
    expect(scoreChoice('a', 'b')).toBe(0)
    expect(scoreChoice(['b', 'a'], ['a', 'b'])).toBe(1)
    expect(scoreChoice(['a'], ['a', 'b'])).toBe(0)
  })
})

describe('sparsity', () => {
  const kind = { type: 'sparsity' as const, labels: ['w1', 'w2', 'w3'] }
  test('validate: missing or empty is the empty set; unknown labels are refused', () => {
    expect(validateSparsity(undefined, kind)).toEqual({ ok: true, value: [] })
    expect(validateSparsity([], kind)).toEqual({ ok: true, value: [] })
    expect(validateSparsity(['w3', 'w1', 'w3'], kind)).toEqual({ ok: true, value: ['w3', 'w1'] })
    expect(validateSparsity('w1, w2', kind)).toEqual({ ok: true, value: ['w1', 'w2'] })
    expect(validateSparsity(['w4'], kind).ok).toBe(false)
  })
  test('score: exactly the zero set, any order', () => {
    expect(scoreSparsity(['w3', 'w1'], ['w1', 'w3'])).toBe(1)
    expect(scoreSparsity([], [])).toBe(1)
    expect(scoreSparsity(['w1'], ['w1', 'w3'])).toBe(0)
  })
})

describe('vector', () => {
  const kind = { type: 'vector' as const, labels: ['w1', 'w2'] }
  test('validate: a list, or one comma-separated string, each read as a number', () => {
    expect(validateVector(['1', '2/4'], kind)).toEqual({ ok: true, value: [1, 0.5] })
    expect(validateVector('1.5; -2', kind)).toEqual({ ok: true, value: [1.5, -2] })
    expect(validateVector(['1'], kind).ok).toBe(false)
    const bad = validateVector(['1', 'x'], kind)
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.message).toMatch(/^w2: /)
    expect(validateVector(['1', 'none'], kind).ok).toBe(false)
  })
  test('score: the fraction of components within tolerance', () => {
    expect(scoreVector([1, 0.5], [1, 0.5])).toBe(1)
    expect(scoreVector([1, 0.6], [1, 0.5])).toBe(0.5)
    expect(scoreVector([1e-9, 2], [0, 2])).toBe(1)
    expect(scoreVector([1], [1, 2])).toBe(0)
  })
})

describe('order', () => {
  const kind = { type: 'order' as const, labels: ['a', 'b', 'c'] }
  test('validate: every label exactly once', () => {
    expect(validateOrder(['c', 'a', 'b'], kind)).toEqual({ ok: true, value: ['c', 'a', 'b'] })
    expect(validateOrder('b, c, a', kind)).toEqual({ ok: true, value: ['b', 'c', 'a'] })
    expect(validateOrder(['a', 'a', 'b'], kind).ok).toBe(false)
    expect(validateOrder(['a', 'b'], kind).ok).toBe(false)
    expect(validateOrder(['a', 'b', 'd'], kind).ok).toBe(false)
  })
  test('score: the same sequence', () => {
    expect(scoreOrder(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(1)
    expect(scoreOrder(['b', 'a', 'c'], ['a', 'b', 'c'])).toBe(0)
  })
})

describe('scoreAnswer dispatch', () => {
  test('a value of the wrong shape scores 0', () => {
    expect(scoreAnswer({ type: 'number' }, 'a', 1)).toBe(0)
    expect(scoreAnswer({ type: 'vector', labels: ['a'] }, 1, [1])).toBe(0)
    expect(scoreAnswer({ type: 'sparsity', labels: ['a'] }, [1], ['a'])).toBe(0)
  })
})

describe('parseSubmission', () => {
  const parts: PartSpec[] = [
    { id: 'm', prompt: 'slope', answer: { type: 'number' }, points: 1 },
    { id: 'b', prompt: 'intercept', answer: { type: 'number', allowUndefined: true }, points: 1 },
    { id: 'zero', prompt: 'which are 0', answer: { type: 'sparsity', labels: ['w1', 'w2'] }, points: 1 },
    { id: 'pick', prompt: 'why', answer: { type: 'choice', options: [{ id: 'x1', label: 'one' }] }, points: 1 },
  ]
  test('valid input gives the parsed submission', () => {
    const r = parseSubmission(parts, { m: '12/7', b: 'undefined', pick: 'x1' })
    expect(r).toEqual({ ok: true, submission: { m: 12 / 7, b: null, zero: [], pick: 'x1' } })
  })
  test('a key that is not a part of the question is refused (it would be stored and exported verbatim)', () => {
    const r = parseSubmission(parts, { m: '12/7', b: 'undefined', pick: 'x1', extra: 'hello' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors._form).toMatch(/parts this question does not have/)
  })
  test('one message per offending part', () => {
    const r = parseSubmission(parts, { m: 'x', zero: ['w9'], pick: 'x1' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(Object.keys(r.errors).sort()).toEqual(['b', 'm', 'zero'])
      expect(r.errors.m).toMatch(/variables/)
      expect(r.errors.b).toMatch(/enter an answer/i)
    }
  })
  test('a malformed shape is refused as a whole', () => {
    for (const raw of [null, 'm=3', { m: 3 }, { m: { $gt: 1 } }, [1, 2]]) {
      const r = parseSubmission(parts, raw)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.errors._form).toBeTruthy()
    }
  })
  test('prototype keys are not read as answers', () => {
    const r = parseSubmission([{ id: 'constructor', prompt: '', answer: { type: 'number' }, points: 1 }], {})
    expect(r.ok).toBe(false)
  })
})

describe('issue 9: inputs that are not decimal numbers are refused with a sentence', () => {
  test('"NaN" is "not a number", not "too large"', () => {
    const r = interpretNumber('NaN')
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.message).toMatch(/not a number/i)
      expect(r.message).not.toMatch(/too large/i)
    }
  })
  test.each(['1e-400', '-2.5e-330', '1e-200 * 1e-200', '1e-300 / 1e300', '10^-400'])('%s underflows: refused, never read as 0', (text) => {
    const r = interpretNumber(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(/too small.*underflow/i)
  })
  test('0 itself and tiny representable numbers are still read', () => {
    expect(interpretNumber('0e5')).toMatchObject({ ok: true, value: 0 })
    expect(interpretNumber('0.0')).toMatchObject({ ok: true, value: 0 })
    expect(interpretNumber('0 * 5')).toMatchObject({ ok: true, value: 0 })
    expect(interpretNumber('1e-300')).toMatchObject({ ok: true, value: 1e-300 })
  })
  test.each(['0x10', '0b11', '0o17', '-0x1F', '2*0x10'])('%s (hexadecimal, binary, octal) is refused', (text) => {
    const r = interpretNumber(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(/decimal/i)
  })
  test('a 10,000-character answer gets a sentence with the limit, on the part, not a form-wide "reload"', () => {
    const long = '1'.repeat(10_000)
    const r = interpretNumber(long)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(/10,000 characters.*at most 200/)
    const parts: PartSpec[] = [{ id: 'm', prompt: 'slope', answer: { type: 'number' }, points: 1 }]
    const p = parseSubmission(parts, { m: long })
    expect(p.ok).toBe(false)
    if (!p.ok) {
      expect(p.errors._form).toBeUndefined()
      expect(p.errors.m).toMatch(/at most 200/)
      expect(p.errors.m).not.toMatch(/reload/i)
    }
  })
})

describe('issue 9: a part’s domain', () => {
  const lambdaStar: PartSpec = { id: 'ls', prompt: 'λ*', answer: { type: 'number', min: 0, domainReason: 'λ* is never negative' }, points: 1 }
  test('an answer below the minimum is refused with a message naming the bound and the reason', () => {
    const r = validateNumber('−3', lambdaStar.answer as { type: 'number' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(/at least 0 \(λ\* is never negative\).*−3/)
    const p = parseSubmission([lambdaStar], { ls: '-3' })
    expect(p.ok).toBe(false)
  })
  test('the bound itself and values inside are accepted; max works alike', () => {
    expect(validateNumber('0', lambdaStar.answer as { type: 'number' })).toEqual({ ok: true, value: 0 })
    expect(validateNumber('12/7', lambdaStar.answer as { type: 'number' })).toEqual({ ok: true, value: 12 / 7 })
    expect(validateNumber('1.5', { type: 'number', max: 1 }).ok).toBe(false)
    expect(validateNumber('-1.5', { type: 'number' }).ok).toBe(true)
  })
})

describe('issue 9: the stated precision and the tolerance agree', () => {
  test('"exact, or at least 4 significant figures": every 4-figure rounding or truncation is right, whatever the leading digit', () => {
    for (const e of [3.875, 1.23456, 9.87654, 0.0123456, 98765.4, -Math.E, 1 / 3, 2 / 3, 12 / 7, 1.0005, 9.9996]) {
      const rounded = Number(e.toPrecision(4))
      const truncated = Math.trunc(e / sigFigUnit(e, 4)) * sigFigUnit(e, 4)
      expect(scoreNumber(rounded, e), `${rounded} for ${e}`).toBe(1)
      expect(scoreNumber(truncated, e), `${truncated} for ${e}`).toBe(1)
      expect(scoreNumber(Number(e.toPrecision(6)), e)).toBe(1)
    }
  })
  test('x̄ = 3.875 typed as 3.88 (3 figures, 5 units off in the 4th) is wrong, and so is every 3-figure answer off by more than a unit', () => {
    expect(scoreNumber(3.88, 3.875)).toBe(0)
    expect(scoreNumber(3.87, 3.875)).toBe(0)
    expect(scoreNumber(3.876, 3.875)).toBe(1)
    // The old relative 1e-3 credited 3 figures for leading digit 1 (1.235 → 1.24 is 4e-3 off: wrong now too) and 9.
    expect(scoreNumber(1.24, 1.235)).toBe(0)
    expect(scoreNumber(9.88, 9.876)).toBe(0)
  })
  test('the prompt says it: every number and vector prompt ends with the precision sentence of its tolerance', () => {
    expect(precisionSentence()).toMatch(/exact value.*at least 4 significant figures/)
    expect(precisionSentence({ rel: 0.01, abs: 0 })).toMatch(/within 1 % of it/)
  })
})

describe('issue 9: a count is asked for as a whole number', () => {
  const count = { type: 'number', min: 0, max: 3, integer: true } as const
  test('the count part of choosing-lambda says "whole number", not "a fraction such as 12/7 is fine" or significant figures', () => {
    const t = getTemplate('choosing-lambda')!
    const view = publicView(t, makeVariant(t, {}, 'c0ffee'.repeat(5).slice(0, 32)))
    const part = view.parts.find((p) => p.id === 'count')!
    expect(part.prompt).toMatch(/Give a whole number\.$/)
    expect(part.prompt).not.toMatch(/12\/7|significant figures|fraction/)
  })
  test('a fraction or a decimal with places is refused at no cost, with a sentence; whole numbers in any form are read', () => {
    for (const text of ['5/2', '1.5', '0.999']) {
      const r = validateNumber(text, count)
      expect(r.ok, text).toBe(false)
      if (!r.ok) expect(r.message).toMatch(/whole number/)
    }
    expect(validateNumber('2', count)).toEqual({ ok: true, value: 2 })
    expect(validateNumber('4/2', count)).toEqual({ ok: true, value: 2 })
    expect(validateNumber('2.0', count)).toEqual({ ok: true, value: 2 })
  })
})
