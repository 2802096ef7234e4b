/**
 * An event point of the exams room (a release, a close): listeners are code, registered by every instance at load,
 * kept on globalThis so that a module loaded twice (Next.js bundles) shares one list.
 */
import type { Db } from '@/lib/db'

export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

export function eventPoint<E>(key: string) {
  const g = globalThis as unknown as Record<string, ((e: E) => Promise<void>)[] | undefined>
  g[key] ??= []
  const listeners = g[key]
  return {
    listeners,
    /** Registers a listener; returns the function that removes it. */
    on(listener: (e: E) => Promise<void>): () => void {
      listeners.push(listener)
      return () => {
        const i = listeners.indexOf(listener)
        if (i >= 0) listeners.splice(i, 1)
      }
    },
  }
}
