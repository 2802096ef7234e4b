/**
 * CSV exports for staff, written with csv-stringify: the assignment gradebook, every attempt of an assignment,
 * and a course grade import file in Canvas's gradebook format (one column per assignment, a "Points Possible"
 * row, students matched by SIS Login ID = email).
 * Cells a spreadsheet would run as a formula (=, +, -, @ followed by text) are prefixed with an apostrophe.
 */
import { stringify } from 'csv-stringify/sync'
import type { Db } from '@/lib/db'
import { answerText, plainText } from '../answerText'
import type { Actor } from '../authz'
import { isUserError } from '../errors'
import { requireCourseRole } from '../authz'
import { countedScore, creditKey, creditsFor } from '../credits'
import { STAFF_ROLES, courseStudents, idSchema, loadAssignment, parseInput } from './common'
import { materialize } from '../variants'
import { courseGradebook } from './gradebook'
import { gradebook } from './results'

type Cell = string | number | boolean | null

/** Neutralizes spreadsheet formula injection in text cells; plain numbers like "-3.5" stay as they are. */
export function safeCell(v: Cell): Cell {
  if (typeof v !== 'string') return v
  if (/^[=+@\t\r]/.test(v) || (/^-/.test(v) && !/^-\d*\.?\d+(e[-+]?\d+)?$/i.test(v))) return `'${v}`
  return v
}

