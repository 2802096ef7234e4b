/**
 * Adding people with their consent: an invitation enrolls no one until the invited person, signed in with the
 * invited email, accepts it; the instructor's answer does not tell whether an account uses the email; links
 * are single-use, expire, and are stored only as hashes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isUserError } from '@/lib/server/errors'
import {
  acceptInvitation,
  invitationView,
  inviteManyToCourse,
  inviteToCourse,
  pendingInvitations,
} from '@/lib/server/instructor/invitations'
import { type TestDb, freshDb, makeCourse, makeUser } from '../helpers'

let t: TestDb
let w: Awaited<ReturnType<typeof makeCourse>>
let instructor: { id: string; email: string }
const as = (u: { id: string }) => ({ userId: u.id })
const tokenOf = (link: string | null) => link?.split('/').pop() ?? ''

async function refusal(fn: () => Promise<unknown>) {
  try {
    await fn()
    return null
  } catch (e) {
    if (isUserError(e)) return { code: e.code, message: e.message }
    throw e
  }
}

beforeAll(async () => {
  t = await freshDb()
  w = await makeCourse(t.db)
  instructor = await makeUser(t.db, 'INSTRUCTOR', w.course.id)
})
afterAll(async () => t?.cleanup())

describe('course invitations', () => {
  it('inviting enrolls no one; the answer is the same for an existing account and an unknown email', async () => {
    const existing = await makeUser(t.db)
    const known = await inviteToCourse(t.db, as(instructor), { courseId: w.course.id, email: existing.email, role: 'TA' })
    const unknown = await inviteToCourse(t.db, as(instructor), { courseId: w.course.id, email: 'nobody-yet@example.test', role: 'TA' })
    expect(Object.keys(known).sort()).toEqual(Object.keys(unknown).sort())
    expect(known).toMatchObject({ role: 'TA', alreadyMember: false, link: expect.stringMatching(/^\/invitations\/[A-Za-z0-9_-]{40,}$/) })
    expect(unknown).toMatchObject({ role: 'TA', alreadyMember: false, link: expect.stringMatching(/^\/invitations\//) })
    expect(await t.db.enrollment.findFirst({ where: { userId: existing.id } })).toBeNull()
    const row = await t.db.invitation.findFirstOrThrow({ where: { email: existing.email } })
    expect(row.tokenHash).not.toContain(tokenOf(known.link))
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('only the invited person accepts, once; they get the invited role', async () => {
    const invitee = await makeUser(t.db)
    const stranger = await makeUser(t.db)
    const inv = await inviteToCourse(t.db, as(instructor), { courseId: w.course.id, email: invitee.email.toUpperCase(), role: 'TA' })
    const token = tokenOf(inv.link)
    expect(await refusal(() => acceptInvitation(t.db, null, { token }))).toMatchObject({ code: 'unauthenticated' })
    expect(await refusal(() => acceptInvitation(t.db, as(stranger), { token }))).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/another email address/) })
    expect(await refusal(() => acceptInvitation(t.db, as(invitee), { token: `${token}x` }))).toMatchObject({ code: 'not-found' })
    expect((await pendingInvitations(t.db, as(invitee))).map((i) => i.course.id)).toEqual([w.course.id])
    expect((await invitationView(t.db, as(invitee), { token })).role).toBe('TA')
    expect(await acceptInvitation(t.db, as(invitee), { token })).toMatchObject({ courseId: w.course.id, role: 'TA' })
    expect((await t.db.enrollment.findFirstOrThrow({ where: { userId: invitee.id, courseId: w.course.id } })).role).toBe('TA')
    expect(await refusal(() => acceptInvitation(t.db, as(invitee), { token }))).toMatchObject({ code: 'not-found', message: expect.stringMatching(/not valid any more/) })
    expect(await pendingInvitations(t.db, as(invitee))).toEqual([])
    expect(await t.db.enrollment.count({ where: { userId: stranger.id } })).toBe(0)
  })

  it('from the dashboard by id; a renewed invitation voids the old link; an expired one cannot be accepted', async () => {
    const invitee = await makeUser(t.db)
    const first = await inviteToCourse(t.db, as(instructor), { courseId: w.course.id, email: invitee.email, role: 'STUDENT' })
    const second = await inviteToCourse(t.db, as(instructor), { courseId: w.course.id, email: invitee.email, role: 'STUDENT' })
    expect(await refusal(() => acceptInvitation(t.db, as(invitee), { token: tokenOf(first.link) }))).toMatchObject({ code: 'not-found' })
    const later = new Date(Date.now() + 15 * 86400_000)
    expect(await refusal(() => acceptInvitation(t.db, as(invitee), { token: tokenOf(second.link) }, later))).toMatchObject({ code: 'not-found' })
    const [pending] = await pendingInvitations(t.db, as(invitee))
    expect(await acceptInvitation(t.db, as(invitee), { id: pending.id })).toMatchObject({ role: 'STUDENT' })
  })

  it('only instructors invite; a member is reported as such; bulk rows are validated one by one', async () => {
    const ta = await makeUser(t.db, 'TA', w.course.id)
    const student = await makeUser(t.db, 'STUDENT', w.course.id)
    const before = await t.db.invitation.count()
    expect(await refusal(() => inviteToCourse(t.db, as(ta), { courseId: w.course.id, email: 'x@example.test', role: 'INSTRUCTOR' }))).toMatchObject({ code: 'forbidden' })
    expect(await refusal(() => inviteToCourse(t.db, as(student), { courseId: w.course.id, email: 'x@example.test', role: 'TA' }))).toMatchObject({ code: 'forbidden' })
    expect(await refusal(() => inviteToCourse(t.db, null, { courseId: w.course.id, email: 'x@example.test', role: 'TA' }))).toMatchObject({ code: 'unauthenticated' })
    expect(await t.db.invitation.count()).toBe(before)
    expect(await inviteToCourse(t.db, as(instructor), { courseId: w.course.id, email: student.email, role: 'TA' })).toMatchObject({ alreadyMember: true, link: null })
    const rows = await inviteManyToCourse(t.db, as(instructor), {
      courseId: w.course.id,
      invitations: [{ email: 'a@example.test', role: 'STUDENT' }, { email: 'not-an-email', role: 'STUDENT' }, { email: 'b@example.test', role: 'OWNER' }],
    })
    expect(rows.map((r) => r.ok)).toEqual([true, false, false])
    expect(rows[1]).toMatchObject({ ok: false, row: 2, fieldErrors: { email: expect.any(String) } })
    expect(rows[2]).toMatchObject({ ok: false, row: 3, fieldErrors: { role: expect.any(String) } })
    expect(await t.db.invitation.count()).toBe(before + 1)
  })
})
