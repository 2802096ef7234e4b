/**
 * Variants: one student's randomized instance of an assignment item. The seed is derived on the server
 * (lib/random/seed) and stored with the template id and version, the params snapshot and the solver version,
 * so the variant can be re-created exactly for display, grading and regrading.
 */
import type { Db } from '@/lib/db'
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
}

export function templateOrThrow(templateId: string): AnyTemplate {
  const t = getTemplate(templateId)
  if (!t) throw new UserError('not-found', `The question template "${templateId}" is not in the catalog.`)
  return t
}

/** Re-creates the variant's data from its stored seed and params snapshot. */
export function materialize(row: Pick<VariantRow, 'templateId' | 'params' | 'seed'>) {
  const template = templateOrThrow(row.templateId)
  const data = makeVariant(template, JSON.parse(row.params), row.seed)
  return { template, data }
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
  try {
    return await db.variant.create({
      data: {
        itemId: item.id,
        userId,
        index,
        seed,
        templateId: template.id,
        templateVersion: template.version,
        params: item.params,
        solverVersion: SOLVER_VERSION,
      },
    })
  } catch (e) {
    // Two first visits at once: the other request created it.
    if (isUniqueViolation(e)) return db.variant.findUniqueOrThrow({ where })
    throw e
  }
}
