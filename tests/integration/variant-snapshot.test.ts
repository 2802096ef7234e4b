/**
 * A variant handed out keeps its data: what the student saw is what is graded, even if the template's generator
 * would now draw something else for it (simulated here by changing the stored seed under the variant). Variants made
 * before snapshots were kept (no data stored) are re-created from their seed as before. SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import { getTemplate } from '@/lib/questions/registry'
import { openItem, submitAttempt } from '@/lib/server/student'
import { backend, freshDb, makeCourse, makeUser, type TestDb } from './helpers'

let t: TestDb
let db: Db
beforeAll(async () => {
  t = await freshDb()
  db = t.db
})
afterAll(async () => t?.cleanup())

describe(`variant snapshots (${backend})`, () => {
  it('the page and the grade keep the data the student was given when the generator would now draw other data', async () => {
    const { course, item } = await makeCourse(db, { templateId: 'ridge-1d-slope', maxAttempts: 5 })
    const student = await makeUser(db, 'STUDENT', course.id)
    const actor = { userId: student.id }
    const first = await openItem(db, actor, item.id)
    const row = await db.variant.findUniqueOrThrow({ where: { id: first.variantId } })
    expect(row.data).not.toBeNull()
    const given = JSON.parse(row.data as string)
    const right = getTemplate('ridge-1d-slope')!.solve(given) as Record<string, unknown>

    // The generator "changes": the same variant would now regenerate from another seed.
    await db.variant.update({ where: { id: row.id }, data: { seed: 'ff'.repeat(16) } })
    const again = await openItem(db, actor, item.id)
    expect(again.variantId).toBe(first.variantId)
    expect(JSON.stringify(again.intro)).toBe(JSON.stringify(first.intro))
    const r = await submitAttempt(db, actor, { itemId: item.id, variantId: first.variantId, idempotencyKey: `snap-${backend}-1`, answers: Object.fromEntries(Object.entries(right).map(([k, v]) => [k, String(v)])) })
    expect(r.ok && r.summary.rawScore).toBe(1)
  })

  it('a variant stored without data is re-created from its seed', async () => {
    const { course, item } = await makeCourse(db, { templateId: 'ridge-1d-slope', maxAttempts: 5 })
    const student = await makeUser(db, 'STUDENT', course.id)
    const actor = { userId: student.id }
    const first = await openItem(db, actor, item.id)
    await db.variant.update({ where: { id: first.variantId }, data: { data: null } })
    const again = await openItem(db, actor, item.id)
    expect(JSON.stringify(again.intro)).toBe(JSON.stringify(first.intro))
    // and a different seed now gives a different dataset (nothing else keeps the old one)
    await db.variant.update({ where: { id: first.variantId }, data: { seed: 'ee'.repeat(16) } })
    const other = await openItem(db, actor, item.id)
    expect(JSON.stringify(other.intro)).not.toBe(JSON.stringify(first.intro))
  })
})
