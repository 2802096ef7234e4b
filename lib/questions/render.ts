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

/** Punctuation that closes a sentence or clause right after a formula: it must not wrap onto a line of its own. */
const TRAILING_PUNCTUATION = /^[.,;:!?)\]]+/

const plainHtml = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>')

/**
 * Math text → HTML string, safe to inject: every plain part is escaped, every formula rendered by KaTeX.
 * Inline math and the punctuation right after it ("… on $\tilde y$.") are kept on one line (span.nobr): the
 * browser may break between KaTeX's boxes and the text that follows, which left a lone "." on a phone.
 */
export function renderMathText(text: string): string {
  const segments = splitMathText(text)
  let html = ''
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]
    if (seg.kind === 'text') {
      html += plainHtml(seg.text)
      continue
    }
    const math = renderMath(seg.tex.trim(), seg.display)
    const next = segments[i + 1]
    const punct = !seg.display && next?.kind === 'text' ? TRAILING_PUNCTUATION.exec(next.text)?.[0] : undefined
    if (punct && next?.kind === 'text') {
      html += `<span class="nobr">${math}${escapeHtml(punct)}</span>`
      segments[i + 1] = { kind: 'text', text: next.text.slice(punct.length) }
    } else html += math
  }
  return html
}

/** True when rendering produced a KaTeX error span (a malformed formula). */
export function hasMathErrors(html: string): boolean {
  return html.includes('katex-error')
}
