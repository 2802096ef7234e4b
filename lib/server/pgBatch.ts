/**
 * Group round trips on PostgreSQL, the counterpart of the SQLite group commit in student.ts: statements of the same
 * kind that become ready while `maxInFlight` of that kind are on their way to the server wait for one to return,
 * then go together as one statement over array parameters (one round trip, one commit, one log flush for all).
 * - Light load adds no wait beyond the current turn of the event loop: a statement that finds none of its kind in
 *   flight is sent once that turn ends, with the others of its kind that became ready in the same turn.
 * - Under load the server's main thread sends, and PostgreSQL parses, plans and commits, once per group instead of
 *   once per request; each round trip costs a system call and protocol work on both sides of the connection.
 * - Each caller is answered with its own result only after the group's statement has returned (for a write: has
 *   committed, with the commit's usual durability).
 * - Items with the same key (one student's two concurrent submissions) never share a statement: the later one
 *   waits for the next group, so a statement never upserts the same row twice. A group is sent in key order, so
 *   groups running at once (other app instances) take their row locks in the same order.
 * - A group whose statement fails is sent again item by item, so a failure reaches only the caller it belongs to.
 * The queue lives only as long as the requests waiting in it; nothing that protects the app is kept here.
 */
import type pg from 'pg'

export interface GroupSpec<I, O> {
  /** A name for the statement kind: one queue per (pool, name). */
  name: string
  /** Runs one group as one statement; returns one result per item, in the items' order. */
  run(pool: pg.Pool, items: I[]): Promise<O[]>
  /** Items with equal keys are sent in different groups; groups are sent in key order. */
  key(item: I): string
  /** The largest group (its arrays are bound as one parameter each). */
  maxGroup: number
  /** Statements of this kind on their way at once; what becomes ready meanwhile waits for one of them to return. */
  maxInFlight: number
}

interface Waiting<I, O> {
  item: I
  key: string
  resolve(out: O): void
  reject(e: unknown): void
}

const queues = new WeakMap<pg.Pool, Map<string, (item: unknown) => Promise<unknown>>>()

/** Runs `item` as part of the next group of its kind on `pool`. */
export function inGroup<I, O>(pool: pg.Pool, spec: GroupSpec<I, O>, item: I): Promise<O> {
  let byName = queues.get(pool)
  if (!byName) {
    byName = new Map()
    queues.set(pool, byName)
  }
  let enqueue = byName.get(spec.name)
  if (!enqueue) {
    enqueue = grouper(pool, spec) as (item: unknown) => Promise<unknown>
    byName.set(spec.name, enqueue)
  }
  return enqueue(item) as Promise<O>
}

function grouper<I, O>(pool: pg.Pool, spec: GroupSpec<I, O>): (item: I) => Promise<O> {
  let queue: Waiting<I, O>[] = []
  let inFlight = 0
  const maxInFlight = spec.maxInFlight

  const take = (): Waiting<I, O>[] => {
    const group: Waiting<I, O>[] = []
    const rest: Waiting<I, O>[] = []
    const keys = new Set<string>()
    for (const w of queue) {
      if (group.length >= spec.maxGroup || keys.has(w.key)) rest.push(w)
      else {
        keys.add(w.key)
        group.push(w)
      }
    }
    queue = rest
    return group.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  const send = async (group: Waiting<I, O>[]) => {
    try {
      const out = await spec.run(
        pool,
        group.map((w) => w.item),
      )
      for (const [i, w] of group.entries()) w.resolve(out[i])
    } catch (e) {
      if (group.length === 1) return group[0].reject(e)
      // The statement is atomic, so nothing of the group happened: each item again, alone.
      await Promise.all(group.map((w) => spec.run(pool, [w.item]).then((out) => w.resolve(out[0]), w.reject)))
    }
  }

  const pump = () => {
    while (inFlight < maxInFlight && queue.length > 0) {
      inFlight++
      send(take()).finally(() => {
        inFlight--
        pump()
      })
    }
  }

  let scheduled = false
  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, key: spec.key(item), resolve, reject })
      // Sent after the current turn of the event loop, with whatever else became ready in it.
      if (inFlight < maxInFlight && !scheduled) {
        scheduled = true
        setImmediate(() => {
          scheduled = false
          pump()
        })
      }
    })
}
