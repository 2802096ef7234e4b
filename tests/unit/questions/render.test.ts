import { describe, expect, test } from 'vitest'
import { escapeHtml, hasMathErrors, renderMathText, splitMathText } from '@/lib/questions/render'

describe('renderMathText', () => {
  test('inline and display math go through KaTeX; no raw $ is left', () => {
    const html = renderMathText('Slope $m = \\frac{S_{xy}}{S_{xx}}$ and $$\\lambda^* = 2|S_{xy}|$$ done.')
    expect(html).not.toContain('$')
    expect(html).toContain('class="katex"')
    expect(html).toContain('katex-display')
    expect(html).toContain('<math')
    expect(html.startsWith('Slope ')).toBe(true)
    expect(html.endsWith(' done.')).toBe(true)
  })

  test('plain text is HTML-escaped', () => {
    const html = renderMathText('<script>alert("x")</script> & a < b, $x$')
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; a &lt; b, ')
  })

  test('math content cannot inject HTML', () => {
    const html = renderMathText('$\\text{<img src=x onerror=alert(1)>}$')
    expect(html).not.toContain('<img')
  })

  test('an escaped dollar is a dollar; an unclosed one stays text', () => {
    expect(renderMathText('costs \\$5')).toBe('costs $5')
    expect(renderMathText('costs $5')).toBe('costs $5')
    expect(splitMathText('a $x$ b')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'math', tex: 'x', display: false },
      { kind: 'text', text: ' b' },
    ])
    expect(splitMathText('$$a$$')).toEqual([{ kind: 'math', tex: 'a', display: true }])
  })

  test('issue 9: inline math and the punctuation after it stay on one line (no lone "." on a phone)', () => {
    const html = renderMathText('on the centered data $\\tilde X$, $\\tilde y$. Then $x$ and (see $y$).')
    expect(html.match(/<span class="nobr">/g)?.length).toBe(3)
    // Each glued span ends with its punctuation, which is no longer in the text after it.
    expect(html).toMatch(/<\/span>,<\/span> <span class="nobr">/)
    expect(html).toMatch(/<\/span>\.<\/span> Then /)
    expect(html).toMatch(/<\/span>\)\.<\/span>$/)
    // Math followed by a space, and display math, are left alone.
    expect(renderMathText('$x$ and $$y$$.')).not.toContain('nobr')
  })

  test('line breaks become <br>', () => {
    expect(renderMathText('one\ntwo')).toBe('one<br>two')
  })

  test('a malformed formula does not throw and is detectable', () => {
    const html = renderMathText('bad $\\frac{1}{$ here')
    expect(hasMathErrors(html)).toBe(true)
    expect(hasMathErrors(renderMathText('good $\\frac{1}{2}$'))).toBe(false)
  })

  test('escapeHtml', () => {
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;')
  })
})
