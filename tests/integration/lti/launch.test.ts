/**
 * LTI 1.3 launch against the simulated platform (a real HTTP server): the happy paths (instructor makes the
 * course, student joins it, roles map, same sub = same user, the ticket is single use) and every rejection,
 * each of which creates no user, course, enrollment or attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIM } from '@/lib/server/lti/claims'
import { isLaunchError } from '@/lib/server/lti/errors'
import { createCourse } from '@/lib/server/instructor/courses'
import { setCourseCreationPolicy } from '@/lib/server/lti/admin'
import { deepLinkResponse, deepLinkView } from '@/lib/server/lti/deeplink'
import { decryptPrivateJwk, RETIRED_KEY_GRACE_MS, rotateToolKey, toolJwks } from '@/lib/server/lti/keys'
import { savePlatform } from '@/lib/server/lti/platforms'
import { handleLaunch, redeemLaunchTicket } from '@/lib/server/lti/launch'
import { courseLtiStatus, syncCourseRoster } from '@/lib/server/lti/nrps'
import { startLogin } from '@/lib/server/lti/login'
import { type Platform, ROLE } from '../../lti/platform'
import { TOOL_BASE, counts, launch, launchForm, setupPlatform } from '../../lti/tool'
import { type TestDb, freshDb, makeUser } from '../helpers'

let t: TestDb
let platform: Platform
let admin: { userId: string }

beforeAll(async () => {
  t = await freshDb()
  ;({ platform, admin } = await setupPlatform(t.db))
})
afterAll(async () => {
  await platform?.stop()
  await t?.cleanup()
})

const instructor = { sub: 'inst-1', name: 'Ada Instructor', email: 'ada@lms.example', roles: [ROLE.instructor] }
const student = { sub: 'stud-1', name: 'Sam Student', email: 'sam@lms.example', roles: [ROLE.learner] }

async function expectRejected(run: () => Promise<unknown>, code: string) {
  const before = await counts(t.db)
  const err = await run().then(
    () => null,
    (e) => e,
  )
  expect(isLaunchError(err), String(err)).toBe(true)
  expect(err.code).toBe(code)
  expect(err.message).not.toMatch(/\n\s+at /) // a sentence, not a stack trace
  const after = await counts(t.db)
  expect({ ...after, tickets: 0 }).toEqual({ ...before, tickets: 0 })
  expect(after.tickets).toBe(before.tickets)
  return err
}

describe('launch', () => {
  it('refuses a student before any instructor has opened the tool in the course, and creates nothing', async () => {
    const before = await counts(t.db)
    await expectRejected(() => launch(t.db, platform, { user: student, contextId: 'ctx-A', resourceLinkId: 'rl-1' }), 'not-set-up')
    expect((await counts(t.db)).users).toBe(before.users)
  })

  it('an instructor launch creates the user, the course for the context, the enrollment and the link', async () => {
    const r = await launch(t.db, platform, { user: instructor, contextId: 'ctx-A', contextTitle: 'Regression 101', resourceLinkId: 'rl-1' })
    expect(r.role).toBe('INSTRUCTOR')
    const course = await t.db.course.findUniqueOrThrow({ where: { id: r.courseId } })
    expect(course.title).toBe('Regression 101')
    const user = await t.db.user.findUniqueOrThrow({ where: { id: r.userId } })
    expect(user).toMatchObject({ name: 'Ada Instructor', email: 'ada@lms.example' })
    const enr = await t.db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: r.userId, courseId: r.courseId } } })
    expect(enr.role).toBe('INSTRUCTOR')
    const link = await t.db.ltiResourceLink.findFirstOrThrow({ where: { resourceLinkId: 'rl-1' } })
    expect(r.target).toBe(`/lti/links/${link.id}`)
    const ctx = await t.db.ltiContext.findFirstOrThrow({ where: { contextId: 'ctx-A' } })
    expect(ctx.membershipsUrl).toBe(`${platform.base}/contexts/ctx-A/memberships`)
    expect(ctx.lineItemsUrl).toBe(`${platform.base}/contexts/ctx-A/lineitems`)
  })

  it('a second launch of the same sub is the same user; a student then joins the same course as STUDENT', async () => {
    const a = await launch(t.db, platform, { user: instructor, contextId: 'ctx-A', resourceLinkId: 'rl-1' })
    const b = await launch(t.db, platform, { user: instructor, contextId: 'ctx-A', resourceLinkId: 'rl-1' })
    expect(b.userId).toBe(a.userId)
    const s = await launch(t.db, platform, { user: student, contextId: 'ctx-A', resourceLinkId: 'rl-1' })
    expect(s.courseId).toBe(a.courseId)
    expect(s.role).toBe('STUDENT')
    const ta = await launch(t.db, platform, { user: { sub: 'ta-1', name: 'Tia', roles: [ROLE.ta] }, contextId: 'ctx-A', resourceLinkId: 'rl-1' })
    expect(ta.role).toBe('TA')
    const taUser = await t.db.user.findUniqueOrThrow({ where: { id: ta.userId } })
    expect(taUser.email).toMatch(/@users\.lti\.invalid$/) // no email from the LMS: a synthetic one
  })

  it('a launch ticket becomes a session once, and not after it expired', async () => {
    const r = await launch(t.db, platform, { user: student, contextId: 'ctx-A', resourceLinkId: 'rl-1' })
    expect(await redeemLaunchTicket(t.db, r.ticket)).toMatchObject({ userId: r.userId, target: r.target })
    expect(await redeemLaunchTicket(t.db, r.ticket)).toBeNull()
    const r2 = await launch(t.db, platform, { user: student, contextId: 'ctx-A', resourceLinkId: 'rl-1' })
    expect(await redeemLaunchTicket(t.db, r2.ticket, new Date(Date.now() + 6 * 60_000))).toBeNull()
  })

  it('verifies a token signed with the platform’s new key after the platform rotated it (JWKS refetched)', async () => {
    await platform.rotateKey()
    await t.db.ltiPlatform.updateMany({ data: { jwksFetchedAt: new Date(Date.now() - 60_000) } })
    const jwksBefore = platform.requests.filter((r) => r.path === '/jwks').length
    const r = await launch(t.db, platform, { user: student, contextId: 'ctx-A', resourceLinkId: 'rl-1' })
    expect(r.role).toBe('STUDENT')
    expect(platform.requests.filter((r) => r.path === '/jwks').length).toBe(jwksBefore + 1)
  })
})

describe('rejections (each creates nothing)', () => {
  // Untampered, this launch would create a user, a course for the new context, an enrollment, a link and a
  // ticket (the last test of this block shows it): each rejection below must create none of them.
  const spec = { user: { sub: 'new-inst', name: 'New Instructor', roles: [ROLE.instructor] }, contextId: 'ctx-R', contextTitle: 'Rejections', resourceLinkId: 'rl-R' }

  it('bad signature', async () => {
    const e = await expectRejected(() => launch(t.db, platform, { ...spec, tamper: { signWithUnknownKey: true } }), 'bad-signature')
    expect(e.title).toMatch(/could not be verified/)
  })

  it('unknown kid, after refetching the platform’s JWKS', async () => {
    await t.db.ltiPlatform.updateMany({ data: { jwksFetchedAt: new Date(Date.now() - 60_000) } })
    const jwksBefore = platform.requests.filter((r) => r.path === '/jwks').length
    await expectRejected(() => launch(t.db, platform, { ...spec, tamper: { signWithUnknownKey: true, kid: 'no-such-kid' } }), 'unknown-key')
    expect(platform.requests.filter((r) => r.path === '/jwks').length).toBe(jwksBefore + 1)
  })

  it('expired token', async () => {
    await expectRejected(() => launch(t.db, platform, { ...spec, tamper: { iatOffsetSeconds: -600, expiresInSeconds: 300 } }), 'expired')
  })

  it('replayed id_token: same state again, and with a fresh state (nonce mismatch)', async () => {
    const form = await launchForm(t.db, platform, { user: instructor, contextId: 'ctx-A', resourceLinkId: 'rl-1' })
    await handleLaunch(t.db, form)
    await expectRejected(() => handleLaunch(t.db, form), 'state')
    // A new login gives a new state and nonce; the old token carries the old nonce.
    const hint = platform.prepareLaunch({ user: instructor, contextId: 'ctx-A', resourceLinkId: 'rl-1' })
    const authUrl = new URL(await startLogin(t.db, platform.loginParams(hint), TOOL_BASE))
    await expectRejected(() => handleLaunch(t.db, { id_token: form.id_token, state: authUrl.searchParams.get('state') ?? '' }), 'nonce')
  })

  it('wrong aud', async () => {
    await expectRejected(() => launch(t.db, platform, { ...spec, tamper: { aud: 'some-other-tool' } }), 'audience')
  })

  it('unknown deployment id', async () => {
    await expectRejected(() => launch(t.db, platform, { ...spec, tamper: { deploymentId: 'deployment-unknown' } }), 'deployment')
  })

  it('missing required claims', async () => {
    for (const omit of [CLAIM.messageType, CLAIM.version, CLAIM.roles, CLAIM.context, CLAIM.resourceLink, 'sub']) {
      await expectRejected(() => launch(t.db, platform, { ...spec, tamper: { omit: [omit] } }), 'claims')
    }
  })

  it('state mismatch (a state this app never issued, or one issued for another launch)', async () => {
    const form = await launchForm(t.db, platform, spec)
    await expectRejected(() => handleLaunch(t.db, { ...form, state: 'forged-state-value' }), 'state')
  })

  it('unknown platform and a malformed post', async () => {
    await expectRejected(() => startLogin(t.db, { iss: 'https://unknown.example', login_hint: 'x', target_link_uri: `${TOOL_BASE}/api/lti/launch` }, TOOL_BASE), 'unknown-platform')
    await expectRejected(() => handleLaunch(t.db, { state: 'x' }), 'bad-request')
    await expectRejected(() => handleLaunch(t.db, { id_token: 'not-a-jwt', state: 'x' }), 'bad-signature')
  })

  it('control: the same launch, untampered, does create the user, the course, the enrollment, the link and a ticket', async () => {
    const before = await counts(t.db)
    const r = await launch(t.db, platform, spec)
    const after = await counts(t.db)
    expect(after).toEqual({
      ...before,
      users: before.users + 1,
      ltiUsers: before.ltiUsers + 1,
      courses: before.courses + 1,
      enrollments: before.enrollments + 1,
      links: before.links + 1,
      tickets: before.tickets + 1,
    })
    expect((await t.db.course.findUniqueOrThrow({ where: { id: r.courseId } })).title).toBe('Rejections')
  })
})

describe('deep linking', () => {
  it('an instructor picks an assignment; the signed response makes the LMS create the link and a line item worth its points', async () => {
    const r = await launch(t.db, platform, { user: instructor, contextId: 'ctx-A', messageType: 'LtiDeepLinkingRequest' })
    expect(r.target).toMatch(/^\/lti\/deep-link\//)
    const dlId = r.target.split('/').at(-1)
    const a = await t.db.assignment.create({
      data: { courseId: r.courseId, title: 'Ridge vs lasso', items: { create: [{ templateId: 'lasso-1d-lambda-star', points: 4, position: 1 }, { templateId: 'lasso-1d-lambda-star', points: 6, position: 2 }] } },
    })
    const actor = { userId: r.userId }
    expect((await deepLinkView(t.db, actor, dlId)).assignments.map((x) => x.title)).toContain('Ridge vs lasso')
    const studentLaunch = await launch(t.db, platform, { user: student, contextId: 'ctx-A', resourceLinkId: 'rl-1' })
    await expect(deepLinkView(t.db, { userId: studentLaunch.userId }, dlId)).rejects.toMatchObject({ code: 'not-found' })

    const resp = await deepLinkResponse(t.db, actor, { deepLinkId: dlId, assignmentId: a.id }, TOOL_BASE)
    const posted = await fetch(resp.returnUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ JWT: resp.jwt }) })
    expect(posted.status).toBe(200)
    const [dl] = platform.deepLinkResponses.slice(-1)
    expect(dl.contentItems).toHaveLength(1)
    const li = [...platform.lineItems.values()].find((l) => l.resourceId === a.id)
    expect(li).toMatchObject({ scoreMaximum: 10, label: 'Ridge vs lasso' })
    await expect(deepLinkResponse(t.db, actor, { deepLinkId: dlId, assignmentId: a.id }, TOOL_BASE)).rejects.toMatchObject({ code: 'closed' })

    // Launching the new link opens the assignment, with the line item for grades.
    const newLink = [...platform.resourceLinks.values()].find((l) => l.lineItemId === li?.id)
    const s = await launch(t.db, platform, { user: student, contextId: 'ctx-A', resourceLinkId: newLink?.id })
    expect(s.target).toBe(`/assignments/${a.id}`)
    const row = await t.db.ltiResourceLink.findFirstOrThrow({ where: { resourceLinkId: newLink?.id } })
    expect(row.lineItemUrl).toBe(`${platform.base}/lineitems/${li?.id}`)
  })
})

describe('names and roles (NRPS 2.0)', () => {
  it('syncs the roster across pages; members who left are marked, not deleted', async () => {
    const inst = await launch(t.db, platform, { user: instructor, contextId: 'ctx-A', resourceLinkId: 'rl-1' })
    const roster = [
      instructor,
      student,
      { sub: 'r-1', name: 'Rita Roster', email: 'rita@lms.example', roles: [ROLE.learner] },
      { sub: 'r-2', name: 'Raj Roster', roles: [ROLE.learner] },
      { sub: 'r-3', name: 'Tom TA', roles: [ROLE.ta] },
    ]
    platform.members.set('ctx-A', roster)
    const actor = { userId: inst.userId }
    const r1 = await syncCourseRoster(t.db, actor, inst.courseId)
    expect(r1.members).toBe(5) // 3 pages of 2: the Link rel="next" header was followed
    const rita = await t.db.user.findUniqueOrThrow({ where: { email: 'rita@lms.example' } })
    const enr = await t.db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: rita.id, courseId: inst.courseId } } })
    expect(enr.role).toBe('STUDENT')
    const tom = await t.db.ltiUser.findFirstOrThrow({ where: { sub: 'r-3' } })
    expect((await t.db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: tom.userId, courseId: inst.courseId } } })).role).toBe('TA')

    platform.members.set('ctx-A', [instructor, student, { ...roster[3], status: 'Inactive' as const }, roster[4]])
    await syncCourseRoster(t.db, actor, inst.courseId)
    const status = await courseLtiStatus(t.db, actor, inst.courseId)
    expect(status.course.title).toBe((await t.db.course.findUniqueOrThrow({ where: { id: inst.courseId } })).title)
    expect(status.contexts[0].left).toEqual(expect.arrayContaining(['Raj Roster', 'Rita Roster']))
    for (const still of ['Tom TA', 'Sam Student', 'Ada Instructor']) expect(status.contexts[0].left).not.toContain(still)
    // Left, not deleted: the user and their enrollment are still there.
    expect(await t.db.enrollment.count({ where: { userId: rita.id, courseId: inst.courseId } })).toBe(1)
    const studentActor = { userId: (await t.db.ltiUser.findFirstOrThrow({ where: { sub: 'stud-1' } })).userId }
    await expect(syncCourseRoster(t.db, studentActor, inst.courseId)).rejects.toMatchObject({ code: 'forbidden' })
  })
})

describe('site administration and tool keys', () => {
  it('only site admins register platforms; a bad registration gets field messages', async () => {
    const someone = await makeUser(t.db)
    await expect(savePlatform(t.db, { userId: someone.id }, { ...platform.registration, clientId: 'other' })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(savePlatform(t.db, admin, { ...platform.registration, authUrl: 'not a url', deploymentIds: '' })).rejects.toMatchObject({
      code: 'invalid',
      fieldErrors: { authUrl: expect.any(String), deploymentIds: expect.any(String) },
    })
    await expect(savePlatform(t.db, admin, platform.registration)).rejects.toMatchObject({ code: 'conflict' })
  })

  it('who may create courses is an admin setting (default: anyone)', async () => {
    const someone = await makeUser(t.db)
    await createCourse(t.db, { userId: someone.id }, { title: 'Mine' })
    await expect(setCourseCreationPolicy(t.db, { userId: someone.id }, { policy: 'ADMINS' })).rejects.toMatchObject({ code: 'forbidden' })
    await setCourseCreationPolicy(t.db, admin, { policy: 'LISTED', emails: 'listed@example.org' })
    await expect(createCourse(t.db, { userId: someone.id }, { title: 'Not allowed' })).rejects.toMatchObject({ code: 'forbidden' })
    await createCourse(t.db, admin, { title: 'Admins may' })
    await setCourseCreationPolicy(t.db, admin, { policy: 'ANYONE' })
    await createCourse(t.db, { userId: someone.id }, { title: 'Allowed again' })
  })

  it('private keys are encrypted at rest; rotation keeps the old key published for the grace period only', async () => {
    const before = await toolJwks(t.db)
    const row = await t.db.ltiToolKey.findFirstOrThrow({ where: { kid: before.keys[0].kid } })
    expect(row.privateJwe.split('.')).toHaveLength(5) // compact JWE
    const jwk = await decryptPrivateJwk(row.privateJwe)
    expect(jwk.d).toBeTruthy()
    expect(row.privateJwe).not.toContain(jwk.d as string)
    expect(before.keys.every((k) => k.d === undefined)).toBe(true)
    const saved = process.env.LTI_KEY_SECRET
    process.env.LTI_KEY_SECRET = 'a-different-server-secret-0123456789'
    await expect(decryptPrivateJwk(row.privateJwe)).rejects.toThrow()
    if (saved === undefined) delete process.env.LTI_KEY_SECRET
    else process.env.LTI_KEY_SECRET = saved

    const { kid } = await rotateToolKey(t.db)
    const after = await toolJwks(t.db)
    expect(after.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([kid, ...before.keys.map((k) => k.kid)]))
    const later = await toolJwks(t.db, new Date(Date.now() + RETIRED_KEY_GRACE_MS + 60_000))
    expect(later.keys.map((k) => k.kid)).toEqual([kid])
  })
})
