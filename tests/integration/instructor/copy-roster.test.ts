/**
 * Copying an assignment to another course, and importing a roster from CSV as invitations (SQLite and PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isUserError } from '@/lib/server/errors'
import * as I from '@/lib/server/instructor'
import { acceptInvitation, inviteToCourse } from '@/lib/server/instructor/invitations'
import { type TestDb, freshDb, makeUser } from '../helpers'
import { as, submit, world } from './setup'

let t: TestDb
let w: Awaited<ReturnType<typeof world>>
beforeAll(async () => {
  t = await freshDb()
  w = await world(t.db)
  await submit(t.db, as(w.student), w.items[0].id, 'correct')
  await I.setItemTolerance(t.db, as(w.instructor), { itemId: w.items[1].id, tolerance: { rel: 0.01, abs: 0.001 } })
})
afterAll(async () => t?.cleanup())

const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e) => (isUserError(e) ? e.code : `unexpected ${e}`))

describe('copy an assignment to another course', () => {
  it('copies questions, parameters, points, tolerance and policies, and none of the students’ work', async () => {
    // The other course's instructor invites ours as a co-instructor.
    const inv = await inviteToCourse(t.db, as(w.otherInstructor), { courseId: w.other.id, email: w.instructor.email, role: 'INSTRUCTOR' })
    await acceptInvitation(t.db, as(w.instructor), { token: inv.link?.split('/').pop() })
    const targets = await I.copyTargets(t.db, as(w.instructor), w.assignment.id)
    expect(targets.map((c) => c.id).sort()).toEqual([w.course.id, w.other.id].sort())

    const copy = await I.copyAssignment(t.db, as(w.instructor), { assignmentId: w.assignment.id, courseId: w.other.id, title: '' })
    expect(copy).toMatchObject({ courseId: w.other.id, title: 'Shrinkage, week 1' })
    const src = await t.db.assignment.findUniqueOrThrow({ where: { id: w.assignment.id }, include: { items: { orderBy: { position: 'asc' } } } })
    const dst = await t.db.assignment.findUniqueOrThrow({ where: { id: copy.id }, include: { items: { orderBy: { position: 'asc' } } } })
    const shape = (a: typeof src) => ({
      dueAt: a.dueAt,
      maxAttempts: a.maxAttempts,
      variantPolicy: a.variantPolicy,
      items: a.items.map((i) => ({ templateId: i.templateId, params: i.params, points: i.points, position: i.position, tolerance: i.tolerance })),
    })
    expect(shape(dst)).toEqual(shape(src))
    expect(JSON.parse(dst.items[1].tolerance ?? 'null')).toEqual({ rel: 0.01, abs: 0.001 })
    expect(dst.items.map((i) => i.id)).not.toEqual(src.items.map((i) => i.id))
    expect(await t.db.attempt.count({ where: { itemId: { in: dst.items.map((i) => i.id) } } })).toBe(0)
    expect(await t.db.variant.count({ where: { itemId: { in: dst.items.map((i) => i.id) } } })).toBe(0)

    const same = await I.copyAssignment(t.db, as(w.instructor), { assignmentId: w.assignment.id, courseId: w.course.id })
    expect(same.title).toBe('Shrinkage, week 1 (copy)')
  })

  it('is refused into a course where the copier is not an instructor', async () => {
    const before = await t.db.assignment.count()
    // The TA reads the source, but creates nothing in a course where they are only a TA.
    expect(await code(I.copyAssignment(t.db, as(w.ta), { assignmentId: w.assignment.id, courseId: w.course.id }))).toBe('forbidden')
    // An instructor of the target who is not staff of the source's course cannot read the source.
    expect(await code(I.copyAssignment(t.db, as(w.otherInstructor), { assignmentId: w.assignment.id, courseId: w.other.id }))).toBe('not-found')
    const stranger = await makeUser(t.db)
    expect(await code(I.copyAssignment(t.db, as(stranger), { assignmentId: w.assignment.id, courseId: w.other.id }))).toBe('not-found')
    expect(await t.db.assignment.count()).toBe(before)
  })
})

describe('import a roster from CSV', () => {
  it('invites every row (header with email and role, BOM, any case), and enrols nobody until they accept', async () => {
    const a = await makeUser(t.db)
    const csv = `\uFEFFName,Email,Role\r\nAda,${a.email.toUpperCase()},student\r\nBen,ben.roster@example.org,TA\r\n"Cy, Jr.",cy.roster@example.org,\r\n${w.student.email},${w.student.email},student\r\n`
    const r = await I.importRoster(t.db, as(w.instructor), { courseId: w.course.id, file: new Blob([csv], { type: 'text/csv' }) })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.invited.map((i) => [i.email, i.role])).toEqual([
      [a.email, 'STUDENT'],
      ['ben.roster@example.org', 'TA'],
      ['cy.roster@example.org', 'STUDENT'],
    ])
    expect(r.alreadyMembers).toEqual([w.student.email])
    expect(await t.db.enrollment.count({ where: { courseId: w.course.id, userId: a.id } })).toBe(0)
    const link = r.invited[0].link.split('/').pop()
    await acceptInvitation(t.db, as(a), { token: link })
    expect((await t.db.enrollment.findFirstOrThrow({ where: { courseId: w.course.id, userId: a.id } })).role).toBe('STUDENT')
  })

  it('reads a file without a header: email first, role second', async () => {
    const r = await I.importRoster(t.db, as(w.instructor), { courseId: w.course.id, file: 'dee.roster@example.org\neve.roster@example.org,instructor\n' })
    expect(r.ok && r.invited.map((i) => i.role)).toEqual(['STUDENT', 'INSTRUCTOR'])
  })

  it('lists every wrong row by its line number and sends nothing', async () => {
    const before = await t.db.invitation.count()
    const csv = 'email,role\nok.one@example.org,student\nnot-an-email,student\nok.two@example.org,professor\n,ta\nok.one@example.org,ta\n'
    const r = await I.importRoster(t.db, as(w.instructor), { courseId: w.course.id, file: csv })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5, 6])
    expect(r.errors[0].message).toMatch(/valid email/)
    expect(r.errors[1].message).toMatch(/student, TA or instructor/)
    expect(r.errors[2].message).toMatch(/missing/)
    expect(r.errors[3].message).toMatch(/also on line 2/)
    expect(await t.db.invitation.count()).toBe(before)
  })

  it('refuses a file over the size limit before reading it, an empty file and unreadable CSV', async () => {
    // A file one byte over the limit, which records whether anything read its contents.
    let read = false
    class Spy extends Blob {
      override text() {
        read = true
        return super.text()
      }
    }
    const big = new Spy([`email\n${'a'.repeat(I.MAX_ROSTER_BYTES)}`])
    const e1 = await I.importRoster(t.db, as(w.instructor), { courseId: w.course.id, file: big }).catch((e) => e)
    expect(e1.code).toBe('too-large')
    expect(read).toBe(false)
    expect((await I.importRoster(t.db, as(w.instructor), { courseId: w.course.id, file: '' }).catch((e) => e)).fieldErrors).toHaveProperty('file')
    const bad = await I.importRoster(t.db, as(w.instructor), { courseId: w.course.id, file: 'email\n"unclosed@example.org\n' }).catch((e) => e)
    expect(bad.code).toBe('invalid')
    expect(bad.message).toMatch(/CSV/)
    const rows = `email\n${Array.from({ length: I.MAX_ROSTER_ROWS + 1 }, (_, i) => `p${i}@example.org`).join('\n')}\n`
    expect((await I.importRoster(t.db, as(w.instructor), { courseId: w.course.id, file: rows }).catch((e) => e)).code).toBe('too-large')
  })
})
