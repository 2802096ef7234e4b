/**
 * Variants: one student's randomized instance of an assignment item. The seed is derived on the server
 * (lib/random/seed) and stored with the template id and version, the params snapshot and the solver version,
 * so the variant can be re-created exactly for display, grading and regrading.
 */
import { dataColumnsOf, suppliedOf, tableOf } from '@/lib/datasets/columns'
import type { Db } from '@/lib/db'
import { SUPPLIED_KEY } from '@/lib/questions/data'
import { getTemplate } from '@/lib/questions/registry'
import type { AnyTemplate } from '@/lib/questions/types'
import { makeVariant } from '@/lib/questions/variant'
import { deriveVariantSeed } from '@/lib/random/seed'
import { SOLVER_VERSION } from '@/lib/solver/version'
import { UserError, isUniqueViolation } from './errors'

export interface VariantRow {
  id: string
  itemId: string
  userId: string
  index: number
  seed: string
  templateId: string
  templateVersion: number
  params: string
  data: string | null
}

export function templateOrThrow(templateId: string): AnyTemplate {
  const t = getTemplate(templateId)
  if (!t) throw new UserError('not-found', `The question template "${templateId}" is not in the catalog.`)
  return t
}

/** Deep-freezes a variant's data, so that a template that modified it would fail loudly instead of corrupting the cache. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

/**
 * Recently materialized variants. A variant's data is a pure function of (template, params, seed), so it is
 * generated once per process instead of on every page view and submission (generation may redraw its data
 * several times to reach the asked-for regime). A cache only: nothing depends on an entry being here.
 */
const MATERIALIZED_MAX = 2000
// biome-ignore lint/suspicious/noExplicitAny: variant data is template-specific, as in AnyTemplate
const materialized = new Map<string, { template: AnyTemplate; data: any }>()

/**
 * The variant's data (read-only: it may be shared): the snapshot stored when it was made, else (variants made before
 * snapshots were kept, and the instructor's preview) re-created from its stored seed and params snapshot.
 */
export function materialize(row: Pick<VariantRow, 'templateId' | 'params' | 'seed' | 'data'>) {
  const key = `${row.templateId}\u0000${row.seed}\u0000${row.params}`
  const hit = materialized.get(key)
  if (hit) {
    // Most recently used last: Map keeps insertion order, so the first key is the least recently used.
    materialized.delete(key)
    materialized.set(key, hit)
    return hit
  }
  const template = templateOrThrow(row.templateId)
  const data = row.data ? JSON.parse(row.data) : makeVariant(template, JSON.parse(row.params), row.seed)
  const entry = { template, data: deepFreeze(data) }
  materialized.set(key, entry)
  if (materialized.size > MATERIALIZED_MAX) materialized.delete(materialized.keys().next().value as string)
  return entry
}

/**
 * The JSON kept with a new variant: its generated data, when JSON gives it back as it was (numbers, strings, arrays
 * and plain objects; a −0 comes back as 0, which is the same number), else null. Every template's data does
 * (tests/unit/questions/variant-snapshot.test.ts).
 */
export function variantSnapshot(data: unknown): string | null {
  const text = JSON.stringify(data)
  return text !== undefined && sameValue(JSON.parse(text), data) ? text : null
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Object.getPrototypeOf(b) !== Object.prototype) return false
    const ka = Object.keys(a)
    const kb = Object.keys(b)
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  }
  return Object.is(a, b)
}

/** The student's variant number `index` of the item, created on first use (safe under concurrent requests). */
export async function getOrCreateVariant(
  db: Db,
  item: { id: string; templateId: string; params: string; assignment: { courseId: string } },
  userId: string,
  index: number,
): Promise<VariantRow> {
  const where = { itemId_userId_index: { itemId: item.id, userId, index } }
  const existing = await db.variant.findUnique({ where })
  if (existing) return existing
  const template = templateOrThrow(item.templateId)
  const seed = deriveVariantSeed({ courseId: item.assignment.courseId, itemId: item.id, userId, index })
  // The item's params, with its dataset version's columns when it uses one: the variant keeps both for good.
  const { params, datasetVersionId } = await variantParamsOf(db, item)
  try {
    return await db.variant.create({
      data: {
        itemId: item.id,
        userId,
        index,
        seed,
        templateId: template.id,
        templateVersion: template.version,
        params,
        data: variantSnapshot(makeVariant(template, JSON.parse(params), seed)),
        datasetVersionId,
        solverVersion: SOLVER_VERSION,
      },
    })
  } catch (e) {
    // Two first visits at once: the other request created it.
    if (isUniqueViolation(e)) return db.variant.findUniqueOrThrow({ where })
    throw e
  }
}

/**
 * The params snapshot a new variant of the item gets: the item's params, plus its dataset version's chosen
 * columns when it has one. Used by every path that makes a variant (student, exam, preview).
 */
export async function variantParamsOf(db: Db, item: { id: string; params: string }): Promise<{ params: string; datasetVersionId: string | null }> {
  const link = await db.assignmentItem.findUnique({
    where: { id: item.id },
    select: { params: true, dataColumns: true, datasetVersion: { select: { id: true, columns: true, rows: true } } },
  })
  const columns = dataColumnsOf(link?.dataColumns ?? null)
  if (!link?.datasetVersion || !columns) return { params: item.params, datasetVersionId: null }
  const supplied = suppliedOf(tableOf(link.datasetVersion), columns)
  return { params: JSON.stringify({ ...(JSON.parse(item.params) as Record<string, unknown>), [SUPPLIED_KEY]: supplied }), datasetVersionId: link.datasetVersion.id }
}
