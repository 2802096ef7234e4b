import { escapeHtml, renderMathText } from '@/lib/questions/render'
import type { PublicView } from '@/lib/questions/variant'
import { mathPlain } from '../../_components/mathPlain'

/** A column header: the formula is shown, and read out as plain text (a math-only header has no text for screen readers). */
function headerHtml(text: string): string {
  if (!text.includes('$')) return renderMathText(text)
  return `<span aria-hidden="true">${renderMathText(text)}</span><span class="visually-hidden">${escapeHtml(mathPlain(text))}</span>`
}

/** A question's public view (statement, data table, part prompts) as HTML, for previews sent to the builder. */
export function publicViewHtml(view: PublicView): string {
  const table = view.intro.table
  const tableHtml = table
    ? `<div class="table-wrap"><table>${table.caption ? `<caption>${renderMathText(table.caption)}</caption>` : ''}<thead><tr>${table.columns
        .map((c) => `<th scope="col">${headerHtml(c)}</th>`)
        .join('')}</tr></thead><tbody>${table.rows
        .map((r) => `<tr>${r.map((cell) => `<td>${typeof cell === 'number' ? escapeHtml(String(cell)) : renderMathText(cell)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table></div>`
    : ''
  const parts = view.parts
    .map((p, i) => {
      const options = p.answer.type === 'choice' ? `<ul>${p.answer.options.map((o) => `<li>${renderMathText(o.label)}</li>`).join('')}</ul>` : ''
      return `<div class="part"><strong>Part ${i + 1}</strong> <span class="muted small">(${escapeHtml(p.answer.type)})</span><div class="math-text">${renderMathText(p.prompt)}</div>${options}</div>`
    })
    .join('')
  const fig = view.intro.figure
  const figureHtml = fig ? `<figure>${fig.svg}<figcaption class="small">${escapeHtml(fig.alt)}</figcaption></figure>` : ''
  return `<div class="math-text">${renderMathText(view.intro.statement)}</div>${tableHtml}${figureHtml}${parts}`
}
