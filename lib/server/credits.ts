/**
 * Credit given by hand for a question a student never attempted (an ItemCredit row). The score that counts for
 * a question is max(best attempt score, credit): every place that totals scores reads credits through here.
 */
import type { Db } from '@/lib/db'

type Reader = Pick<Db, 'itemCredit'>

/** Credits on these questions (of one student, or of everyone), by `${userId}\u001f${itemId}`. */
export async function creditsFor(db: Reader, itemIds: string[], userId?: string): Promise<Map<string, number>> {
  if (itemIds.length === 0) return new Map()
  const rows = await db.itemCredit.findMany({ where: { itemId: { in: itemIds }, ...(userId ? { userId } : {}) }, select: { itemId: true, userId: true, score: true } })
  return new Map(rows.map((r) => [creditKey(r.userId, r.itemId), r.score]))
}

export const creditKey = (userId: string, itemId: string) => `${userId}\u001f${itemId}`

/** The counted score of a question: the best attempt's, raised to the credit when there is one. */
export function countedScore(best: number | null | undefined, credit: number | undefined): number | null {
  if (credit === undefined) return best ?? null
  return Math.max(best ?? 0, credit)
}
