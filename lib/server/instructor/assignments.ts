/**
 * The assignment builder: the template catalog with a live sample variant, creating an assignment from
 * templates (params validated by each template's own zod schema), editing it with a statement of what an
 * edit changes in graded work, and deleting it. Only instructors edit; TAs may read.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { listTemplates } from '@/lib/questions/registry'
import { paramWords } from '@/lib/questions/paramLabels'
import type { AnyTemplate } from '@/lib/questions/types'
import { makeVariant, publicView } from '@/lib/questions/variant'
import { type Actor, requireCourseRole } from '../authz'
import { UserError, fieldErrorsOf } from '../errors'
import { examInputSchema, examSettingsForEdit, saveExamSettings } from '../exams/settings'
import { derivationPolicySchema, variantPolicySchema } from '../policy'
import { toleranceOf } from '../student'
import { templateOrThrow } from '../variants'
import { INSTRUCTOR_ONLY, STAFF_ROLES, idSchema, loadAssignment, optionalDate, parseInput } from './common'

// ── The catalog ────────────────────────────────────────────────────────────────────────────────────

/** One instructor knob of a template, described for a generated form field: label and help in words. */
interface ParamBase {
  name: string
  label: string
  help: string
}
export type ParamField = ParamBase &
  (
    | { kind: 'number'; integer: boolean; min?: number; max?: number; default?: number }
    /** One of a list of choices (a select); `options` value → words. */
    | { kind: 'enum'; options: { value: string; label: string }[]; default?: string }
    /** Any non-empty subset of a list of choices (checkboxes). Values are sent as the schema wants them (numbers or strings). */
    | { kind: 'set'; options: { value: string | number; label: string }[]; default?: (string | number)[]; minItems?: number }
    /** A list of numbers typed with commas; bounds of each number. */
    | { kind: 'numbers'; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean; maxItems?: number; default?: number[] }
    | { kind: 'boolean'; default?: boolean }
    | { kind: 'text'; default?: string }
    | { kind: 'json'; default?: unknown }
  )

const SAFE_INT = Number.MAX_SAFE_INTEGER
const num = (x: unknown) => (typeof x === 'number' && Math.abs(x) < SAFE_INT ? x : undefined)

/** The finite values an array's items may take (an enum, or a union of constants), or null. */
function finiteItems(items: Record<string, unknown> | undefined): (string | number)[] | null {
  if (!items) return null
  if (Array.isArray(items.enum)) return items.enum as (string | number)[]
  if (Array.isArray(items.anyOf) && items.anyOf.every((x) => x && typeof x === 'object' && 'const' in x)) return (items.anyOf as { const: string | number }[]).map((x) => x.const)
  return null
}

/** Form fields for a template's params, read from its zod schema (JSON Schema of the input side), in words. */
export function paramFields(template: AnyTemplate): ParamField[] {
  let schema: { properties?: Record<string, Record<string, unknown>> }
  try {
    schema = z.toJSONSchema(template.params, { io: 'input', unrepresentable: 'any' }) as typeof schema
  } catch {
    return []
  }
  return Object.entries(schema.properties ?? {}).map(([name, p]): ParamField => {
    const words = paramWords(template.id, name)
    const base = { name, label: words?.label ?? name, help: words?.help ?? (typeof p.description === 'string' ? p.description : '') }
    const optionLabel = (v: string | number) => words?.options?.[String(v)] ?? String(v)
    if (Array.isArray(p.enum) && p.enum.every((x) => typeof x === 'string')) {
      return { ...base, kind: 'enum', options: (p.enum as string[]).map((v) => ({ value: v, label: optionLabel(v) })), default: p.default as string | undefined }
    }
    if (p.type === 'integer' || p.type === 'number') {
      return { ...base, kind: 'number', integer: p.type === 'integer', min: num(p.minimum), max: num(p.maximum), default: p.default as number | undefined }
    }
    if (p.type === 'boolean') return { ...base, kind: 'boolean', default: p.default as boolean | undefined }
    if (p.type === 'string') return { ...base, kind: 'text', default: p.default as string | undefined }
    if (p.type === 'array') {
      const items = p.items as Record<string, unknown> | undefined
      const finite = finiteItems(items)
      if (finite) {
        return { ...base, kind: 'set', options: finite.map((v) => ({ value: v, label: optionLabel(v) })), default: p.default as (string | number)[] | undefined, minItems: num(p.minItems) }
      }
      if (items && (items.type === 'number' || items.type === 'integer')) {
        const lo = num(items.minimum) ?? num(items.exclusiveMinimum)
        const hi = num(items.maximum) ?? num(items.exclusiveMaximum)
        return {
          ...base,
          kind: 'numbers',
          min: lo,
          max: hi,
          exclusiveMin: items.exclusiveMinimum !== undefined,
          exclusiveMax: items.exclusiveMaximum !== undefined,
          maxItems: num(p.maxItems),
          default: p.default as number[] | undefined,
        }
      }
    }
    return { ...base, kind: 'json', default: p.default }
  })
}

