/**
 * Which columns of a dataset version a question uses, and the data a variant gets from them. Pure.
 */
import { z } from 'zod'
import type { SuppliedData } from '@/lib/questions/data'
import { SAMPLE_MAX, SAMPLE_MIN } from '@/lib/questions/data'
import { DATASET_LIMITS, type DatasetTable } from './csv'

/** A stored version's table (its columns and rows are JSON in the database). */
export const tableOf = (v: { columns: string; rows: string }): DatasetTable => ({ columns: JSON.parse(v.columns) as string[], rows: JSON.parse(v.rows) as number[][] })

export const dataColumnsSchema = z.object({
  features: z.array(z.string().min(1).max(DATASET_LIMITS.maxNameLength)).min(1).max(DATASET_LIMITS.maxColumns),
  y: z.string().min(1).max(DATASET_LIMITS.maxNameLength),
  sampleSize: z.number().int().min(SAMPLE_MIN).max(SAMPLE_MAX).nullable(),
})
export type DataColumns = z.infer<typeof dataColumnsSchema>

/** The item's stored column choice, or null. */
export function dataColumnsOf(raw: string | null): DataColumns | null {
  return raw ? dataColumnsSchema.parse(JSON.parse(raw)) : null
}

/** The chosen columns as a template's supplied data: features in the order chosen, then the response. */
export function suppliedOf(table: DatasetTable, c: DataColumns): SuppliedData {
  const idx = c.features.map((f) => table.columns.indexOf(f))
  const yi = table.columns.indexOf(c.y)
  return { X: table.rows.map((row) => idx.map((j) => row[j])), y: table.rows.map((row) => row[yi]), sampleSize: c.sampleSize }
}

