/**
 * Number answers: validate (raw text → number, or null for "undefined") and score (within tolerance).
 *
 * Input is parsed with mathjs' `parse` and the tree is evaluated here, allowing only numbers, + − × ÷ ^,
 * unary signs, parentheses, `sqrt`, `abs` and `pi`; nothing is ever handed to mathjs' `evaluate`.
 * This module has no Node-only imports: the answer form uses `interpretNumber` to echo the input as KaTeX.
 */
import { create, type MathNode, parseDependencies } from 'mathjs'
import type { AnswerKind, Tolerance } from '../types'
import { invalid, type RawInput, singleString, type Validation, valid } from './result'
import { DEFAULT_TOLERANCE, withinTolerance } from './tolerance'

const { parse } = create({ parseDependencies })

export type NumberKind = Extract<AnswerKind, { type: 'number' }>

export type Interpretation = { ok: true; value: number | null; latex: string } | { ok: false; message: string }

const UNDEFINED_WORDS = /^(undefined|none|does\s*not\s*exist|doesn'?t\s*exist|dne|no\s*value|n\/a)$/i
const MAX_LENGTH = 200
const MAX_NODES = 80
const HELP = 'Use digits, + − × ÷ ^, parentheses, fractions like 12/7, 1.2e3, or sqrt(…).'

/** Typographic symbols students paste or type → the ASCII mathjs reads. */
function normalize(text: string): string {
  return text
    .trim()
    .replace(/[−–—]/g, '-')
    .replace(/[×·⋅∙]/g, '*')
    .replace(/÷/g, '/')
    .replace(/π/g, 'pi')
    .replace(/²/g, '^2')
    .replace(/³/g, '^3')
    .replace(/√\s*(\d+(?:\.\d+)?)/g, 'sqrt($1)')
    .replace(/√/g, 'sqrt')
    .replace(/(\d)\s*[xX]\s*10\s*\^/g, '$1*10^')
}

class InputError extends Error {}

/** Evaluates an allowed expression tree; throws InputError with a student-facing message otherwise. */
function evaluateNode(node: MathNode): number {
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as unknown as { value: unknown }).value
      if (typeof value !== 'number') throw new InputError(`Only numbers are allowed. ${HELP}`)
      if (!Number.isFinite(value)) throw new InputError('That number is too large.')
      return value
    }
    case 'ParenthesisNode':
      return evaluateNode((node as unknown as { content: MathNode }).content)
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name
      if (name === 'pi') return Math.PI
      throw new InputError(`“${name}” is not a number: the answer cannot contain variables or words. ${HELP}`)
    }
    case 'OperatorNode': {
      const { fn, op, args } = node as unknown as { fn: string; op: string; args: MathNode[] }
      const a = args.map(evaluateNode)
      switch (fn) {
        case 'unaryMinus':
          return -a[0]
        case 'unaryPlus':
          return a[0]
        case 'add':
          return a[0] + a[1]
        case 'subtract':
          return a[0] - a[1]
        case 'multiply':
          return a[0] * a[1]
        case 'divide':
          if (a[1] === 0) throw new InputError('Division by zero.')
          return a[0] / a[1]
        case 'pow': {
          const r = a[0] ** a[1]
          if (Number.isNaN(r)) throw new InputError('That power is not a real number.')
          return r
        }
        default:
          throw new InputError(`“${op}” is not allowed. ${HELP}`)
      }
    }
    case 'FunctionNode': {
      const { fn, args } = node as unknown as { fn: { name?: string }; args: MathNode[] }
      const name = fn?.name ?? '?'
      if ((name === 'sqrt' || name === 'abs') && args.length === 1) {
        const a = evaluateNode(args[0])
        if (name === 'abs') return Math.abs(a)
        if (a < 0) throw new InputError('Square root of a negative number.')
        return Math.sqrt(a)
      }
      throw new InputError(`The function “${name}” is not allowed; only sqrt(…) and abs(…) are. ${HELP}`)
    }
    default:
      throw new InputError(`That is not a number. ${HELP}`)
  }
}

function countNodes(node: MathNode): number {
  let count = 0
  node.traverse(() => {
    count++
  })
  return count
}

type Reading = { ok: true; value: number | null; node: MathNode | null } | { ok: false; message: string }

/** Reads the text as a number (or null for "undefined" when allowed), keeping the parsed tree for display. */
function readNumber(text: string, allowUndefined: boolean | undefined): Reading {
  const source = normalize(text ?? '')
  if (source === '') return { ok: false, message: 'Enter an answer.' }
  if (source.length > MAX_LENGTH) return { ok: false, message: 'That answer is too long.' }
  if (UNDEFINED_WORDS.test(source)) {
    if (allowUndefined) return { ok: true, value: null, node: null }
    return { ok: false, message: 'This part has a numeric answer: enter a number.' }
  }
  if (/\d,\d/.test(source)) return { ok: false, message: 'Use a point for decimals (2.5), not a comma.' }
  if (/\d\s+\.?\d/.test(source)) return { ok: false, message: 'Remove the space inside the number.' }
  let node: MathNode
  try {
    node = parse(source)
  } catch {
    return { ok: false, message: `Could not read “${text.trim()}” as a number. ${HELP}` }
  }
  try {
    if (countNodes(node) > MAX_NODES) throw new InputError('That expression is too long.')
    const value = evaluateNode(node)
    if (!Number.isFinite(value)) throw new InputError('That number is too large.')
    return { ok: true, value: Object.is(value, -0) ? 0 : value, node }
  } catch (e) {
    if (e instanceof InputError) return { ok: false, message: e.message }
    return { ok: false, message: `Could not read “${text.trim()}” as a number. ${HELP}` }
  }
}

/**
 * What the text is read as, for the "Interpreted as" preview beside the input:
 * the value (null for "undefined" when allowed) and the KaTeX of the parsed expression.
 */
export function interpretNumber(text: string, opts: { allowUndefined?: boolean } = {}): Interpretation {
  const r = readNumber(text, opts.allowUndefined)
  if (!r.ok) return r
  return { ok: true, value: r.value, latex: r.node ? r.node.toTex() : '\\text{undefined}' }
}

export function validateNumber(raw: RawInput, kind: NumberKind = { type: 'number' }): Validation<number | null> {
  if (raw === undefined) return invalid('Enter an answer.')
  const text = singleString(raw)
  if (text === undefined) return invalid('Enter one number.')
  // Grading needs the value only: the LaTeX of the preview (mathjs' toTex) is not built here.
  const r = readNumber(text, kind.allowUndefined)
  return r.ok ? valid(r.value) : invalid(r.message)
}

/** 1 when within tolerance (or both "undefined"), else 0. */
export function scoreNumber(actual: number | null, expected: number | null, tol: Tolerance = DEFAULT_TOLERANCE): number {
  if (actual === null || expected === null) return actual === expected ? 1 : 0
  return withinTolerance(actual, expected, tol) ? 1 : 0
}