/** A deterministic seed for previews and samples, from a label and a number (never a student's seed). */
export function previewSeed(label: string, n: number): string {
  return createHash('sha256').update(`lassolab-preview\u001f${label}\u001f${n}`).digest('hex')
}

/** The template catalog for the builder: description, params with defaults, a sample variant (default params). */
export async function templateCatalog(db: Db, actor: Actor, courseId: unknown) {
  const id = parseInput(idSchema, courseId, 'That course id is not valid.')
  await requireCourseRole(db, actor, id, INSTRUCTOR_ONLY)
  return listTemplates().map((t) => {
    let sample: ReturnType<typeof publicView> | null = null
    let sampleError: string | null = null
    try {
      sample = publicView(t, makeVariant(t, {}, previewSeed(t.id, 1)))
    } catch (e) {
      sampleError = `No sample: ${(e as Error).message}`
    }
    return {
      id: t.id,
      title: t.title,
      description: t.description,
      topic: t.topic,
      version: t.version,
      defaults: t.params.parse({}) as Record<string, unknown>,
      fields: paramFields(t),
      mistakes: t.mistakes.map((m) => ({ id: m.id, label: m.label })),
      /** Whether the question can use a dataset of the instructor's (lib/questions/types.ts, dataSlot). */
      takesData: !!t.dataSlot,
      sample,
      sampleError,
    }
  })
}

export const sampleSchema = z.object({
  courseId: idSchema,
  templateId: z.string().min(1).max(100),
  params: z.record(z.string(), z.unknown()).default({}),
  seed: z.coerce.number().int().min(1).max(1_000_000).default(1),
})

/** A sample variant of a template with the given params (the builder's live preview). */
export async function sampleVariant(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(sampleSchema, raw)
  await requireCourseRole(db, actor, input.courseId, INSTRUCTOR_ONLY)
  const template = templateOrThrow(input.templateId)
  const params = parseTemplateParams(template, input.params, 'params')
  const data = makeVariant(template, params, previewSeed(template.id, input.seed))
  return { seed: input.seed, ...publicView(template, data) }
}

/** A zod issue on a template parameter, in the builder's words (labels, not code names). */
function paramMessage(template: AnyTemplate, issue: z.core.$ZodIssue): string {
  const words = (name: string) => paramWords(template.id, name)?.label ?? name
  const i = issue as z.core.$ZodIssue & { minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean; origin?: string; expected?: string }
  const list = i.path.length > 1 || i.origin === 'array'
  const each = i.path.length > 1 ? ' (each number)' : ''
  switch (i.code) {
    case 'too_small':
      return i.origin === 'array' ? 'Choose at least one.' : `${i.inclusive === false ? 'Above' : 'At least'} ${i.minimum}${each}.`
    case 'too_big':
      return i.origin === 'array' ? `At most ${i.maximum} values.` : `${i.inclusive === false ? 'Below' : 'At most'} ${i.maximum}${each}.`
    case 'invalid_type':
      return i.expected === 'number' || i.expected === 'int' ? (list ? 'Enter numbers separated by commas.' : 'Enter a number.') : 'Choose a value from the list.'
    case 'invalid_value':
    case 'invalid_union':
      return 'Choose a value from the list.'
    case 'not_multiple_of':
      return 'Enter a whole number.'
    default:
      // A template's own cross-field check names parameters by their code names: say their labels instead.
      return i.message.replace(/\b[a-z][A-Za-z0-9]*\b/g, (w) => (paramWords(template.id, w) ? `“${words(w)}”` : w))
  }
}

