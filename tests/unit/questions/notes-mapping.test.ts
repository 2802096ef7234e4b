import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { templates } from '@/lib/questions/registry'

const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/notes-to-templates.md'), 'utf8')
/** Template ids are written in backticks as kebab-case words, e.g. `lasso-1d-slope`. */
const named = new Set([...doc.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]))

/** The ids listed under "## Templates", one "- `id`: …" line each. */
function indexIds(): string[] {
  const section = doc.split(/^## Templates\s*$/m)[1] ?? ''
  return [...section.matchAll(/^- `([a-z0-9-]+)`/gm)].map((m) => m[1])
}

describe('docs/notes-to-templates.md', () => {
  test('every template id named in the document is in the registry', () => {
    const unknown = [...named].filter((id) => !Object.hasOwn(templates, id))
    expect(unknown).toEqual([])
  })

  test('every registry template is named in the document and listed in its index', () => {
    const ids = Object.keys(templates)
    expect(ids.filter((id) => !named.has(id))).toEqual([])
    expect(ids.filter((id) => !indexIds().includes(id))).toEqual([])
  })

  test('every registered template is asked for under at least one section of the notes', () => {
    const body = doc.split(/^## Templates\s*$/m)[0]
    const missing = Object.keys(templates).filter((id) => !body.includes(`\`${id}\``))
    expect(missing).toEqual([])
  })

  test('the document covers every section heading of the course notes', () => {
    const headings = ['Role of the L1 Penalty', 'Gradient Behavior Near Zero', 'Geometric Interpretation', 'Why Ridge Does Not Create Sparsity', 'Optimization Insight', 'Final Conclusion', 'Simple Linear Regression', 'Ridge Regression (Closed-Form Slope in 1D)', 'Lasso Regression in 1D (Setup)', 'Case 1', 'Cleaner Form', 'Value of m in Ridge Regression']
    expect(headings.filter((h) => !doc.includes(h))).toEqual([])
  })
})
