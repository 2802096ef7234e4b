import { renderMathText } from '@/lib/questions/render'
import { mathPlain } from './mathPlain'

/**
 * Math text ($…$ inline, $$…$$ display) rendered to HTML with KaTeX on the server. With `plain`, the formula is
 * shown but read out as plain text ("(xᵢ − x̄)²"): for table headers and headings, which need text of their own.
 */
export function MathText({ text, as = 'div', className, plain = false }: { text: string; as?: 'div' | 'span'; className?: string; plain?: boolean }) {
  const Tag = as
  if (plain && text.includes('$')) {
    return (
      <Tag className={`math-text ${className ?? ''}`}>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: renderMathText escapes plain text and emits KaTeX markup only. */}
        <span aria-hidden="true" dangerouslySetInnerHTML={{ __html: renderMathText(text) }} />
        <span className="visually-hidden">{mathPlain(text)}</span>
      </Tag>
    )
  }
  // biome-ignore lint/security/noDangerouslySetInnerHtml: renderMathText escapes plain text and emits KaTeX markup only.
  return <Tag className={`math-text ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: renderMathText(text) }} />
}