/**
 * The template's cross-field checks (nMin ≤ nMax…) that zod skipped because another parameter is not even of its
 * type (an aborting issue: "abc" for a number): the params again without the wrong ones (their defaults stand in), keeping only the checks that name none of them,
 * so every error shows at once and none is about a value the instructor did not give.
 */
function crossFieldIssues(template: AnyTemplate, params: unknown, issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  if (!params || typeof params !== 'object') return []
  const bad = new Set(issues.map((i) => String(i.path[0])))
  const rest = Object.fromEntries(Object.entries(params).filter(([k]) => !bad.has(k)))
  const again = template.params.safeParse(rest)
  if (again.success) return []
  const names = (message: string) => new Set(message.match(/\b[a-z][A-Za-z0-9]*\b/g) ?? [])
  const seen = new Set(issues.map((i) => `${String(i.path[0])}|${i.message}`))
  return again.error.issues.filter(
    (i) => i.code === 'custom' && !bad.has(String(i.path[0])) && !seen.has(`${String(i.path[0])}|${i.message}`) && ![...names(i.message)].some((w) => bad.has(w)),
  )
}

/** The template's zod schema decides; its messages come back in words, keyed by `<prefix>.<parameter>`. */
function parseTemplateParams(template: AnyTemplate, params: unknown, prefix: string): Record<string, unknown> {
  const r = template.params.safeParse(params ?? {})
  if (!r.success) {
    const issues = [...r.error.issues, ...crossFieldIssues(template, params, r.error.issues)]
    // One message per parameter (a list's wrong entry is reported on the list's field).
    const errors = fieldErrorsOf(issues.map((i) => ({ path: [prefix, ...i.path.slice(0, 1)], message: paramMessage(template, i) })))
    const [key, message] = Object.entries(errors)[0]
    const name = key.slice(prefix.length + 1)
    throw new UserError('invalid', `The parameters of "${template.title}" are not valid: ${paramWords(template.id, name)?.label ?? name}: ${message}`, errors)
  }
  return r.data as Record<string, unknown>
}

// ── Assignment input ───────────────────────────────────────────────────────────────────────────────

const fraction = (label: string) =>
  z.coerce.number({ message: `${label} must be a number.` }).min(0, `${label} is at least 0.`).max(1, `${label} is at most 1 (100%).`)

export const toleranceSchema = z.object({
  rel: z.coerce.number({ message: 'The relative tolerance must be a number.' }).min(0, 'The relative tolerance is at least 0.').max(1, 'The relative tolerance is at most 1.'),
  abs: z.coerce.number({ message: 'The absolute tolerance must be a number.' }).min(0, 'The absolute tolerance is at least 0.').max(1e6, 'The absolute tolerance is too large.'),
})

export const itemInputSchema = z.object({
  /** Present for an item that already exists (edit); absent for a new one. */
  id: idSchema.optional(),
  templateId: z.string().min(1, 'Choose a template.').max(100),
  params: z.record(z.string(), z.unknown()).default({}),
  points: z.coerce.number({ message: 'Points must be a number.' }).min(0, 'Points are at least 0.').max(1000, 'Points are at most 1000.'),
  tolerance: toleranceSchema.nullable().default(null),
})

export const assignmentFieldsSchema = z
  .object({
    title: z.string().trim().min(1, 'Enter a title.').max(200, 'A title has at most 200 characters.'),
    description: z.string().trim().max(5000, 'The description has at most 5000 characters.').default(''),
    opensAt: optionalDate.default(null),
    dueAt: optionalDate.default(null),
    lateCutoffAt: optionalDate.default(null),
    latePenaltyPerDay: fraction('The late penalty per day').default(0),
    maxAttempts: z.coerce.number({ message: 'Maximum attempts must be a number.' }).int('Maximum attempts is a whole number.').min(1, 'Allow at least 1 attempt.').max(100, 'At most 100 attempts.').default(3),
    variantPolicy: variantPolicySchema.default('SAME'),
    retryPenalty: fraction('The penalty per retry').default(0),
    derivationPolicy: derivationPolicySchema.default('AFTER_ATTEMPT'),
    items: z.array(itemInputSchema).min(1, 'Add at least one question.').max(50, 'At most 50 questions.'),
    /** Null: homework. Otherwise the assignment is an exam with these settings (lib/server/exams). */
    exam: examInputSchema.nullable().default(null),
  })
  .superRefine((a, ctx) => {
    for (const [field, message] of Object.entries(datesErrors(a))) ctx.addIssue({ code: 'custom', path: [field], message })
  })
