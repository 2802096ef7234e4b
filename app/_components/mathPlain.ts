/**
 * Math text as plain Unicode text ("$(x_i - \bar x)^2$" → "(xᵢ − x̄)²"), for the places where assistive
 * technology needs words rather than a formula: table headers and headings made only of math.
 */
const SYMBOLS: Record<string, string> = {
  lambda: 'λ', alpha: 'α', beta: 'β', rho: 'ρ', sigma: 'σ', mu: 'μ', Sigma: 'Σ', sum: 'Σ', cdot: '·', times: '×', top: 'ᵀ',
  le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠', approx: '≈', infty: '∞', to: '→', in: '∈', pm: '±', ldots: '…', dots: '…',
  lvert: '|', rvert: '|', lVert: '‖', rVert: '‖', left: '', right: '', quad: ' ', qquad: ' ', Big: '', big: '', mathrm: '', text: '', operatorname: '',
}
const SUB: Record<string, string> = { 0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', n: 'ₙ', '-': '₋', '+': '₊' }
const SUP: Record<string, string> = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '*': '*', '-': '⁻', '+': '⁺', T: 'ᵀ', n: 'ⁿ', i: 'ⁱ' }
const ACCENT: Record<string, string> = { bar: '\u0304', hat: '\u0302', tilde: '\u0303', overline: '\u0305' }

const script = (s: string, map: Record<string, string>, mark: string) =>
  [...s].every((c) => map[c]) ? [...s].map((c) => map[c]).join('') : `${mark}(${s})`

function texToText(tex: string): string {
  let s = tex
  // \frac{a}{b} → (a)/(b), innermost first.
  for (let i = 0; i < 5; i++) s = s.replace(/\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}/g, '($1)/($2)')
  s = s.replace(/\\(bar|hat|tilde|overline)\s*\{([^{}]*)\}/g, (_, a: string, x: string) => `${x}${ACCENT[a]}`)
  s = s.replace(/\\(bar|hat|tilde|overline)\s*([A-Za-z])/g, (_, a: string, x: string) => `${x}${ACCENT[a]}`)
  s = s.replace(/\\([A-Za-z]+)/g, (_m, name: string) => SYMBOLS[name] ?? name)
  s = s.replace(/\\[,;!: ]/g, ' ').replace(/\^ᵀ/g, 'ᵀ')
  s = s.replace(/_\{([^{}]*)\}/g, (_, x: string) => script(x.trim(), SUB, '_'))
  s = s.replace(/_([A-Za-z0-9])/g, (_, x: string) => script(x, SUB, '_'))
  s = s.replace(/\^\{([^{}]*)\}/g, (_, x: string) => script(x.trim(), SUP, '^'))
  s = s.replace(/\^([A-Za-z0-9*])/g, (_, x: string) => script(x, SUP, '^'))
  return s.replace(/[{}]/g, '').replace(/\s*-\s*/g, ' − ').replace(/\s+/g, ' ').trim()
}

export function mathPlain(mathText: string): string {
  return mathText
    .split(/(\$\$?[^$]*\$\$?)/)
    .map((seg) => (seg.startsWith('$') ? texToText(seg.replace(/^\$\$?|\$\$?$/g, '')) : seg))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC')
}
