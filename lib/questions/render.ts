/**
 * Math text → HTML, server-side. Math text is plain text with inline math between `$…$` and display math
 * between `$$…$$` (see types.ts); `\$` is a literal dollar sign. Plain text is HTML-escaped and its line
 * breaks become <br>; math goes through KaTeX with `throwOnError: false`, so a bad formula shows as a red
 * error span instead of breaking the page (the template self-test fails on such spans).
 */
import katex from 'katex'

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** One formula as HTML (KaTeX, with MathML for screen readers). */
export function renderMath(tex: string, displayMode = false): string {
  return katex.renderToString(tex, { displayMode, throwOnError: false, strict: 'ignore', output: 'htmlAndMathml' })
}

export type MathTextSegment = { kind: 'text'; text: string } | { kind: 'math'; tex: string; display: boolean }

/** Splits math text into plain and math segments. An unclosed `$` or `$$` is kept as plain text. */
export function splitMathText(text: string): MathTextSegment[] {
  const out: MathTextSegment[] = []
  let plain = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === '\\' && text[i + 1] === '$') {
      plain += '$'
      i += 2
      continue
    }
    if (c === '$') {
      const display = text[i + 1] === '$'
      const open = display ? 2 : 1
      const close = findClose(text, i + open, display)
      if (close >= 0) {
        if (plain) out.push({ kind: 'text', text: plain })
        plain = ''
        out.push({ kind: 'math', tex: text.slice(i + open, close), display })
        i = close + open
        continue
      }
    }
    plain += c
    i++
  }
  if (plain) out.push({ kind: 'text', text: plain })
  return out
}

/** Index of the closing delimiter, skipping `\$` inside math; −1 when there is none. */
function findClose(text: string, from: number, display: boolean): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '\\') {
      j++
      continue
    }
    if (text[j] === '$') {
      if (!display) return j > from ? j : -1
      if (text[j + 1] === '$') return j
    }
  }
  return -1
}

/** Math text → HTML string, safe to inject: every plain part is escaped, every formula rendered by KaTeX. */
export function renderMathText(text: string): string {
  return splitMathText(text)
    .map((seg) =>
      seg.kind === 'text' ? escapeHtml(seg.text).replace(/\r?\n/g, '<br>') : renderMath(seg.tex.trim(), seg.display),
    )
    .join('')
}

/** True when rendering produced a KaTeX error span (a malformed formula). */
export function hasMathErrors(html: string): boolean {
  return html.includes('katex-error')
}
