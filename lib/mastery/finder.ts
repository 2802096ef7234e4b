/**
 * The app's VariantFinder: seeds hashed from a salt, variants made with the template's default params.
 *
 * For a named mistake it first tries `FINDER_TRIES` seeds of the student's own salt (a fresh variant each time);
 * when none of them tells the mistake apart (the rarest telling variants, e.g. lasso-1d-slope's 'divided-by-n',
 * appear in ~1 of 16 seeds, so this happens in ~1.5 % of the picks for them), it takes one of the template's
 * catalog seeds for that mistake: the telling seeds among the first `CATALOG_SEEDS` catalog seeds, found once
 * per process and kept. So the finder gives up only on a mistake that no variant of the first `CATALOG_SEEDS`
 * tells apart (none in the registry: tests/unit/mastery/picker.test.ts checks every named mistake).
 */
import { createHash } from 'node:crypto'
import { discriminates } from '@/lib/questions/discriminate'
import { getTemplate } from '@/lib/questions/registry'
import type { AnyTemplate } from '@/lib/questions/types'
import { makeVariant } from '@/lib/questions/variant'
import type { VariantFinder } from './picker'

/** Seeds of the student's salt tried before falling back to the catalog seeds. */
export const FINDER_TRIES = 64
/** How many catalog seeds are searched (once) for the telling seeds of a mistake. */
export const CATALOG_SEEDS = 2000
/** How many telling catalog seeds are kept per mistake (the fallback picks one of them by salt). */
const CATALOG_KEEP = 12

export const candidateSeed = (salt: string, templateId: string, i: number) => createHash('sha256').update(`${salt}\u001f${templateId}\u001f${i}`).digest('hex').slice(0, 32)

const catalog = new Map<string, string[]>()

/** Telling seeds of `misconceptionId` among the template's first CATALOG_SEEDS catalog seeds (at most CATALOG_KEEP). */
export function catalogSeeds(template: AnyTemplate, misconceptionId: string): string[] {
  const key = `${template.id}\u001f${misconceptionId}`
  let seeds = catalog.get(key)
  if (!seeds) {
    seeds = []
    for (let i = 0; i < CATALOG_SEEDS && seeds.length < CATALOG_KEEP; i++) {
      const seed = candidateSeed('catalog', template.id, i)
      if (discriminates(template, makeVariant(template, {}, seed), misconceptionId)) seeds.push(seed)
    }
    catalog.set(key, seeds)
  }
  return seeds
}

export const templateFinder: VariantFinder = {
  find(templateId, misconceptionId, salt) {
    const template = getTemplate(templateId)
    if (!template) return null
    if (misconceptionId === null) return candidateSeed(salt, templateId, 0)
    if (!template.mistakes.some((m) => m.id === misconceptionId)) return null
    for (let i = 0; i < FINDER_TRIES; i++) {
      const seed = candidateSeed(salt, templateId, i)
      if (discriminates(template, makeVariant(template, {}, seed), misconceptionId)) return seed
    }
    const fallback = catalogSeeds(template, misconceptionId)
    if (fallback.length === 0) return null
    return fallback[createHash('sha256').update(salt).digest().readUInt32BE(0) % fallback.length]
  },
}