export type AssignmentFields = z.infer<typeof assignmentFieldsSchema>

/** The checks between the dates and policies, by field. */
function datesErrors(a: { opensAt: Date | null; dueAt: Date | null; lateCutoffAt: Date | null; derivationPolicy: string }): Record<string, string> {
  const out: Record<string, string> = {}
  if (a.opensAt && a.dueAt && a.dueAt <= a.opensAt) out.dueAt = 'The due date must be after the opening date.'
  if (a.lateCutoffAt && !a.dueAt) out.lateCutoffAt = 'Set a due date before a cutoff for late work.'
  if (a.lateCutoffAt && a.dueAt && a.lateCutoffAt < a.dueAt) out.lateCutoffAt = 'The cutoff for late work cannot be before the due date.'
  if (a.derivationPolicy === 'AFTER_DUE' && !a.dueAt) out.derivationPolicy = 'Showing derivations after the due date needs a due date.'
  return out
}

/**
 * The date checks when another field is wrong (zod skips an object's refinements then): each date read on its
 * own, an unreadable one left out (it has its own message already).
 */
function datesErrorsOfRaw(raw: unknown): Record<string, string> {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  const date = (v: unknown) => {
    const r = optionalDate.safeParse(v)
    return r.success ? r.data : null
  }
  return datesErrors({ opensAt: date(o.opensAt), dueAt: date(o.dueAt), lateCutoffAt: date(o.lateCutoffAt), derivationPolicy: String(o.derivationPolicy ?? '') })
}

const createSchema = z.object({ courseId: idSchema, assignment: z.unknown() })
const updateSchema = z.object({ assignmentId: idSchema, assignment: z.unknown(), confirm: z.boolean().default(false) })

/**
 * Validates the assignment and every question's parameters with its template's schema, and reports every
 * problem at once, each keyed by the field that caused it (`title`, `items.2.points`, `items.0.params.nMin`…).
 */
function parseAssignment(raw: unknown): AssignmentFields {
  const r = assignmentFieldsSchema.safeParse(raw)
  const errors: Record<string, string> = r.success ? {} : { ...datesErrorsOfRaw(raw), ...fieldErrorsOf(r.error.issues) }
  const rawItems = raw && typeof raw === 'object' && Array.isArray((raw as { items?: unknown }).items) ? ((raw as { items: unknown[] }).items) : []
  const params: (Record<string, unknown> | null)[] = rawItems.map((item, i) => {
    const it = (item && typeof item === 'object' ? item : {}) as { templateId?: unknown; params?: unknown }
    if (typeof it.templateId !== 'string') return null
    let template: AnyTemplate
    try {
      template = templateOrThrow(it.templateId)
    } catch (e) {
      errors[`items.${i}.templateId`] = (e as Error).message
      return null
    }
    try {
      return parseTemplateParams(template, it.params, `items.${i}.params`)
    } catch (e) {
      Object.assign(errors, (e as UserError).fieldErrors)
      return null
    }
  })
  if (!r.success || Object.keys(errors).length > 0) {
    const count = Object.keys(errors).length
    throw new UserError('invalid', `${count === 1 ? 'One field needs' : `${count} fields need`} correcting: ${firstProblem(rawItems, errors)}`, errors)
  }
  const a = r.data
  a.items = a.items.map((item, i) => ({ ...item, params: params[i] ?? item.params }))
  return a
}

/** "Question 2, Fewest data points: At least 3." for the first field error, in words. */
function firstProblem(rawItems: unknown[], errors: Record<string, string>): string {
  const [key, message] = Object.entries(errors)[0]
  const [head, index, kind, name] = key.split('.')
  if (head !== 'items' || index === undefined) return message
  const templateId = (rawItems[Number(index)] as { templateId?: unknown } | undefined)?.templateId
  const label = kind === 'params' && name ? (typeof templateId === 'string' ? paramWords(templateId, name)?.label : undefined) ?? name : null
  return `Question ${Number(index) + 1}${label ? `, ${label}` : ''}: ${message}`
}

