/**
 * LTI 1.3 launch against the simulated platform (a real HTTP server): the happy paths (instructor makes the
 * course, student joins it, roles map, same sub = same user, the ticket is single use) and every rejection,
 * each of which creates no user, course, enrollment or attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIM } from '@/lib/server/lti/claims'
import { isLaunchError } from '@/lib/server/lti/errors'
import { handleLaunch, redeemLaunchTicket } from '@/lib/server/lti/launch'
import { startLogin } from '@/lib/server/lti/login'
import { type Platform, ROLE } from '../../lti/platform'
import { TOOL_BASE, counts, launch, launchForm, setupPlatform } from '../../lti/tool'
import { type TestDb, freshDb } from '../helpers'

let t: TestDb
let platform: Platform

beforeAll(async () => {
  t = await freshDb()
  ;({ platform } = await setupPlatform(t.db))
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
  const spec = { user: { sub: 'new-stud', name: 'New', roles: [ROLE.learner] }, contextId: 'ctx-A', resourceLinkId: 'rl-1' }

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
})
