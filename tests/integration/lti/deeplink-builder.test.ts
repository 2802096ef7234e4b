/**
 * Deep linking's "create one in the builder": the builder opened from a content selection, and the save that
 * leads back to it. Tried as every caller who must be refused (anonymous, a stranger, a student of the course,
 * another instructor of the course, the instructor after losing the role, the instructor with another of their
 * courses, an expired and a used selection, an id that names nothing): each refusal creates no assignment.
 * Then the instructor's own save: back on the selection with the new assignment chosen, and the signed response
 * gives the LMS a line item worth the new assignment's points.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/server/authz'
import { isUserError } from '@/lib/server/errors'
import { createAssignmentForDeepLink, deepLinkForBuilder, deepLinkResponse, deepLinkView } from '@/lib/server/lti/deeplink'
import { type Platform, ROLE } from '../../lti/platform'
import { TOOL_BASE, launch, setupPlatform } from '../../lti/tool'
import { type TestDb, freshDb, makeUser } from '../helpers'

let t: TestDb
let platform: Platform
const instructor = { sub: 'dlb-inst', name: 'Dora Builder', email: 'dora@lms.example', roles: [ROLE.instructor] }

beforeAll(async () => {
  t = await freshDb()
  ;({ platform } = await setupPlatform(t.db))
}, 120_000)
afterAll(async () => {
  await platform?.stop()
  await t?.cleanup()
})

/** A new deep-linking launch of the instructor in `contextId`: the selection id, its course and the instructor. */
async function selection(contextId = 'ctx-DLB') {
  const r = await launch(t.db, platform, { user: instructor, contextId, contextTitle: `Course ${contextId}`, messageType: 'LtiDeepLinkingRequest' })
  expect(r.target).toMatch(/^\/lti\/deep-link\//)
  return { deepLinkId: r.target.split('/').at(-1) as string, courseId: r.courseId, actor: { userId: r.userId } as Actor }
}

// Two questions: 4 + 6 points, so the LMS's grade column must be worth 10.
const newAssignment = (title: string) => ({
  title,
  items: [
    { templateId: 'lasso-1d-lambda-star', points: 4 },
    { templateId: 'lasso-1d-lambda-star', points: 6 },
  ],
})

async function refusal(run: () => Promise<unknown>): Promise<string> {
  const before = await t.db.assignment.count()
  const code = await run().then(
    () => 'allowed',
    (e) => (isUserError(e) ? e.code : `unexpected: ${String(e)}`),
  )
  expect(await t.db.assignment.count()).toBe(before)
  return code
}

describe('the builder opened from an LMS content selection', () => {
  it('refuses everyone but the instructor who started it, for its course, while it is open; a refusal creates nothing', async () => {
    const s = await selection()
    const other = await selection('ctx-DLB-other') // the same instructor's other LMS course
    const student = await launch(t.db, platform, { user: { sub: 'dlb-stud', name: 'Stu', roles: [ROLE.learner] }, contextId: 'ctx-DLB', resourceLinkId: 'rl-dlb' })
    const coTeacher = await launch(t.db, platform, { user: { sub: 'dlb-inst-2', name: 'Cora Coteacher', roles: [ROLE.instructor] }, contextId: 'ctx-DLB', resourceLinkId: 'rl-dlb' })
    const stranger = await makeUser(t.db)
    const callers: [string, Actor, string][] = [
      ['anonymous', null, 'unauthenticated'],
      ['a stranger', { userId: stranger.id }, 'not-found'],
      ['a student of the course', { userId: student.userId }, 'not-found'],
      ['another instructor of the course', { userId: coTeacher.userId }, 'not-found'],
    ]
    for (const [who, actor, code] of callers) {
      expect(await refusal(() => deepLinkForBuilder(t.db, actor, s)), who).toBe(code)
      expect(await refusal(() => createAssignmentForDeepLink(t.db, actor, { ...s, assignment: newAssignment(`by ${who}`) })), who).toBe(code)
    }
    // The right instructor, but the selection named with another course (theirs too), or an id that names nothing.
    for (const raw of [
      { deepLinkId: s.deepLinkId, courseId: other.courseId },
      { deepLinkId: other.deepLinkId, courseId: s.courseId },
      { deepLinkId: 'no-such-selection', courseId: s.courseId },
      { deepLinkId: ['an', 'array'], courseId: s.courseId },
      { deepLinkId: 42, courseId: s.courseId },
    ]) {
      expect(await refusal(() => deepLinkForBuilder(t.db, s.actor, raw)), JSON.stringify(raw)).toBe('not-found')
      expect(await refusal(() => createAssignmentForDeepLink(t.db, s.actor, { ...raw, assignment: newAssignment('wrong course') })), JSON.stringify(raw)).toBe('not-found')
    }
    // Expired (the selection lasts an hour).
    const later = new Date(Date.now() + 2 * 3600_000)
    expect(await refusal(() => deepLinkForBuilder(t.db, s.actor, s, later))).toBe('closed')
    expect(await refusal(() => createAssignmentForDeepLink(t.db, s.actor, { ...s, assignment: newAssignment('too late') }, later))).toBe('closed')
    // Already sent back to the LMS (used).
    const used = await selection()
    const existing = await t.db.assignment.create({ data: { courseId: used.courseId, title: 'Existing', items: { create: [{ templateId: 'lasso-1d-lambda-star', points: 1, position: 1 }] } } })
    await deepLinkResponse(t.db, used.actor, { deepLinkId: used.deepLinkId, assignmentId: existing.id }, TOOL_BASE)
    expect(await refusal(() => deepLinkForBuilder(t.db, used.actor, used))).toBe('closed')
    expect(await refusal(() => createAssignmentForDeepLink(t.db, used.actor, { ...used, assignment: newAssignment('after use') }))).toBe('closed')
    // The instructor made a TA in the LMS course no longer creates assignments for it.
    await t.db.enrollment.update({ where: { userId_courseId: { userId: (s.actor as { userId: string }).userId, courseId: other.courseId } }, data: { role: 'TA' } })
    expect(await refusal(() => deepLinkForBuilder(t.db, other.actor, other))).toBe('forbidden')
    expect(await refusal(() => createAssignmentForDeepLink(t.db, other.actor, { ...other, assignment: newAssignment('as TA') }))).toBe('forbidden')
    // The builder's own checks still apply: an invalid assignment gets field messages and creates nothing.
    const invalid = await refusal(() => createAssignmentForDeepLink(t.db, s.actor, { ...s, assignment: { title: '', items: [] } }))
    expect(invalid).toBe('invalid')
    // Control: the same instructor, course and open selection may open the builder.
    expect(await deepLinkForBuilder(t.db, s.actor, s)).toMatchObject({ id: s.deepLinkId, courseTitle: 'Course ctx-DLB', returnTo: `/lti/deep-link/${s.deepLinkId}` })
  })

  it('saving leads back to the selection with the new assignment chosen; the LMS gets a line item worth its points', async () => {
    const s = await selection()
    const view = await deepLinkView(t.db, s.actor, s.deepLinkId)
    expect(view.newAssignmentUrl).toBe(`/instructor/courses/${s.courseId}/assignments/new?deepLink=${s.deepLinkId}`)
    const out = await createAssignmentForDeepLink(t.db, s.actor, { ...s, assignment: newAssignment('Made for the LMS') })
    const row = await t.db.assignment.findUniqueOrThrow({ where: { id: out.assignmentId }, include: { items: true } })
    expect(row.courseId).toBe(s.courseId)
    expect(out.next).toBe(`/lti/deep-link/${s.deepLinkId}?chosen=${row.id}`)

    const back = await deepLinkView(t.db, s.actor, s.deepLinkId, new Date(), new URL(out.next, TOOL_BASE).searchParams.get('chosen'))
    expect(back.chosen).toMatchObject({ id: row.id, title: 'Made for the LMS', points: 10, questions: 2 })
    expect(back.assignments.map((a) => a.id)).not.toContain(row.id) // shown once, as the chosen one
    // A `chosen` that is not an assignment of this course is ignored.
    const elsewhere = await selection('ctx-DLB-elsewhere')
    const foreign = await createAssignmentForDeepLink(t.db, elsewhere.actor, { ...elsewhere, assignment: newAssignment('Another course') })
    expect((await deepLinkView(t.db, s.actor, s.deepLinkId, new Date(), foreign.assignmentId)).chosen).toBeNull()

    const resp = await deepLinkResponse(t.db, s.actor, { deepLinkId: s.deepLinkId, assignmentId: row.id }, TOOL_BASE)
    const posted = await fetch(resp.returnUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ JWT: resp.jwt }) })
    expect(posted.status).toBe(200)
    const li = [...platform.lineItems.values()].find((l) => l.resourceId === row.id)
    expect(li).toMatchObject({ scoreMaximum: 10, label: 'Made for the LMS' })
  })
})
