/**
 * Group round trips (lib/server/pgBatch): which items share a statement, in what order, and who gets which result or
 * error. The statement here is a recording stand-in for the database; the SQL itself is exercised on PostgreSQL by
 * tests/integration/student.test.ts.
 */
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { type GroupSpec, inGroup } from '@/lib/server/pgBatch'

interface Item {
  user: string
  value: number
}

/** A statement kind that doubles each value, records each group it was sent, and can be made to fail. */
function recorder(opts: { failWhen?: (group: Item[]) => boolean; delayMs?: number; maxInFlight?: number } = {}) {
  const groups: Item[][] = []
  const spec: GroupSpec<Item, number> = {
    name: `test-${Math.random()}`,
    maxGroup: 4,
    maxInFlight: opts.maxInFlight ?? 1,
    key: (it) => it.user,
    async run(_pool, items) {
      groups.push(items)
      await new Promise((r) => setTimeout(r, opts.delayMs ?? 1))
      if (opts.failWhen?.(items)) throw new Error(`refused: ${items.map((i) => i.value).join(',')}`)
      return items.map((i) => i.value * 2)
    },
  }
  return { spec, groups, pool: {} as pg.Pool }
}

const tick = () => new Promise((r) => setImmediate(r))

describe('inGroup', () => {
  it('sends the items that become ready in the same turn as one statement, and answers each with its own result', async () => {
    const { spec, groups, pool } = recorder()
    const out = await Promise.all([1, 2, 3].map((v) => inGroup(pool, spec, { user: `u${v}`, value: v })))
    expect(out).toEqual([2, 4, 6])
    expect(groups.map((g) => g.map((i) => i.value))).toEqual([[1, 2, 3]])
  })

  it('sends a lone item by itself, without waiting for others', async () => {
    const { spec, groups, pool } = recorder()
    expect(await inGroup(pool, spec, { user: 'a', value: 5 })).toBe(10)
    expect(await inGroup(pool, spec, { user: 'b', value: 6 })).toBe(12)
    expect(groups.map((g) => g.length)).toEqual([1, 1])
  })

  it('holds items that arrive while a statement is in flight and sends them together once it returns', async () => {
    const { spec, groups, pool } = recorder({ delayMs: 20 })
    const first = inGroup(pool, spec, { user: 'a', value: 1 })
    await tick()
    await tick()
    const later = [2, 3, 4].map((v) => inGroup(pool, spec, { user: `u${v}`, value: v }))
    expect(groups).toHaveLength(1)
    expect(await first).toBe(2)
    expect(await Promise.all(later)).toEqual([4, 6, 8])
    expect(groups.map((g) => g.map((i) => i.value))).toEqual([[1], [2, 3, 4]])
  })

  it('with two in flight, sends a second statement while the first is out, and holds a third', async () => {
    const { spec, groups, pool } = recorder({ delayMs: 20, maxInFlight: 2 })
    const first = inGroup(pool, spec, { user: 'a', value: 1 })
    await tick()
    await tick()
    const second = inGroup(pool, spec, { user: 'b', value: 2 })
    await tick()
    await tick()
    const third = [3, 4].map((v) => inGroup(pool, spec, { user: `u${v}`, value: v }))
    await tick()
    await tick()
    expect(groups.map((g) => g.map((i) => i.value))).toEqual([[1], [2]])
    expect(await Promise.all([first, second, ...third])).toEqual([2, 4, 6, 8])
    expect(groups.map((g) => g.map((i) => i.value))).toEqual([[1], [2], [3, 4]])
  })

  it('never puts two items with the same key in one statement, and sends each group in key order', async () => {
    const { spec, groups, pool } = recorder()
    const out = await Promise.all([
      inGroup(pool, spec, { user: 'b', value: 1 }),
      inGroup(pool, spec, { user: 'a', value: 2 }),
      inGroup(pool, spec, { user: 'b', value: 3 }),
    ])
    expect(out).toEqual([2, 4, 6])
    expect(groups.map((g) => g.map((i) => `${i.user}${i.value}`))).toEqual([['a2', 'b1'], ['b3']])
  })

  it('caps a group at maxGroup items; the rest go in the next statement', async () => {
    const { spec, groups, pool } = recorder()
    await Promise.all([1, 2, 3, 4, 5, 6].map((v) => inGroup(pool, spec, { user: `u${v}`, value: v })))
    expect(groups.map((g) => g.length)).toEqual([4, 2])
  })

  it('when a group fails, sends its items again one by one, so only the failing item is refused', async () => {
    const { spec, groups, pool } = recorder({ failWhen: (g) => g.some((i) => i.value === 13) })
    const results = await Promise.allSettled([7, 13, 9].map((v) => inGroup(pool, spec, { user: `u${v}`, value: v })))
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([14, 'refused: 13', 18])
    // The group goes in key order (u13 < u7 < u9), then each item alone.
    expect(groups.map((g) => g.map((i) => i.value))).toEqual([[13, 7, 9], [13], [7], [9]])
  })

  it('keeps one queue per pool and statement kind', async () => {
    const a = recorder()
    const b = recorder()
    await Promise.all([inGroup(a.pool, a.spec, { user: 'x', value: 1 }), inGroup(b.pool, b.spec, { user: 'x', value: 2 })])
    expect(a.groups.map((g) => g.map((i) => i.value))).toEqual([[1]])
    expect(b.groups.map((g) => g.map((i) => i.value))).toEqual([[2]])
  })
})
