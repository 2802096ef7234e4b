/** The app's VariantFinder: seeds hashed from a salt, variants made with the template's default params. */
import { createHash } from 'node:crypto'
import { discriminates } from '@/lib/questions/discriminate'
import { getTemplate } from '@/lib/questions/registry'
import { makeVariant } from '@/lib/questions/variant'
import type { VariantFinder } from './picker'

/** How many seeds to try before giving up on a template (the rarest telling variants appear in ~1 of 8 seeds). */
export const FINDER_TRIES = 80

export const candidateSeed = (salt: string, templateId: string, i: number) => createHash('sha256').update(`${salt}\u001f${templateId}\u001f${i}`).digest('hex').slice(0, 32)

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
    return null
  },
}
