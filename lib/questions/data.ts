/**
 * An instructor's own data for a question: the chosen columns of one dataset version, handed to a template's
 * `generate` in place of drawn data. Each variant uses a subsample of the rows drawn from the variant's Rng
 * (so the same seed always gives the same rows), or every row.
 */
import type { Rng } from '@/lib/random'

/** The smallest and largest subsample a question may use (every derivation lists the rows it uses). */
export const SAMPLE_MIN = 3
export const SAMPLE_MAX = 50

export interface SuppliedData {
  /** Rows of the chosen feature columns, in file order (one column for a 1-D question). */
  X: number[][]
  /** The chosen response column. */
  y: number[]
  /** Rows per variant, or null for every row. */
  sampleSize: number | null
}

/** The key under which a variant's params snapshot carries its supplied data (never a template param). */
export const SUPPLIED_KEY = 'suppliedData'

/**
 * The rows of one draw: `sampleSize` distinct rows chosen uniformly (partial Fisher–Yates on the row indices,
 * every choice from the Rng), kept in file order; all rows when there is no sample size or it is not smaller
 * than the dataset. Each call draws again, so a template that redraws for its regime gets a new subsample.
 */
export function sampleRows(rng: Rng, d: SuppliedData): { X: number[][]; y: number[] } {
  const n = d.y.length
  if (d.sampleSize === null || d.sampleSize >= n) return { X: d.X.map((row) => [...row]), y: [...d.y] }
  const idx = Array.from({ length: n }, (_, i) => i)
  for (let i = 0; i < d.sampleSize; i++) {
    const j = rng.int(i, n - 1)
    ;[idx[i], idx[j]] = [idx[j], idx[i]]
  }
  const chosen = idx.slice(0, d.sampleSize).sort((a, b) => a - b)
  return { X: chosen.map((i) => [...d.X[i]]), y: chosen.map((i) => d.y[i]) }
}

/** Splits a params snapshot into the template's params and the supplied data it carries, if any. */
export function splitSupplied(params: unknown): { params: unknown; supplied?: SuppliedData } {
  if (!params || typeof params !== 'object' || !(SUPPLIED_KEY in params)) return { params }
  const { [SUPPLIED_KEY]: supplied, ...rest } = params as Record<string, unknown>
  return { params: rest, supplied: supplied as SuppliedData }
}
