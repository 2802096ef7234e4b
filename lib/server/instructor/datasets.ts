/**
 * An instructor's own datasets: upload (a new version under a name), read (the data page), and use in a
 * question (the item keeps the version and the columns it uses). Course staff read; instructors upload and
 * attach. A version is never changed: a new upload under the same name adds the next version, and items keep
 * the version they were given, so a regrade recomputes from the same rows.
 *
 * A variant stores, in its params snapshot, the chosen columns of its version (lib/questions/data.ts,
 * SUPPLIED_KEY), and the version's id: displaying, grading and regrading it never depend on the dataset's
 * later versions.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { type DataColumns, dataColumnsOf, suppliedOf, tableOf } from '@/lib/datasets/columns'
import { DATASET_LIMITS, checkSize, column, parseDatasetCsv } from '@/lib/datasets/csv'
import type { Db } from '@/lib/db'
import { SAMPLE_MAX, SAMPLE_MIN, SUPPLIED_KEY } from '@/lib/questions/data'
import type { AnyTemplate } from '@/lib/questions/types'
import { makeVariant } from '@/lib/questions/variant'
import { type Actor, requireCourseRole } from '../authz'
import { isBadText } from '../edge/text'
import { UserError, isUniqueViolation } from '../errors'
import { INSTRUCTOR_ONLY, STAFF_ROLES, idSchema, loadItem, parseInput } from './common'
import { templateOrThrow } from '../variants'

// ── Upload ─────────────────────────────────────────────────────────────────────────────────────────

/** What the upload form posts; the file is checked for size here, before a byte of it is read. */
const uploadSchema = z.object({
  courseId: idSchema,
  name: z
    .string({ message: 'Give the dataset a name.' })
    .trim()
    .min(1, 'Give the dataset a name.')
    .max(80, 'The name has at most 80 characters.')
    .refine((s) => !isBadText(s), 'The name contains characters that are not allowed.'),
  source: z
    .string()
    .trim()
    .max(500, 'The source has at most 500 characters.')
    .refine((s) => !isBadText(s), 'The source contains characters that are not allowed.')
    .optional()
    .default(''),
  file: z
    .custom<Blob & { name?: string }>((v) => typeof v === 'object' && v !== null && 'arrayBuffer' in v && typeof (v as Blob).size === 'number', 'Choose a CSV file to upload.')
    .superRefine((f, ctx) => {
      const message = checkSize(f.size)
      if (message) ctx.addIssue({ code: 'custom', message })
    }),
})

export type UploadResult = { datasetId: string; version: number; rows: number; columns: string[] }

/**
 * Validates and stores a CSV as the next version of the course's dataset `name` (the first upload creates it).
 * A file that fails any check is refused with its sentence and nothing is written.
 */
export async function uploadDataset(db: Db, actor: Actor, raw: unknown): Promise<UploadResult> {
  const input = parseInput(uploadSchema, raw)
  await requireCourseRole(db, actor, input.courseId, INSTRUCTOR_ONLY)
  const bytes = new Uint8Array(await input.file.arrayBuffer())
  const checked = parseDatasetCsv(bytes)
  // One message, shown once above the form: it names the row and column to fix.
  if (!checked.ok) throw new UserError('invalid', checked.message)
  const fileName = (typeof input.file.name === 'string' && input.file.name.trim() ? input.file.name.trim() : 'upload.csv').slice(0, 200)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  for (let tries = 0; ; tries++) {
    try {
      return await db.$transaction(async (tx) => {
        const dataset = await tx.dataset.upsert({
          where: { courseId_name: { courseId: input.courseId, name: input.name } },
          create: { courseId: input.courseId, name: input.name },
          update: {},
        })
        const last = await tx.datasetVersion.findFirst({ where: { datasetId: dataset.id }, orderBy: { version: 'desc' }, select: { version: true } })
        const version = (last?.version ?? 0) + 1
        await tx.datasetVersion.create({
          data: {
            datasetId: dataset.id,
            version,
            fileName,
            source: input.source,
            columns: JSON.stringify(checked.table.columns),
            rows: JSON.stringify(checked.table.rows),
            rowCount: checked.table.rows.length,
            sha256,
            uploadedById: actor!.userId,
          },
        })
        return { datasetId: dataset.id, version, rows: checked.table.rows.length, columns: checked.table.columns }
      })
    } catch (e) {
      // Two uploads of the same name at once: both read the same last version; the loser numbers again.
      if (isUniqueViolation(e) && tries < 3) continue
      throw e
    }
  }
}

// ── Reading ────────────────────────────────────────────────────────────────────────────────────────