/** The assignment's own fields as stored (from the builder's input, or from another assignment when copying). */
export const policyData = (a: Pick<AssignmentFields, 'title' | 'description' | 'opensAt' | 'dueAt' | 'lateCutoffAt' | 'latePenaltyPerDay' | 'maxAttempts' | 'retryPenalty'> & { variantPolicy: string; derivationPolicy: string }) => ({
  title: a.title,
  description: a.description,
  opensAt: a.opensAt,
  dueAt: a.dueAt,
  lateCutoffAt: a.lateCutoffAt,
  latePenaltyPerDay: a.latePenaltyPerDay,
  maxAttempts: a.maxAttempts,
  variantPolicy: a.variantPolicy,
  retryPenalty: a.retryPenalty,
  derivationPolicy: a.derivationPolicy,
})

const itemData = (item: AssignmentFields['items'][number], position: number) => ({
  templateId: item.templateId,
  params: JSON.stringify(item.params),
  points: item.points,
  position,
  tolerance: item.tolerance ? JSON.stringify(item.tolerance) : null,
})

export async function createAssignment(db: Db, actor: Actor, raw: unknown) {
  const { courseId, assignment } = parseInput(createSchema, raw)
  await requireCourseRole(db, actor, courseId, INSTRUCTOR_ONLY)
  const a = parseAssignment(assignment)
  if (a.items.some((i) => i.id)) throw new UserError('invalid', 'A new assignment cannot reuse questions of another assignment.')
  return db.$transaction(async (tx) => {
    const created = await tx.assignment.create({
      data: { courseId, ...policyData(a), items: { create: a.items.map((item, i) => itemData(item, i + 1)) } },
      include: { items: { orderBy: { position: 'asc' } } },
    })
    await saveExamSettings(tx, created.id, a.exam)
    return created
  })
}

/** The assignment as the builder edits it (instructors), or reads it (TAs). */
export async function assignmentForEdit(db: Db, actor: Actor, assignmentId: unknown) {
  const { assignment: a, enrollment } = await loadAssignment(db, actor, assignmentId, STAFF_ROLES)
  const counts = await db.attempt.groupBy({ by: ['itemId'], where: { itemId: { in: a.items.map((i) => i.id) } }, _count: { _all: true } })
  const attemptsByItem = new Map(counts.map((c) => [c.itemId, c._count._all]))
  const versionIds = a.items.map((i) => i.datasetVersionId).filter((x): x is string => !!x)
  const versions = versionIds.length ? await db.datasetVersion.findMany({ where: { id: { in: versionIds } }, select: { id: true, version: true, datasetId: true, dataset: { select: { name: true } } } }) : []
  const datasetNames = new Map(versions.map((v) => [v.id, { datasetId: v.datasetId, name: v.dataset.name, version: v.version }]))
  return {
    id: a.id,
    courseId: a.courseId,
    courseTitle: a.course.title,
    myRole: enrollment.role,
    title: a.title,
    description: a.description,
    opensAt: a.opensAt,
    dueAt: a.dueAt,
    lateCutoffAt: a.lateCutoffAt,
    latePenaltyPerDay: a.latePenaltyPerDay,
    maxAttempts: a.maxAttempts,
    variantPolicy: variantPolicySchema.parse(a.variantPolicy),
    retryPenalty: a.retryPenalty,
    derivationPolicy: derivationPolicySchema.parse(a.derivationPolicy),
    exam: await examSettingsForEdit(db, a.id),
    items: a.items.map((i) => {
      const t = templateOrThrow(i.templateId)
      return {
        id: i.id,
        templateId: i.templateId,
        title: t.title,
        position: i.position,
        params: JSON.parse(i.params) as Record<string, unknown>,
        points: i.points,
        tolerance: toleranceOf(i.tolerance) ?? null,
        attempts: attemptsByItem.get(i.id) ?? 0,
        takesData: !!t.dataSlot,
        dataset: i.datasetVersionId ? (datasetNames.get(i.datasetVersionId) ?? null) : null,
      }
    }),
  }
}

// ── Editing graded work ────────────────────────────────────────────────────────────────────────────

