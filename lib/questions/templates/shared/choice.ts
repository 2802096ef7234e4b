/** Building blocks for multiple-choice parts: opaque option ids, and yes/no questions. */
import type { Rng } from '@/lib/random'
import type { AnswerKind } from '../../types'

/** k distinct opaque option ids ("o" + 5 base-36 digits), from the rng. */
export function opaqueIds(rng: Rng, k: number): string[] {
  const ids = new Set<string>()
  while (ids.size < k) ids.add(`o${rng.int(0, 36 ** 5 - 1).toString(36).padStart(5, '0')}`)
  return [...ids]
}

/** The ids of a yes/no question, drawn per variant, in the order shown. */
export interface YesNo {
  yes: string
  no: string
  /** Show "yes" first. */
  yesFirst: boolean
}

export function drawYesNo(rng: Rng): YesNo {
  const [yes, no] = opaqueIds(rng, 2)
  return { yes, no, yesFirst: rng.chance(0.5) }
}

export function yesNoKind(ids: YesNo, yesLabel = 'Yes', noLabel = 'No'): AnswerKind {
  const opts = [
    { id: ids.yes, label: yesLabel },
    { id: ids.no, label: noLabel },
  ]
  return { type: 'choice', options: ids.yesFirst ? opts : opts.reverse() }
}