/** The course's datasets, newest version first, for the course page and the question's data form. */
export async function courseDatasets(db: Db, actor: Actor, courseId: unknown) {
  const id = parseInput(idSchema, courseId, 'That course id is not valid.')
  await requireCourseRole(db, actor, id, STAFF_ROLES)
  return listDatasets(db, id)
}

async function listDatasets(db: Db, courseId: string) {
  const sets = await db.dataset.findMany({
    where: { courseId },
    orderBy: { name: 'asc' },
    include: { versions: { orderBy: { version: 'desc' }, select: { id: true, version: true, columns: true, rowCount: true, fileName: true, createdAt: true } } },
  })
  return sets.map((d) => ({
    id: d.id,
    name: d.name,
    versions: d.versions.map((v) => ({ id: v.id, version: v.version, columns: JSON.parse(v.columns) as string[], rowCount: v.rowCount, fileName: v.fileName, createdAt: v.createdAt })),
  }))
}

const PREVIEW_ROWS = 25

/** The data page: every version, a preview of one (the newest unless asked), and the questions using each. */
export async function datasetDetail(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(z.object({ datasetId: idSchema, version: z.coerce.number().int().min(1).max(1_000_000).optional() }), raw)
  const ref = await db.dataset.findUnique({ where: { id: input.datasetId }, select: { courseId: true } })
  if (!ref) {
    if (!actor?.userId) throw new UserError('unauthenticated', 'Please sign in to continue.')
    throw new UserError('not-found', 'That dataset was not found.')
  }
  const enrollment = await requireCourseRole(db, actor, ref.courseId, STAFF_ROLES)
  const d = await db.dataset.findUniqueOrThrow({
    where: { id: input.datasetId },
    include: {
      course: { select: { id: true, title: true } },
      versions: {
        orderBy: { version: 'desc' },
        include: {
          items: { select: { id: true, position: true, templateId: true, dataColumns: true, assignment: { select: { id: true, title: true } } } },
          _count: { select: { variants: true } },
        },
      },
    },
  })
  const shown = d.versions.find((v) => v.version === input.version) ?? d.versions[0]
  const table = tableOf(shown)
  return {
    id: d.id,
    name: d.name,
    course: d.course,
    myRole: enrollment.role,
    shown: {
      version: shown.version,
      fileName: shown.fileName,
      source: shown.source,
      columns: table.columns,
      rowCount: shown.rowCount,
      previewRows: table.rows.slice(0, PREVIEW_ROWS),
      summary: table.columns.map((name) => {
        const values = column(table, name)
        return { name, min: Math.min(...values), max: Math.max(...values), mean: values.reduce((s, x) => s + x, 0) / values.length }
      }),
    },
    versions: d.versions.map((v) => ({
      version: v.version,
      fileName: v.fileName,
      rowCount: v.rowCount,
      columns: JSON.parse(v.columns) as string[],
      createdAt: v.createdAt,
      sha256: v.sha256,
      variants: v._count.variants,
      items: v.items.map((i) => ({
        id: i.id,
        position: i.position,
        title: templateOrThrow(i.templateId).title,
        assignmentId: i.assignment.id,
        assignmentTitle: i.assignment.title,
        columns: dataColumnsOf(i.dataColumns),
      })),
    })),
  }
}

// ── Using a dataset in a question ──────────────────────────────────────────────────────────────────

/** The number of feature columns the template takes with the item's params, or null if it takes no dataset. */
function featureCount(template: AnyTemplate, params: string): number | null {
  return template.dataSlot ? template.dataSlot.features(template.params.parse(JSON.parse(params))) : null
}

/** The question's data form: what the template takes, the course's datasets and the current choice. */
export async function itemDataForEdit(db: Db, actor: Actor, itemId: unknown) {
  const { item } = await loadItem(db, actor, itemId, INSTRUCTOR_ONLY)
  const template = templateOrThrow(item.templateId)
  const current = item.datasetVersionId
    ? await db.datasetVersion.findUnique({ where: { id: item.datasetVersionId }, select: { id: true, version: true, dataset: { select: { id: true, name: true } } } })
    : null
  return {
    item: { id: item.id, position: item.position, assignmentId: item.assignmentId, assignmentTitle: item.assignment.title, courseId: item.assignment.courseId, courseTitle: item.assignment.course.title },
    template: { id: template.id, title: template.title },
    features: featureCount(template, item.params),
    datasets: await listDatasets(db, item.assignment.courseId),
    current: current ? { versionId: current.id, version: current.version, datasetId: current.dataset.id, name: current.dataset.name, columns: dataColumnsOf(item.dataColumns) } : null,
    variants: await db.variant.count({ where: { itemId: item.id } }),
    sample: { min: SAMPLE_MIN, max: SAMPLE_MAX },
  }
}