export interface ChangeNote {
  /** "destructive": deletes graded work; "grades": changes totals or scores now; "future": applies to new work only. */
  severity: 'destructive' | 'grades' | 'future'
  text: string
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`
const tolText = (t: { rel: number; abs: number } | null | undefined) => (t ? `relative ${t.rel}, absolute ${t.abs}` : 'the default')
const dateText = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'none')

/**
 * What an edit changes in work already submitted. Scores are stored with each attempt, so most edits apply to
 * new attempts only; removing a question deletes its attempts; changing points changes totals at once.
 */
async function describeChanges(db: Db, current: Awaited<ReturnType<typeof loadAssignment>>['assignment'], next: AssignmentFields): Promise<ChangeNote[]> {
  const itemIds = current.items.map((i) => i.id)
  const byItem = await db.attempt.groupBy({ by: ['itemId', 'userId'], where: { itemId: { in: itemIds } }, _count: { _all: true } })
  const attempts = new Map<string, { attempts: number; students: number }>()
  for (const r of byItem) {
    const s = attempts.get(r.itemId) ?? { attempts: 0, students: 0 }
    s.attempts += r._count._all
    s.students += 1
    attempts.set(r.itemId, s)
  }
  const variantCounts = await db.variant.groupBy({ by: ['itemId'], where: { itemId: { in: itemIds } }, _count: { _all: true } })
  const variants = new Map(variantCounts.map((v) => [v.itemId, v._count._all]))
  const notes: ChangeNote[] = []
  const total = [...attempts.values()].reduce((s, a) => s + a.attempts, 0)
  const label = (i: { position: number; templateId: string }) => `Question ${i.position} (${templateOrThrow(i.templateId).title})`
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`

  const kept = new Set(next.items.map((i) => i.id).filter(Boolean))
  for (const old of current.items) {
    const a = attempts.get(old.id)
    if (!kept.has(old.id) && (a || variants.get(old.id))) {
      notes.push({
        severity: 'destructive',
        text: `${label(old)} is removed: ${a ? `its ${plural(a.attempts, 'attempt')} by ${plural(a.students, 'student')} and their grades are deleted` : 'the datasets students opened are deleted'}.`,
      })
    }
  }
  next.items.forEach((item, i) => {
    const old = current.items.find((o) => o.id === item.id)
    if (!old) return
    const a = attempts.get(old.id)
    const v = variants.get(old.id) ?? 0
    const name = label(old)
    if (old.position !== i + 1 && a) notes.push({ severity: 'future', text: `${name} moves to position ${i + 1}.` })
    if (old.points !== item.points && a) {
      notes.push({ severity: 'grades', text: `${name} is worth ${item.points} instead of ${old.points} points: the totals of ${plural(a.students, 'student')} who answered it change now.` })
    }
    if (old.params !== JSON.stringify(item.params) && v) {
      notes.push({ severity: 'future', text: `${name} gets new parameters: they apply to datasets created from now on; the ${plural(v, 'dataset')} students already have keep the old parameters and their grades.` })
    }
    const oldTol = toleranceOf(old.tolerance) ?? null
    if (JSON.stringify(oldTol) !== JSON.stringify(item.tolerance) && a) {
      notes.push({
        severity: 'future',
        text: `${name}: the answer tolerance changes from ${tolText(oldTol)} to ${tolText(item.tolerance)} for new attempts. The ${plural(a.attempts, 'attempt')} already graded keep their scores until you regrade this question.`,
      })
    }
  })
  if (total > 0) {
    const used = await db.attempt.groupBy({ by: ['itemId', 'userId'], where: { itemId: { in: itemIds } }, _count: { _all: true } })
    const over = new Set(used.filter((u) => u._count._all > next.maxAttempts).map((u) => u.userId)).size
    if (next.maxAttempts < current.maxAttempts && over > 0) {
      notes.push({ severity: 'future', text: `Maximum attempts drops from ${current.maxAttempts} to ${next.maxAttempts}: ${plural(over, 'student')} already used more; their attempts and grades stay, but they cannot submit again.` })
    }
    const policy: [string, string, string][] = [
      ['retryPenalty', 'penalty per retry', `${pct(current.retryPenalty)} → ${pct(next.retryPenalty)}`],
      ['latePenaltyPerDay', 'late penalty per day', `${pct(current.latePenaltyPerDay)} → ${pct(next.latePenaltyPerDay)}`],
      ['dueAt', 'due date', `${dateText(current.dueAt)} → ${dateText(next.dueAt)}`],
      ['lateCutoffAt', 'cutoff for late work', `${dateText(current.lateCutoffAt)} → ${dateText(next.lateCutoffAt)}`],
      ['variantPolicy', 'dataset policy', `${current.variantPolicy} → ${next.variantPolicy}`],
    ]
    const changed = policy.filter(([k]) => {
      const before = current[k as keyof typeof current]
      const after = next[k as keyof AssignmentFields]
      return (before instanceof Date ? before.getTime() : before) !== (after instanceof Date ? after.getTime() : after)
    })
    if (changed.length > 0) {
      notes.push({
        severity: 'future',
        text: `The ${changed.map(([, n, d]) => `${n} (${d})`).join(', ')} change${changed.length === 1 ? 's' : ''} for new attempts; the ${plural(total, 'attempt')} already graded keep their scores and late flags unless you regrade.`,
      })
    }
    if (current.derivationPolicy !== next.derivationPolicy) {
      notes.push({ severity: 'future', text: `Worked derivations will be shown ${next.derivationPolicy === 'AFTER_DUE' ? 'only after the due date' : 'after each attempt'}, also for attempts already made.` })
    }
  }
  return notes
}

