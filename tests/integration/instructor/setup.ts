import { parse as parseCsvSync } from 'csv-parse/sync'
/**
 * A course with one person per role, for the instructor tests: its instructor, a TA, a student, an instructor of
 * another course and a signed-in user with no enrollment; plus helpers to answer questions as a student.
 */
import { randomUUID } from 'node:crypto'
import type { Db } from '@/lib/db'
import { listTemplates } from '@/lib/questions/registry'
import type { AnswerValue } from '@/lib/questions/types'
import type { Actor } from '@/lib/server/authz'
import { createAssignment, createCourse, joinCourse } from '@/lib/server/instructor'
import { acceptInvitation, inviteToCourse } from '@/lib/server/instructor/invitations'
import { openItem, submitAttempt } from '@/lib/server/student'
import { materialize } from '@/lib/server/variants'
import { makeUser } from '../helpers'

export const as = (u: { id: string } | null): Actor => (u ? { userId: u.id } : null)

/** Three templates for an assignment: the first three of the catalog, repeating when it has fewer. */
export function threeTemplates(): string[] {
  const ids = listTemplates().map((t) => t.id)
  return [0, 1, 2].map((i) => ids[i % ids.length])
}

export async function world(db: Db) {
  const instructor = await makeUser(db)
  const ta = await makeUser(db)
  const student = await makeUser(db)
  const student2 = await makeUser(db)
  const otherInstructor = await makeUser(db)
  const outsider = await makeUser(db)
  const course = await createCourse(db, as(instructor), { title: 'Regression methods' })
  const other = await createCourse(db, as(otherInstructor), { title: 'Another course' })
  const invitation = await inviteToCourse(db, as(instructor), { courseId: course.id, email: ta.email, role: 'TA' })
  await acceptInvitation(db, as(ta), { token: invitation.link?.split('/').pop() })
  await joinCourse(db, as(student), { code: course.joinCode })
  await joinCourse(db, as(student2), { code: course.joinCode })
  const assignment = await createAssignment(db, as(instructor), {
    courseId: course.id,
    assignment: {
      title: 'Shrinkage, week 1',
      dueAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
      maxAttempts: 3,
      items: threeTemplates().map((templateId, i) => ({ templateId, params: {}, points: 10 + i })),
    },
  })
  return { instructor, ta, student, student2, otherInstructor, outsider, course, other, assignment, items: assignment.items }
}

/** The correct answers, or one named mistake's value, for the student's current variant of an item. */
export async function answersFor(db: Db, actor: Actor, itemId: string, pick: 'correct' | { mistake: number } | ((correct: AnswerValue) => AnswerValue)) {
  const q = await openItem(db, actor, itemId)
  const variant = await db.variant.findUniqueOrThrow({ where: { id: q.variantId } })
  const { template, data } = materialize(variant)
  const solved = template.solve(data)
  const answers: Record<string, string | string[]> = {}
  let mistakeId: string | null = null
  for (const part of template.parts(data)) {
    let value: AnswerValue = solved[part.id]
    if (typeof pick === 'function') value = pick(value)
    else if (pick !== 'correct') {
      const usable = template.mistakes.filter((m) => m.part === part.id && m.value(data) !== undefined)
      const m = usable[pick.mistake % Math.max(usable.length, 1)]
      if (m && mistakeId === null) {
        value = m.value(data) as AnswerValue
        mistakeId = m.id
      }
    }
    answers[part.id] = Array.isArray(value) ? value.map(String) : value === null ? 'undefined' : String(value)
  }
  return { variantId: q.variantId, answers, mistakeId, template, data }
}

export async function submit(db: Db, actor: Actor, itemId: string, pick: Parameters<typeof answersFor>[3]) {
  const a = await answersFor(db, actor, itemId, pick)
  const r = await submitAttempt(db, actor, { itemId, variantId: a.variantId, idempotencyKey: randomUUID(), answers: a.answers })
  if (!r.ok) throw new Error(`submission refused: ${r.message} ${JSON.stringify(r.fieldErrors)}`)
  return { attemptId: r.attemptId, mistakeId: a.mistakeId }
}

/** Reads an exported CSV back with csv-parse (a second, independent implementation of RFC 4180). */
export function parseCsv(text: string, opts: { columns?: boolean } = {}): string[][] & Record<string, string>[] {
  return parseCsvSync(text, { columns: opts.columns ?? false, bom: true, relax_column_count: false }) as never
}
