/**
 * Reading an instructor's CSV dataset: a header row of column names, then rows of numbers. Pure (no I/O).
 * Parsing is csv-parse's (RFC 4180 quoting, BOM, CRLF); the checks are ours, and every refusal is a sentence
 * for the instructor that names the row and the column. Sizes are checked before anything is parsed.
 */
import { CsvError, parse } from 'csv-parse/sync'
import { z } from 'zod'

export const DATASET_LIMITS = {
  /** Bytes of the uploaded file. */
  maxBytes: 256 * 1024,
  /** Data rows, header not counted. */
  maxRows: 1000,
  minRows: 3,
  maxColumns: 20,
  /** Characters of a column name. */
  maxNameLength: 40,
} as const

export interface DatasetTable {
  columns: string[]
  /** rows[i][j]: row i + 1 of the data (the header is not a row), column j; every value finite. */
  rows: number[][]
}

export type CsvCheck = { ok: true; table: DatasetTable } | { ok: false; message: string }

/** A plain decimal or scientific-notation number, as a spreadsheet writes it: 12, -0.5, .5, 1e-3. No thousands separators. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

const columnName = z
  .string()
  .min(1, 'A column has no name in the header row: give every column a name.')
  .max(DATASET_LIMITS.maxNameLength, `Column names have at most ${DATASET_LIMITS.maxNameLength} characters.`)
  .regex(/^[^\p{Cc}]+$/u, 'Column names cannot contain control characters.')

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`

/** Checks only the size, before the file is read: a file over the byte limit is never parsed. */
export function checkSize(bytes: number): string | null {
  if (bytes === 0) return 'The file is empty.'
  if (bytes > DATASET_LIMITS.maxBytes) return `The file is ${kb(bytes)}; a dataset may be at most ${kb(DATASET_LIMITS.maxBytes)}.`
  return null
}

const quote = (name: string) => `“${name}”`

/**
 * Validates a CSV file's bytes: UTF-8 text, a header of distinct names, at most maxColumns columns and
 * maxRows rows (counted while parsing: parsing stops one row past the limit), every row as long as the
 * header, every cell a number.
 */
export function parseDatasetCsv(bytes: Uint8Array): CsvCheck {
  const size = checkSize(bytes.byteLength)
  if (size) return { ok: false, message: size }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { ok: false, message: 'The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”.' }
  }
  let records: string[][]
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // Header + maxRows + 1: enough to know the limit is passed without reading the rest.
      to: DATASET_LIMITS.maxRows + 2,
    }) as string[][]
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines
      return { ok: false, message: `The file is not valid CSV${line ? ` near line ${line}` : ''}: ${e.message.replace(/^[^:]*:\s*/, '')}.` }
    }
    throw e
  }
  if (records.length === 0) return { ok: false, message: 'The file has no header row.' }
  const [header, ...data] = records
  if (header.length > DATASET_LIMITS.maxColumns) return { ok: false, message: `The file has ${header.length} columns; a dataset may have at most ${DATASET_LIMITS.maxColumns}.` }
  if (header.length < 2) return { ok: false, message: 'A dataset needs at least two columns: one or more features and a response.' }
  for (const [j, name] of header.entries()) {
    const r = columnName.safeParse(name)
    if (!r.success) return { ok: false, message: `Column ${j + 1} of the header: ${r.error.issues[0].message}` }
    if (NUMBER.test(name)) return { ok: false, message: `The first row must name the columns; it holds the number ${name} in column ${j + 1}. Add a header row.` }
  }
  const dup = header.find((name, j) => header.indexOf(name) !== j)
  if (dup !== undefined) return { ok: false, message: `Two columns are named ${quote(dup)}: column names must differ.` }
  if (data.length > DATASET_LIMITS.maxRows) return { ok: false, message: `The file has more than ${DATASET_LIMITS.maxRows} rows of data; a dataset may have at most ${DATASET_LIMITS.maxRows}.` }
  if (data.length < DATASET_LIMITS.minRows) return { ok: false, message: `The file has ${data.length} row${data.length === 1 ? '' : 's'} of data; a dataset needs at least ${DATASET_LIMITS.minRows}.` }
  const rows: number[][] = []
  for (const [i, record] of data.entries()) {
    const row = i + 1
    if (record.length !== header.length) {
      return { ok: false, message: `Row ${row} has ${record.length} value${record.length === 1 ? '' : 's'} but the header has ${header.length} columns.` }
    }
    const values: number[] = []
    for (const [j, cell] of record.entries()) {
      const where = `Row ${row}, column ${quote(header[j])}`
      if (cell === '' || /^(na|nan|null|n\/a|-)$/i.test(cell)) return { ok: false, message: `${where}: the value is missing. Every cell must hold a number; remove the row or fill it in.` }
      const value = Number(cell)
      if (!NUMBER.test(cell) || !Number.isFinite(value)) return { ok: false, message: `${where}: “${cell.slice(0, 20)}” is not a number. Use digits with a decimal point, like 12.5 or -3.` }
      values.push(value)
    }
    rows.push(values)
  }
  return { ok: true, table: { columns: header, rows } }
}

/** One column's values, by name (the name must be one of the table's columns). */
export function column(table: DatasetTable, name: string): number[] {
  const j = table.columns.indexOf(name)
  if (j < 0) throw new Error(`no column ${name}`)
  return table.rows.map((row) => row[j])
}
