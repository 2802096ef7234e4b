import { renderMathText } from '@/lib/questions/render'
import type { templateCatalog } from '@/lib/server/instructor/assignments'
import type { CatalogEntry } from './AssignmentBuilder'
import { publicViewHtml } from './viewHtml'

/** The catalog as the builder (a client component) receives it: math pre-rendered, no functions. */
export function catalogForBuilder(catalog: Awaited<ReturnType<typeof templateCatalog>>): CatalogEntry[] {
  return catalog.map((t) => ({
    id: t.id,
    title: t.title,
    description: t.description,
    topic: t.topic,
    fields: t.fields,
    defaults: t.defaults,
    mistakes: t.mistakes.map((m) => ({ id: m.id, labelHtml: renderMathText(m.label) })),
    takesData: t.takesData,
    sampleHtml: t.sample ? publicViewHtml(t.sample) : null,
    sampleError: t.sampleError,
  }))
}

/** A date for a datetime-local input, in UTC. */
export const localInput = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 16) : '')
