import { renderMathText } from '@/lib/questions/render'

/** Math text ($…$ inline, $$…$$ display) rendered to HTML with KaTeX on the server. */
export function MathText({ text, as = 'div', className }: { text: string; as?: 'div' | 'span'; className?: string }) {
  const Tag = as
  // biome-ignore lint/security/noDangerouslySetInnerHtml: renderMathText escapes plain text and emits KaTeX markup only.
  return <Tag className={`math-text ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: renderMathText(text) }} />
}
