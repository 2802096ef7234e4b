/** CSV validation of an instructor's dataset: what is accepted, and the sentence for each refusal. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DATASET_LIMITS, checkSize, parseDatasetCsv } from '@/lib/datasets/csv'

const csv = (text: string) => parseDatasetCsv(new TextEncoder().encode(text))
const refusal = (text: string | Uint8Array) => {
  const r = typeof text === 'string' ? csv(text) : parseDatasetCsv(text)
  if (r.ok) throw new Error('expected a refusal')
  return r.message
}

describe('parseDatasetCsv', () => {
  it('reads the shipped stack loss file: 4 named columns, 21 rows of numbers', () => {
    const r = parseDatasetCsv(readFileSync('datasets/stackloss.csv'))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.table.columns).toEqual(['Air.Flow', 'Water.Temp', 'Acid.Conc.', 'stack.loss'])
    expect(r.table.rows).toHaveLength(21)
    expect(r.table.rows[0]).toEqual([80, 27, 89, 42])
    expect(r.table.rows[20]).toEqual([70, 20, 91, 15])
  })

  it('accepts a BOM, CRLF line ends, quoted names, blank lines, decimals, signs and scientific notation', () => {
    const r = csv('\uFEFF"height (cm)",weight\r\n1.5,-2\r\n\r\n.5,3e2\r\n+4,-1.25E-1\r\n')
    expect(r).toEqual({ ok: true, table: { columns: ['height (cm)', 'weight'], rows: [[1.5, -2], [0.5, 300], [4, -0.125]] } })
  })

  it('names the row and column of a missing value', () => {
    expect(refusal('x,y\n1,2\n3,\n4,5\n')).toBe('Row 2, column “y”: the value is missing. Every cell must hold a number; remove the row or fill it in.')
    expect(refusal('x,y\n1,2\n3,4\nNA,5\n')).toMatch(/^Row 3, column “x”: the value is missing/)
  })

  it('names the row and column of a value that is not a number', () => {
    expect(refusal('x,y\n1,2\n3,abc\n4,5\n')).toMatch(/^Row 2, column “y”: “abc” is not a number/)
    // A thousands separator is not read as a number (1,234 would silently become 1 or 1234 otherwise).
    expect(refusal('x,y\n1,2\n"1,234",3\n4,5\n')).toMatch(/^Row 2, column “x”: “1,234” is not a number/)
    expect(refusal('x,y\n1,2\n3,Infinity\n4,5\n')).toMatch(/^Row 2, column “y”/)
  })

  it('refuses a row that is shorter or longer than the header', () => {
    expect(refusal('x,y\n1,2\n3\n4,5\n')).toBe('Row 2 has 1 value but the header has 2 columns.')
    expect(refusal('x,y\n1,2\n3,4,5\n4,5\n')).toBe('Row 2 has 3 values but the header has 2 columns.')
  })

  it('refuses a file without a header, duplicate or missing names, and too few columns or rows', () => {
    expect(refusal('1,2\n3,4\n5,6\n7,8\n')).toMatch(/first row must name the columns/)
    expect(refusal('x,x\n1,2\n3,4\n5,6\n')).toBe('Two columns are named “x”: column names must differ.')
    expect(refusal('x,\n1,2\n3,4\n5,6\n')).toMatch(/^Column 2 of the header: A column has no name/)
    expect(refusal('y\n1\n2\n3\n')).toMatch(/at least two columns/)
    expect(refusal('x,y\n1,2\n3,4\n')).toBe('The file has 2 rows of data; a dataset needs at least 3.')
  })

  it('refuses more rows or columns than the limits', () => {
    const rows = Array.from({ length: DATASET_LIMITS.maxRows + 1 }, (_, i) => `${i},${i % 7}`).join('\n')
    expect(refusal(`x,y\n${rows}\n`)).toBe(`The file has more than ${DATASET_LIMITS.maxRows} rows of data; a dataset may have at most ${DATASET_LIMITS.maxRows}.`)
    const exactly = Array.from({ length: DATASET_LIMITS.maxRows }, (_, i) => `${i},${i % 7}`).join('\n')
    expect(csv(`x,y\n${exactly}\n`).ok).toBe(true)
    const names = Array.from({ length: DATASET_LIMITS.maxColumns + 1 }, (_, j) => `c${j}`)
    const line = names.map((_, j) => j).join(',')
    expect(refusal(`${names.join(',')}\n${line}\n${line}\n${line}\n`)).toBe(`The file has ${names.length} columns; a dataset may have at most ${DATASET_LIMITS.maxColumns}.`)
  })

  it('refuses a file over the byte limit before reading it, and an empty file', () => {
    expect(checkSize(DATASET_LIMITS.maxBytes)).toBeNull()
    expect(checkSize(DATASET_LIMITS.maxBytes + 1)).toMatch(/a dataset may be at most 256 KB/)
    // Valid CSV content, only too large: refused for its size.
    const big = new TextEncoder().encode(`x,y\n${'1,2\n'.repeat(DATASET_LIMITS.maxBytes / 4 + 1)}`)
    expect(refusal(big)).toMatch(/a dataset may be at most 256 KB/)
    expect(refusal(new Uint8Array(0))).toBe('The file is empty.')
  })

  it('refuses text that is not UTF-8 and CSV that does not parse', () => {
    expect(refusal(new Uint8Array([0x78, 0x2c, 0x79, 0x0a, 0xff, 0xfe, 0x0a]))).toMatch(/not UTF-8 text/)
    expect(refusal('x,y\n1,2\n"3,4\n5,6\n')).toMatch(/^The file is not valid CSV near line \d+/)
  })
})
