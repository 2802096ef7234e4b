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
/** Longest answer text read; longer input gets a sentence saying so (and costs no attempt). */
export const MAX_LENGTH = 200
const UNDERFLOW = 'That number is too small to tell apart from 0 (it underflows). If you mean 0, type 0; otherwise write it with fewer zeros, e.g. 1.5e-7.'
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
      if (Number.isNaN(value)) throw new InputError(`“NaN” (not a number) is not an answer: enter a number. ${HELP}`)
      if (!Number.isFinite(value)) throw new InputError('That number is too large to be an answer here.')
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
          return noUnderflow(a[0] * a[1], a)
        case 'divide':
          if (a[1] === 0) throw new InputError('Division by zero.')
          return noUnderflow(a[0] / a[1], a)
        case 'pow': {
          const r = a[0] ** a[1]
          if (Number.isNaN(r)) throw new InputError('That power is not a real number.')
          return noUnderflow(r, [a[0]])
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

/** A product, quotient or power of non-zero numbers that rounds to 0 is refused rather than silently read as 0. */
function noUnderflow(r: number, operands: number[]): number {
  if (r === 0 && operands.every((x) => x !== 0)) throw new InputError(UNDERFLOW)
  return r
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
  if (source.length > MAX_LENGTH) {
    return { ok: false, message: `That answer is ${source.length.toLocaleString('en-US')} characters long; an answer may have at most ${MAX_LENGTH}. Enter a single number or a short expression such as 12/7.` }
  }
  if (UNDEFINED_WORDS.test(source)) {
    if (allowUndefined) return { ok: true, value: null, node: null }
    return { ok: false, message: 'This part has a numeric answer: enter a number.' }
  }
  if (/\d,\d/.test(source)) return { ok: false, message: 'Use a point for decimals (2.5), not a comma.' }
  if (/\d\s+\.?\d/.test(source)) return { ok: false, message: 'Remove the space inside the number.' }
  // mathjs reads 0x10, 0b11 and 0o17 as hexadecimal, binary and octal: an answer is a decimal number.
  if (/(^|[^\w.])0[xbo][0-9a-f]/i.test(source)) return { ok: false, message: `Write the number in decimal digits: “${text.trim()}” is not read as a decimal number. ${HELP}` }
  // A literal like 1e-400 is parsed as 0: say so instead of grading 0.
  for (const lit of source.match(/(\d+\.?\d*|\.\d+)e[-+]?\d+/gi) ?? []) {
    if (Number(lit) === 0 && /[1-9]/.test(lit.split(/e/i)[0])) return { ok: false, message: UNDERFLOW }
  }
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
  if (!r.ok) return invalid(r.message)
  const outside = r.value === null ? null : outsideDomain(r.value, kind)
  return outside ? invalid(outside) : valid(r.value)
}

/**
 * The student-facing message when `value` lies outside the part's domain (`min`/`max` of the number kind),
 * else null. An answer outside the domain is refused at no cost: it cannot be the answer to the question asked.
 */
export function outsideDomain(value: number, kind: NumberKind): string | null {
  const why = kind.domainReason ? ` (${kind.domainReason})` : ''
  if (kind.min !== undefined && value < kind.min) return `The answer here is at least ${kind.min}${why}: ${fmtPlain(value)} cannot be it. Nothing was submitted; check the sign.`
  if (kind.max !== undefined && value > kind.max) return `The answer here is at most ${kind.max}${why}: ${fmtPlain(value)} cannot be it. Nothing was submitted.`
  if (kind.integer && !Number.isInteger(value)) return `The answer here is a count, a whole number: ${fmtPlain(value)} cannot be it. Nothing was submitted.`
  return null
}

const fmtPlain = (x: number) => (Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-4) ? x.toExponential(3) : String(Number(x.toPrecision(6)))).replace('-', '−')

/** 1 when within tolerance (or both "undefined"), else 0. */
export function scoreNumber(actual: number | null, expected: number | null, tol: Tolerance = DEFAULT_TOLERANCE): number {
  if (actual === null || expected === null) return actual === expected ? 1 : 0
  return withinTolerance(actual, expected, tol) ? 1 : 0
}