/** Form text to a sample size: empty or "all" → every row. */
const sampleSizeInput = z.preprocess(
  (v) => (v === undefined || v === null || (typeof v === 'string' && (v.trim() === '' || v.trim().toLowerCase() === 'all')) ? null : typeof v === 'string' ? Number(v.trim()) : v),
  z
    .number({ message: `Enter a whole number of rows from ${SAMPLE_MIN} to ${SAMPLE_MAX}, or leave it empty for every row.` })
    .int(`Enter a whole number of rows from ${SAMPLE_MIN} to ${SAMPLE_MAX}.`)
    .min(SAMPLE_MIN, `Each student needs at least ${SAMPLE_MIN} rows.`)
    .max(SAMPLE_MAX, `At most ${SAMPLE_MAX} rows per student (each derivation lists its rows).`)
    .nullable(),
)

const attachSchema = z.object({
  itemId: idSchema,
  versionId: idSchema,
  features: z.array(z.string().trim().min(1).max(DATASET_LIMITS.maxNameLength)).min(1, 'Pick the feature column(s).').max(DATASET_LIMITS.maxColumns),
  y: z.string({ message: 'Pick the response column.' }).trim().min(1, 'Pick the response column.').max(DATASET_LIMITS.maxNameLength),
  sampleSize: sampleSizeInput,
})

/** Seeds tried before data are accepted for a question: every one must give a variant. */
const CHECK_SEEDS = 12

/**
 * Uses a dataset version's columns in a question. Checked: the template takes a dataset, the version is one
 * of this course's, the columns exist and are distinct, there are as many features as the question uses, the
 * sample size fits the dataset, and variants can be made from it (the question's regime holds on the data).
 * Variants students already have keep their data; new variants use this choice.
 */
export async function attachDataset(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(attachSchema, raw)
  const { item } = await loadItem(db, actor, input.itemId, INSTRUCTOR_ONLY)
  const template = templateOrThrow(item.templateId)
  const want = featureCount(template, item.params)
  if (want === null) throw new UserError('invalid', `“${template.title}” makes its own data; it cannot use a dataset.`)
  const version = await db.datasetVersion.findUnique({ where: { id: input.versionId }, include: { dataset: { select: { courseId: true, name: true } } } })
  if (!version || version.dataset.courseId !== item.assignment.courseId) throw new UserError('not-found', 'That dataset was not found in this course.')
  const table = tableOf(version)
  const missing = [...input.features, input.y].find((c) => !table.columns.includes(c))
  if (missing !== undefined) throw new UserError('invalid', `The dataset has no column “${missing}”.`)
  if (new Set(input.features).size !== input.features.length) throw new UserError('invalid', 'Pick each feature column once.')
  if (input.features.includes(input.y)) throw new UserError('invalid', 'The response cannot also be a feature.')
  if (input.features.length !== want) {
    const message = `This question uses ${want} feature${want === 1 ? '' : 's'}: pick exactly ${want} feature column${want === 1 ? '' : 's'}.`
    throw new UserError('invalid', message)
  }
  if (input.sampleSize === null && version.rowCount > SAMPLE_MAX) {
    const message = `The dataset has ${version.rowCount} rows; give each student a subsample of at most ${SAMPLE_MAX}.`
    throw new UserError('invalid', message)
  }
  if (input.sampleSize !== null && input.sampleSize > version.rowCount) {
    const message = `The dataset has only ${version.rowCount} rows: choose at most ${version.rowCount}, or leave it empty for every row.`
    throw new UserError('invalid', message)
  }
  const columns: DataColumns = { features: input.features, y: input.y, sampleSize: input.sampleSize }
  const supplied = suppliedOf(table, columns)
  const base = JSON.parse(item.params) as Record<string, unknown>
  for (let k = 1; k <= CHECK_SEEDS; k++) {
    try {
      makeVariant(template, { ...base, [SUPPLIED_KEY]: supplied }, createHash('sha256').update(`${item.id}:data:${k}`).digest('hex').slice(0, 32))
    } catch {
      const message = `“${template.title}” cannot be asked with these columns: the data do not give the situation the question needs (for example a nonzero slope, or the required sparsity pattern), even after redrawing the subsample. Try other columns, a larger subsample, or another question.`
      throw new UserError('invalid', message)
    }
  }
  await db.assignmentItem.update({ where: { id: item.id }, data: { datasetVersionId: version.id, dataColumns: JSON.stringify(columns) } })
  return { itemId: item.id, dataset: version.dataset.name, version: version.version }
}

/** Back to data drawn by the template, for new variants. */
export async function detachDataset(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(z.object({ itemId: idSchema }), raw)
  const { item } = await loadItem(db, actor, input.itemId, INSTRUCTOR_ONLY)
  await db.assignmentItem.update({ where: { id: item.id }, data: { datasetVersionId: null, dataColumns: null } })
  return { itemId: item.id }
}
