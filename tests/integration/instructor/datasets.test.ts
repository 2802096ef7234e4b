/**
 * An instructor's own data, through the use cases on this backend: upload as versions, bad files refused
 * with nothing stored, columns attached to a question, students' variants drawn from the rows, and a regrade
 * after a tolerance change that recomputes from the version the variant was made from, not a newer upload.
 */
import { readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isUserError } from '@/lib/server/errors'
import * as I from '@/lib/server/instructor'
import { attemptView, openItem, submitAttempt } from '@/lib/server/student'
import { type TestDb, freshDb } from '../helpers'
import { as, world } from './setup'

let t: TestDb
let w: Awaited<ReturnType<typeof world>>
let dataItem: { id: string }
let ridgeItem: { id: string }
let plainItem: { id: string }

const STACK = readFileSync('datasets/stackloss.csv')
/** The stack loss rows, read here with a plain split (not the app's parser): [air flow, water temp, acid conc., stack loss]. */
const STACK_ROWS = STACK.toString('utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number))
const file = (text: string | Uint8Array, name = 'data.csv') => new File([typeof text === 'string' ? text : new Uint8Array(text)], name, { type: 'text/csv' })

async function refusal(fn: () => Promise<unknown>) {
  try {
    await fn()
  } catch (e) {
    if (isUserError(e)) return { code: e.code, message: e.message, fields: e.fieldErrors }
    throw e
  }
  throw new Error('expected a refusal')
}

const stored = async () => ({ datasets: await t.db.dataset.count(), versions: await t.db.datasetVersion.count() })

beforeAll(async () => {
  t = await freshDb()
  w = await world(t.db)
  const a = await I.createAssignment(t.db, as(w.instructor), {
    courseId: w.course.id,
    assignment: {
      title: 'Stack loss',
      dueAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
      maxAttempts: 3,
      items: [
        { templateId: 'ols-1d', points: 10 },
        { templateId: 'ridge-2d', points: 10 },
        { templateId: 'sparsity-concepts', points: 10 },
      ],
    },
  })
  ;[dataItem, ridgeItem, plainItem] = a.items
})
afterAll(async () => t?.cleanup())

describe('uploading a dataset', () => {
  it('stores the shipped stack loss CSV as version 1, then a second upload as version 2', async () => {
    const v1 = await I.uploadDataset(t.db, as(w.instructor), { courseId: w.course.id, name: 'Stack loss', source: 'Brownlee (1965)', file: file(STACK, 'stackloss.csv') })
    expect(v1).toMatchObject({ version: 1, rows: 21, columns: ['Air.Flow', 'Water.Temp', 'Acid.Conc.', 'stack.loss'] })
    const row = await t.db.datasetVersion.findFirstOrThrow({ where: { datasetId: v1.datasetId, version: 1 } })
    expect(JSON.parse(row.rows)).toEqual(STACK_ROWS)
    expect(row.fileName).toBe('stackloss.csv')
    const detail = await I.datasetDetail(t.db, as(w.ta), { datasetId: v1.datasetId })
    expect(detail.shown.summary.find((c) => c.name === 'stack.loss')).toEqual({ name: 'stack.loss', min: 7, max: 42, mean: STACK_ROWS.reduce((s, r) => s + r[3], 0) / 21 })
  })

  it('refuses bad CSVs with a sentence naming the row and column, and stores nothing', async () => {
    const before = await stored()
    const bad: [string, RegExp][] = [
      ['x,y\n1,2\n3,\n4,5\n', /^Row 2, column “y”: the value is missing/],
      ['x,y\n1,2\n3,4\nfive,6\n', /^Row 3, column “x”: “five” is not a number/],
      ['x,y\n1,2\n3\n4,5\n', /^Row 2 has 1 value but the header has 2 columns/],
      [`x,y\n${Array.from({ length: 1001 }, (_, i) => `${i},1`).join('\n')}\n`, /more than 1000 rows/],
    ]
    for (const [text, message] of bad) {
      const r = await refusal(() => I.uploadDataset(t.db, as(w.instructor), { courseId: w.course.id, name: 'Broken', file: file(text) }))
      expect(r.code).toBe('invalid')
      expect(r.message).toMatch(message)
    }
    // Over the size limit: refused from its size alone, before its bytes are read.
    const huge = { name: 'huge.csv', size: 300 * 1024, arrayBuffer: async () => { throw new Error('the file was read') } }
    const r = await refusal(() => I.uploadDataset(t.db, as(w.instructor), { courseId: w.course.id, name: 'Huge', file: huge }))
    expect(r.code).toBe('invalid')
    expect(r.fields?.file).toBe('The file is 300 KB; a dataset may be at most 256 KB.')
    expect(await stored()).toEqual(before)
  })
})

describe('a question on the instructor’s data, graded and regraded', () => {
  let datasetId: string
  let v1: string
  const answer: Record<string, number> = {}

  it('refuses columns the question cannot use', async () => {
    const d = (await I.courseDatasets(t.db, as(w.instructor), w.course.id))[0]
    datasetId = d.id
    v1 = d.versions[0].id
    const attach = (itemId: string, features: string[], y = 'stack.loss', sampleSize: unknown = '8') => I.attachDataset(t.db, as(w.instructor), { itemId, versionId: v1, features, y, sampleSize })
    expect((await refusal(() => attach(ridgeItem.id, ['Air.Flow']))).message).toBe('This question uses 2 features: pick exactly 2 feature columns.')
    expect((await refusal(() => attach(dataItem.id, ['stack.loss']))).message).toBe('The response cannot also be a feature.')
    expect((await refusal(() => attach(dataItem.id, ['Pressure']))).message).toBe('The dataset has no column “Pressure”.')
    expect((await refusal(() => attach(dataItem.id, ['Air.Flow'], 'stack.loss', '22'))).message).toMatch(/only 21 rows/)
    expect((await refusal(() => attach(plainItem.id, ['Air.Flow']))).message).toMatch(/makes its own data; it cannot use a dataset/)
    // Another course's instructor cannot use this course's dataset, even in their own question.
    const theirs = await I.createAssignment(t.db, as(w.otherInstructor), { courseId: w.other.id, assignment: { title: 'Theirs', items: [{ templateId: 'ols-1d', points: 1 }] } })
    expect((await refusal(() => I.attachDataset(t.db, as(w.otherInstructor), { itemId: theirs.items[0].id, versionId: v1, features: ['Air.Flow'], y: 'stack.loss', sampleSize: '8' }))).code).toBe('not-found')
    expect(await t.db.assignmentItem.count({ where: { datasetVersionId: { not: null } } })).toBe(0)
  })

  it('gives each student a seeded subsample of the chosen columns, kept with the version', async () => {
    await I.attachDataset(t.db, as(w.instructor), { itemId: dataItem.id, versionId: v1, features: ['Air.Flow'], y: 'stack.loss', sampleSize: '8' })
    const q = await openItem(t.db, as(w.student), dataItem.id)
    const variant = await t.db.variant.findUniqueOrThrow({ where: { id: q.variantId } })
    expect(variant.datasetVersionId).toBe(v1)
    // The rows the page shows: 8 (x, y) pairs, each one of the file's (Air.Flow, stack.loss) pairs.
    const table = q.intro.table!
    expect(table.rows).toHaveLength(8)
    const pairs = new Set(STACK_ROWS.map((r) => `${r[0]}|${r[3]}`))
    const x = table.rows.map((r) => Number(r[1]))
    const y = table.rows.map((r) => Number(r[2]))
    for (let i = 0; i < 8; i++) expect(pairs.has(`${x[i]}|${y[i]}`)).toBe(true)
    // The same student sees the same rows again.
    expect((await openItem(t.db, as(w.student), dataItem.id)).intro.table).toEqual(table)
    // OLS by hand from the shown rows: the answers, with the slope 1% off (wrong at the default 4 significant figures).
    const xm = x.reduce((s, v) => s + v, 0) / 8
    const ym = y.reduce((s, v) => s + v, 0) / 8
    const Sxx = x.reduce((s, v) => s + (v - xm) ** 2, 0)
    const Sxy = x.reduce((s, v, i) => s + (v - xm) * (y[i] - ym), 0)
    const m = Sxy / Sxx
    Object.assign(answer, { xMean: xm, yMean: ym, Sxx, Sxy, m: m * 1.01, b: ym - m * xm })
    const r = await submitAttempt(t.db, as(w.student), { itemId: dataItem.id, variantId: q.variantId, idempotencyKey: randomUUID(), answers: Object.fromEntries(Object.entries(answer).map(([k, v]) => [k, String(v)])) })
    expect(r.ok).toBe(true)
    const attempt = await t.db.attempt.findFirstOrThrow({ where: { itemId: dataItem.id, userId: w.student.id } })
    const parts = JSON.parse(attempt.grade) as Record<string, { correct: boolean }>
    expect(parts.m.correct).toBe(false)
    expect(parts.Sxy.correct).toBe(true)
    expect(parts.b.correct).toBe(true)
  })

  it('a regrade after widening the tolerance recomputes from version 1, although version 2 was uploaded and attached since', async () => {
    // Version 2: the same file with every response multiplied by 10, so every slope from it is 10 times larger.
    const tenfold = STACK.toString('utf8').trim().split('\n').map((line, i) => (i === 0 ? line : line.replace(/,(\d+)$/, (_, v) => `,${Number(v) * 10}`))).join('\n')
    const up = await I.uploadDataset(t.db, as(w.instructor), { courseId: w.course.id, name: 'Stack loss', file: file(tenfold) })
    expect(up.version).toBe(2)
    expect((await t.db.assignmentItem.findUniqueOrThrow({ where: { id: dataItem.id } })).datasetVersionId).toBe(v1)
    const v2 = (await t.db.datasetVersion.findFirstOrThrow({ where: { datasetId, version: 2 } })).id
    await I.attachDataset(t.db, as(w.instructor), { itemId: dataItem.id, versionId: v2, features: ['Air.Flow'], y: 'stack.loss', sampleSize: '' })

    await I.setItemTolerance(t.db, as(w.instructor), { itemId: dataItem.id, tolerance: { rel: 0.02, abs: 1e-6 } })
    const plan = await I.planRegrade(t.db, as(w.instructor), { itemId: dataItem.id })
    expect(plan.datasets).toEqual([{ datasetId, name: 'Stack loss', version: 1, attempts: 1 }])
    expect(plan.changes).toHaveLength(1)
    expect(plan.changes[0].to.parts.m.correct).toBe(true)
    await I.applyRegrade(t.db, as(w.instructor), { itemId: dataItem.id, planHash: plan.planHash, reason: 'Two per cent is enough here' })
    const attempt = await t.db.attempt.findFirstOrThrow({ where: { itemId: dataItem.id, userId: w.student.id } })
    expect(attempt.rawScore).toBe(1)
    // The attempt page's derivation judges with the same tolerance: "Your answers" calls the slope correct.
    const view = await attemptView(t.db, as(w.student), attempt.id)
    const mine = view.derivation?.find((s) => s.title === 'Your answers')
    expect(mine?.body).toMatch(/Part 5 \(\$m\$\): your answer .* is correct\./)
    expect(mine?.body).not.toMatch(/Part 5 \(\$m\$\): your answer .* is not correct/)
    // New variants use version 2, every row; the student's variant still shows version 1's rows.
    const q2 = await openItem(t.db, as(w.student2), dataItem.id)
    expect((await t.db.variant.findUniqueOrThrow({ where: { id: q2.variantId } })).datasetVersionId).toBe(v2)
    expect(q2.intro.table!.rows.map((r) => Number(r[2]))).toEqual(STACK_ROWS.map((r) => r[3] * 10))
    const shown = (await openItem(t.db, as(w.student), dataItem.id)).intro.table!.rows.map((r) => Number(r[2]))
    expect(shown.every((v) => v <= 42)).toBe(true)
  })

  it('the data page lists the versions and the question using each', async () => {
    const d = await I.datasetDetail(t.db, as(w.instructor), { datasetId })
    expect(d.versions.map((v) => [v.version, v.items.map((i) => i.id), v.variants])).toEqual([
      [2, [dataItem.id], 1],
      [1, [], 1],
    ])
  })
})
