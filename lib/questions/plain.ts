/**
 * Math text as plain words and symbols, for the places that cannot hold rendered math: aria labels,
 * titles, plain-text exports. "Component $w_{1}$" → "Component w₁", "Did not center $x$" → "Did not center x",
 * "$\lambda^* =$" → "λ* =". Covers the TeX the catalog writes (letters with accents, sub- and superscripts,
 * fractions, Greek letters, norms, relations); anything else keeps its letters and loses its backslashes
 * and braces, so no raw TeX reaches a screen reader. Browser-safe.
 */
import { splitMathText } from './render'

const SYMBOLS: Record<string, string> = {
  lambda: 'λ', alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', rho: 'ρ', sigma: 'σ', mu: 'μ', theta: 'θ',
  Sigma: 'Σ', Delta: 'Δ', infty: '∞', sum: 'Σ', le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠', approx: '≈',
  cdot: '·', times: '×', pm: '±', to: '→', in: '∈', top: 'ᵀ', mid: '|', lvert: '|', rvert: '|', '|': '‖', ldots: '…', dots: '…',
  cdots: '…', max: 'max', min: 'min', log: 'log', sqrt: '√', partial: '∂', quad: ' ', qquad: ' ', ',': ' ', ';': ' ', ' ': ' ',
  left: '', right: '', big: '', Big: '', displaystyle: '', '{': '{', '}': '}', '$': '$',
}
const ACCENTS: Record<string, string> = { tilde: '\u0303', bar: '\u0304', hat: '\u0302', dot: '\u0307' }
const SUB: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎', j: 'ⱼ', i: 'ᵢ', k: 'ₖ', n: 'ₙ' }
const SUP: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', '*': '*', ᵀ: 'ᵀ', '(': '⁽', ')': '⁾' }

/** Reads one group: `{…}` (its inside) or a single token (a command or a character); returns it and the next index. */
function group(tex: string, i: number): [string, number] {
  while (tex[i] === ' ') i++
  if (tex[i] === '{') {
    let depth = 1
    let j = i + 1
    while (j < tex.length && depth > 0) {
      if (tex[j] === '\\') j++
      else if (tex[j] === '{') depth++
      else if (tex[j] === '}') depth--
      j++
    }
    return [tex.slice(i + 1, j - 1), j]
  }
  if (tex[i] === '\\') {
    const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i))
    return m ? [m[0], i + m[0].length] : ['', i + 1]
  }
  return [tex[i] ?? '', i + 1]
}

function script(text: string, map: Record<string, string>, mark: string): string {
  const chars = [...text]
  return chars.every((c) => map[c] !== undefined) ? chars.map((c) => map[c]).join('') : `${mark}${text.length > 1 ? `(${text})` : text}`
}

/** TeX (the inside of `$…$`) → plain text. */
export function texToPlain(tex: string): string {
  let out = ''
  let i = 0
  while (i < tex.length) {
    const c = tex[i]
    if (c === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i))
      const name = m ? m[1] : ''
      i += m ? m[0].length : 1
      if (name === 'frac' || name === 'tfrac' || name === 'dfrac') {
        const [num, a] = group(tex, i)
        const [den, b] = group(tex, a)
        i = b
        const wrap = (s: string) => (s.length > 1 && /[+\-\s]/.test(s) ? `(${s})` : s)
        out += `${wrap(texToPlain(num))}/${wrap(texToPlain(den))}`
      } else if (ACCENTS[name]) {
        const [arg, j] = group(tex, i)
        i = j
        const inner = texToPlain(arg)
        out += inner.length === 1 ? inner + ACCENTS[name] : inner
      } else if (name === 'text' || name === 'mathrm' || name === 'operatorname' || name === 'mathbf' || name === 'mathit' || name === 'textbf') {
        const [arg, j] = group(tex, i)
        i = j
        out += name === 'text' || name === 'textbf' ? arg : texToPlain(arg)
      } else if (name === 'sqrt') {
        const [arg, j] = group(tex, i)
        i = j
        out += `√(${texToPlain(arg)})`
      } else if (SYMBOLS[name] !== undefined) out += SYMBOLS[name]
      else out += name
    } else if (c === '_' || c === '^') {
      const [arg, j] = group(tex, i + 1)
      i = j
      const inner = texToPlain(arg)
      out += c === '_' ? script(inner, SUB, '_') : script(inner, SUP, '^')
    } else if (c === '{' || c === '}') i++
    else if (c === '~') {
      out += ' '
      i++
    } else {
      out += c
      i++
    }
  }
  return out.replace(/\s+/g, ' ').trim().normalize('NFC')
}

/** Math text → plain text: the math between `$…$` / `$$…$$` becomes plain symbols, the rest is kept. */
export function mathTextToPlain(text: string): string {
  return splitMathText(text)
    .map((s) => (s.kind === 'text' ? s.text : texToPlain(s.tex)))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}

const ORDINALS = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth']

/** The words for position i (0-based) of an order answer: "First", or "First to enter" with slotNoun "to enter". */
export function orderSlotLabel(i: number, slotNoun?: string): string {
  const word = ORDINALS[i] ?? `Number ${i + 1}`
  return slotNoun ? `${word} ${slotNoun}` : word
}