export type UpdateResult = { ok: true; assignmentId: string } | { ok: false; needsConfirmation: true; changes: ChangeNote[] }

/**
 * Saves an edit. When it changes graded work, nothing is saved until the caller confirms: the first call
 * returns what it will change; the same call with `confirm: true` applies it.
 */
export async function updateAssignment(db: Db, actor: Actor, raw: unknown): Promise<UpdateResult> {
  const input = parseInput(updateSchema, raw)
  const { assignment: current } = await loadAssignment(db, actor, input.assignmentId, INSTRUCTOR_ONLY)
  const next = parseAssignment(input.assignment)
  const errors: Record<string, string> = {}
  const seen = new Set<string>()
  for (const [i, item] of next.items.entries()) {
    if (!item.id) continue
    const old = current.items.find((o) => o.id === item.id)
    if (!old || seen.has(item.id)) errors[`items.${i}.id`] = 'This question is not part of this assignment.'
    else if (old.templateId !== item.templateId && (await db.variant.count({ where: { itemId: old.id } })) > 0) {
      errors[`items.${i}.templateId`] = 'Students already have datasets of this question: remove it and add a new question instead of changing its template.'
    }
    seen.add(item.id)
  }
  if (Object.keys(errors).length > 0) throw new UserError('invalid', Object.values(errors)[0], errors)

  const changes = await describeChanges(db, current, next)
  if (changes.length > 0 && !input.confirm) return { ok: false, needsConfirmation: true, changes }

  await db.$transaction(async (tx) => {
    await tx.assignment.update({ where: { id: current.id }, data: policyData(next) })
    await saveExamSettings(tx, current.id, next.exam)
    const keep = new Set(next.items.map((i) => i.id).filter((x): x is string => !!x))
    await tx.assignmentItem.deleteMany({ where: { assignmentId: current.id, id: { notIn: [...keep] } } })
    for (const [i, item] of next.items.entries()) {
      if (item.id) await tx.assignmentItem.update({ where: { id: item.id }, data: itemData(item, i + 1) })
      else await tx.assignmentItem.create({ data: { assignmentId: current.id, ...itemData(item, i + 1) } })
    }
  })
  return { ok: true, assignmentId: current.id }
}

/** What deleting the assignment deletes (for the confirmation page). */
export async function deletionImpact(db: Db, actor: Actor, assignmentId: unknown) {
  const { assignment } = await loadAssignment(db, actor, assignmentId, INSTRUCTOR_ONLY)
  const itemIds = assignment.items.map((i) => i.id)
  const attempts = await db.attempt.count({ where: { itemId: { in: itemIds } } })
  const students = (await db.attempt.groupBy({ by: ['userId'], where: { itemId: { in: itemIds } } })).length
  return { id: assignment.id, courseId: assignment.courseId, courseTitle: assignment.course.title, title: assignment.title, items: itemIds.length, attempts, students }
}

const deleteSchema = z.object({ assignmentId: idSchema, confirmTitle: z.string().max(300) })

/** Deletes the assignment with its questions, datasets and attempts; the caller must retype the title. */
export async function deleteAssignment(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(deleteSchema, raw)
  const { assignment } = await loadAssignment(db, actor, input.assignmentId, INSTRUCTOR_ONLY)
  if (input.confirmTitle.trim() !== assignment.title.trim()) {
    throw new UserError('invalid', 'Type the title of the assignment exactly to confirm the deletion.', { confirmTitle: 'Does not match the title.' })
  }
  await db.assignment.delete({ where: { id: assignment.id } })
  return { courseId: assignment.courseId }
}
