/**
 * Importing a roster from a CSV file as invitations (./invitations): nobody is enrolled until they accept.
 * The file is checked for size before it is read, parsed with csv-parse, and each row validated with zod.
 * All or nothing: when any row is wrong, nothing is sent and every wrong row is listed with its line number,
 * so the corrected file can be imported again without renewing links twice.
 *
 * Accepted layouts: a header row naming an "email" column (optional "role" column: student, TA, instructor), or
 * no header and the email in the first column (role in the second, if any). Rows without a role get `defaultRole`.
 */
import { parse } from 'csv-parse/sync'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { type Actor, ROLES, roleSchema, requireCourseRole } from '../authz'
import { UserError } from '../errors'
import { emailSchema } from '../users'
import { INSTRUCTOR_ONLY, idSchema, parseInput } from './common'
import { inviteManyToCourse } from './invitations'

export const MAX_ROSTER_BYTES = 256 * 1024
export const MAX_ROSTER_ROWS = 1000

const roleWord = z.preprocess(
  (v) => (typeof v === 'string' ? ({ STUDENT: 'STUDENT', STUDENTS: 'STUDENT', TA: 'TA', 'TEACHING ASSISTANT': 'TA', INSTRUCTOR: 'INSTRUCTOR', TEACHER: 'INSTRUCTOR' } as Record<string, string>)[v.trim().toUpperCase()] ?? v : v),
  z.enum(ROLES, { message: 'The role must be student, TA or instructor.' }),
)

const rosterInputSchema = z.object({
  courseId: idSchema,
  /** The file (checked for size before it is read) or its text. */
  file: z.union([z.string(), z.instanceof(Blob)], { message: 'Choose a CSV file.' }),
  defaultRole: roleSchema.default('STUDENT'),
})

const rowSchema = z.object({
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().min(1, 'The email is missing.').pipe(emailSchema)),
  role: z.preprocess((v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v), roleWord.optional()),
})

export interface RosterLineError {
  /** Line number in the file, counted from 1 (the header is line 1 when there is one). */
  line: number
  message: string
}

export type RosterResult =
  | { ok: true; invited: { email: string; role: string; link: string }[]; alreadyMembers: string[] }
  | { ok: false; errors: RosterLineError[] }

async function readLimited(file: string | Blob): Promise<string> {
  const size = typeof file === 'string' ? Buffer.byteLength(file, 'utf8') : file.size
  if (size === 0) throw new UserError('invalid', 'The file is empty.', { file: 'The file is empty.' })
  if (size > MAX_ROSTER_BYTES) {
    throw new UserError('too-large', `The file is larger than ${MAX_ROSTER_BYTES / 1024} KB: split the roster into smaller files.`, { file: 'The file is too large.' })
  }
  return typeof file === 'string' ? file : file.text()
}

/** The CSV as [line, cells] records, or a line-numbered error when it is not CSV at all. */
function parseCsv(text: string): { line: number; cells: string[] }[] {
  try {
    const records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true, max_record_size: 4096 }) as unknown as { record: string[]; info: { lines: number } }[]
    return records.map((r) => ({ line: r.info.lines, cells: r.record })).filter((r) => r.cells.some((c) => c !== ''))
  } catch (e) {
    const line = (e as { lines?: number }).lines
    throw new UserError('invalid', `The file could not be read as CSV${line ? ` (line ${line})` : ''}: check its quotes and separators (commas).`, { file: 'Not a readable CSV file.' })
  }
}

export async function importRoster(db: Db, actor: Actor, raw: unknown, now = new Date()): Promise<RosterResult> {
  const input = parseInput(rosterInputSchema, raw)
  await requireCourseRole(db, actor, input.courseId, INSTRUCTOR_ONLY)
  const records = parseCsv(await readLimited(input.file))
  if (records.length === 0) throw new UserError('invalid', 'The file has no rows.', { file: 'No rows.' })

  const head = records[0].cells.map((c) => c.toLowerCase())
  const emailCol = head.findIndex((c) => c === 'email' || c === 'e-mail' || c === 'email address')
  const hasHeader = emailCol >= 0
  const roleCol = hasHeader ? head.findIndex((c) => c === 'role') : 1
  const rows = hasHeader ? records.slice(1) : records
  if (rows.length === 0) throw new UserError('invalid', 'The file has a header but no people.', { file: 'No rows.' })
  if (rows.length > MAX_ROSTER_ROWS) throw new UserError('too-large', `At most ${MAX_ROSTER_ROWS} people per file.`, { file: 'Too many rows.' })

  const errors: RosterLineError[] = []
  const valid: { email: string; role: z.infer<typeof roleSchema> }[] = []
  const seen = new Map<string, number>()
  for (const { line, cells } of rows) {
    const r = rowSchema.safeParse({ email: cells[hasHeader ? emailCol : 0], role: roleCol >= 0 ? cells[roleCol] : undefined })
    if (!r.success) {
      errors.push({ line, message: r.error.issues.map((i) => i.message).join(' ') })
      continue
    }
    const first = seen.get(r.data.email)
    if (first !== undefined) {
      errors.push({ line, message: `${r.data.email} is also on line ${first}.` })
      continue
    }
    seen.set(r.data.email, line)
    valid.push({ email: r.data.email, role: r.data.role ?? input.defaultRole })
  }
  if (errors.length > 0) return { ok: false, errors }

  const sent = await inviteManyToCourse(db, actor, { courseId: input.courseId, invitations: valid }, now)
  const invited: { email: string; role: string; link: string }[] = []
  const alreadyMembers: string[] = []
  for (const s of sent) {
    if (!s.ok) continue
    if (s.link) invited.push({ email: s.email, role: s.role, link: s.link })
    else alreadyMembers.push(s.email)
  }
  return { ok: true, invited, alreadyMembers }
}