export function toCsv(rows: Cell[][]): string {
  // The byte-order mark makes Excel read the file as UTF-8 (names, λ, −); other readers skip it.
  return stringify(rows.map((r) => r.map(safeCell)), { bom: true, record_delimiter: 'unix' })
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits

/** A file name safe in a Content-Disposition header. */
export function fileName(...parts: string[]): string {
  return `${parts.join('-').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/_+/g, '_').slice(0, 100)}.csv`
}

/** Students × questions, in points, with totals and late flags. */
export async function gradebookCsv(db: Db, actor: Actor, assignmentId: unknown) {
  const g = await gradebook(db, actor, assignmentId)
  const header: Cell[] = ['Student', 'Email', ...g.items.map((i) => `Q${i.position} ${i.title} (${i.points} pts)`), 'Total (points)', 'Points possible', 'Percent (%)', 'Late', 'Extension due (UTC)', 'Overridden by hand (questions)']
  const rows: Cell[][] = g.rows.map((r) => [
    r.name,
    r.email,
    ...r.cells.map((c) => (c.score === null ? '' : round(c.points))),
    round(r.total),
    g.totalPoints,
    round(r.fraction * 100, 2),
    r.late ? 'late' : '',
    r.extensionDue ? r.extensionDue.toISOString() : '',
    g.items.filter((_, k) => r.cells[k].overridden).map((i) => `Q${i.position}`).join(' '),
  ])
  return { filename: fileName(g.assignment.title, 'gradebook'), csv: toCsv([header, ...rows]) }
}

/** Every attempt: who, which question and variant, when, the answers as typed, scores and diagnoses. */
export async function attemptsCsv(db: Db, actor: Actor, assignmentId: unknown) {
  const { assignment: a } = await loadAssignment(db, actor, assignmentId, STAFF_ROLES)
  const attempts = await db.attempt.findMany({
    where: { itemId: { in: a.items.map((i) => i.id) } },
    include: { user: { select: { name: true, email: true } }, variant: true, parts: true, item: { select: { position: true, templateId: true } } },
    orderBy: [{ submittedAt: 'asc' }],
  })
  const header: Cell[] = ['Student', 'Email', 'Question', 'Template', 'Template version', 'Attempt', 'Variant', 'Seed', 'Submitted (UTC)', 'Late', 'Raw score (fraction, 0 to 1)', 'Score (fraction, 0 to 1)', 'Answers', 'Correct parts', 'Diagnoses']
  const rows: Cell[][] = attempts.map((t) => [
    t.user.name,
    t.user.email,
    t.item.position,
    t.item.templateId,
    t.templateVersion,
    t.number,
    t.variant.index,
    t.variant.seed,
    t.submittedAt.toISOString(),
    t.late ? 'late' : '',
    round(t.rawScore),
    round(t.score),
    answersCell(t.variant, JSON.parse(t.rawAnswers) as Record<string, unknown>),
    t.parts.filter((p) => p.correct).map((p) => p.partId).join(' '),
    t.parts.filter((p) => p.diagnosis).map((p) => `${p.partId}:${p.diagnosis}`).join(' '),
  ])
  return { filename: fileName(a.title, 'attempts'), csv: toCsv([header, ...rows]) }
}

/** The answers of one attempt as typed, a choice as its option's text: "part=answer | part=answer". */
function answersCell(variant: Parameters<typeof materialize>[0], given: Record<string, unknown>): string {
  const { template, data } = materialize(variant)
  const kinds = new Map(template.parts(data).map((p) => [p.id, p.answer]))
  return Object.entries(given)
    .map(([k, v]) => `${k}=${plainText(answerText(kinds.get(k), Array.isArray(v) ? v : String(v)))}`)
    .join(' | ')
}

/** The course gradebook: students × assignments in points, a marks column per assignment, totals. */
export async function courseGradebookCsv(db: Db, actor: Actor, courseId: unknown) {
  const g = await courseGradebook(db, actor, courseId)
  const header: Cell[] = ['Student', 'Email', ...g.assignments.flatMap((a) => [`${a.title} (${round(a.points, 2)} pts)`, `${a.title} marks`]), 'Total (points)', 'Points possible', 'Percent (%)']
  const rows: Cell[][] = g.rows.map((r) => [
    r.name,
    r.email,
    ...r.cells.flatMap((c) => [c.points === null ? '' : round(c.points), [c.late && 'late', c.overridden && 'overridden'].filter(Boolean).join(' ')]),
    round(r.total),
    g.totalPoints,
    round(r.fraction * 100, 2),
  ])
  return { filename: fileName(g.course.title, 'gradebook'), csv: toCsv([header, ...rows]) }
}

/**
 * Canvas gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then one column per assignment
 * (a new column in Canvas, since LassoLab has no Canvas assignment ids), with a "Points Possible" row.
 */
export async function canvasCsv(db: Db, actor: Actor, courseId: unknown) {
  const id = parseInput(idSchema, courseId, 'That course id is not valid.')
  await requireCourseRole(db, actor, id, STAFF_ROLES)
  const course = await db.course.findUniqueOrThrow({ where: { id }, include: { assignments: { include: { items: true }, orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }] } } })
  const students = await courseStudents(db, id)
  const itemIds = course.assignments.flatMap((a) => a.items.map((i) => i.id))
  const best = await db.attempt.groupBy({ by: ['userId', 'itemId'], where: { itemId: { in: itemIds } }, _max: { score: true } })
  const bestBy = new Map(best.map((b) => [creditKey(b.userId, b.itemId), b._max.score ?? 0]))
  for (const [k, credit] of await creditsFor(db, itemIds)) bestBy.set(k, countedScore(bestBy.get(k), credit) ?? 0)
  const header: Cell[] = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', ...course.assignments.map((a) => a.title)]
  const possible: Cell[] = ['    Points Possible', '', '', '', '', ...course.assignments.map((a) => round(a.items.reduce((s, i) => s + i.points, 0), 2))]
  const rows: Cell[][] = students.map((s) => [
    // Canvas lists students as "Last, First"; LassoLab keeps one name field, exported as entered.
    s.name,
    '',
    '',
    s.email,
    '',
    ...course.assignments.map((a) => round(a.items.reduce((sum, i) => sum + (bestBy.get(`${s.id}\u001f${i.id}`) ?? 0) * i.points, 0), 2)),
  ])
  return { filename: fileName(course.title, 'canvas-grades'), csv: toCsv([header, possible, ...rows]) }
}

/** Route-handler glue for CSV downloads: the file with a Content-Disposition, or a JSON error with its status. */
export async function csvResponse(fn: () => Promise<{ filename: string; csv: string }>): Promise<Response> {
  try {
    const { filename, csv } = await fn()
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    })
  } catch (e) {
    if (isUserError(e)) return Response.json({ error: e.message, code: e.code }, { status: e.status })
    console.error('[api] unexpected error', e)
    return Response.json({ error: 'Something went wrong on our side. Please try again.' }, { status: 500 })
  }
}
