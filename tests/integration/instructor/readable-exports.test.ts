/**
 * Staff read answers as students saw them, and exports open cleanly in a spreadsheet (SQLite and PostgreSQL):
 * multiple-choice answers appear as the option's text (never the opaque, shuffled option id) in the per-student
 * drill-down, the preview answer key and the attempts CSV; CSV files start with a UTF-8 byte-order mark and
 * name the unit of every score column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attemptsCsv, gradebookCsv, previewItem, studentDrilldown } from '@/lib/server/instructor'
import { type TestDb, freshDb } from '../helpers'
import { as, parseCsv, submit, world } from './setup'

let t: TestDb
let w: Awaited<ReturnType<typeof world>>
/** The items whose template asks a multiple-choice part. */
let choiceItems: { id: string; templateId: string }[]
beforeAll(async () => {
  t = await freshDb()
  w = await world(t.db)
  for (const item of w.items) await submit(t.db, as(w.student), item.id, { mistake: 0 })
  const preview = await Promise.all(w.items.map((i) => previewItem(t.db, as(w.instructor), { itemId: i.id })))
  choiceItems = w.items.filter((_, k) => preview[k].parts.some((p) => p.answer.type === 'choice'))
})
afterAll(async () => t?.cleanup())

const OPTION_ID = /^o\d+$/

describe('answers and exports staff can read', () => {
  it('the catalog used here has a multiple-choice question', () => {
    expect(choiceItems.length).toBeGreaterThan(0)
  })

  it('the drill-down and the preview answer key show a choice as its option text', async () => {
    const d = await studentDrilldown(t.db, as(w.instructor), { assignmentId: w.assignment.id, userId: w.student.id })
    for (const item of choiceItems) {
      const preview = await previewItem(t.db, as(w.instructor), { itemId: item.id })
      for (const part of preview.parts.filter((p) => p.answer.type === 'choice')) {
        const labels = part.answer.type === 'choice' ? part.answer.options.map((o) => o.label) : []
        expect(labels).toContain(preview.answerTexts[part.id])
        expect(preview.answerTexts[part.id]).not.toMatch(OPTION_ID)
      }
      const attempt = d.items.find((i) => i.id === item.id)!.attempts[0]
      for (const p of attempt.parts.filter((x) => x.isChoice)) {
        expect(p.givenText).not.toMatch(OPTION_ID)
        expect(p.correctText).not.toMatch(OPTION_ID)
        expect(p.correctText.length).toBeGreaterThan(8)
      }
    }
  })

  it('the attempts CSV writes choices as text, starts with a BOM and names its units', async () => {
    const { csv } = await attemptsCsv(t.db, as(w.instructor), w.assignment.id)
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const rows = parseCsv(csv, { columns: true }) as unknown as Record<string, string>[]
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['Raw score (fraction, 0 to 1)', 'Score (fraction, 0 to 1)']))
    for (const r of rows) expect(r.Answers).not.toMatch(/=\[?o\d+\b/)
    const g = (await gradebookCsv(t.db, as(w.instructor), w.assignment.id)).csv
    expect(g.charCodeAt(0)).toBe(0xfeff)
    expect(parseCsv(g)[0]).toEqual(expect.arrayContaining(['Percent (%)', 'Total (points)']))
  })
})
