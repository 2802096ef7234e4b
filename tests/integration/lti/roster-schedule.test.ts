/**
 * NRPS roster sync on a schedule (what every app instance's background work runs, lib/server/lti/worker.ts):
 * only rosters older than the maximum age are fetched, each once even when two instances run at the same
 * moment; members who left are marked and keep their enrollment and their attempts; a sync the LMS refuses
 * does not count as a sync (the course page keeps the last real one, and the next run tries again).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { courseLtiStatus, syncCourseRoster, syncStaleRosters } from '@/lib/server/lti/nrps'
import { type Platform, ROLE } from '../../lti/platform'
import { launch, setupPlatform } from '../../lti/tool'
import { type TestDb, freshDb } from '../helpers'

let t: TestDb
let platform: Platform
const DAY = 24 * 3600_000
const instructor = { sub: 'rs-inst', name: 'Rosa Roster', roles: [ROLE.instructor] }
const leaver = { sub: 'rs-leaver', name: 'Lee Leaver', email: 'lee@lms.example', roles: [ROLE.learner] }
const stayer = { sub: 'rs-stayer', name: 'Stella Stayer', roles: [ROLE.learner] }

beforeAll(async () => {
  t = await freshDb()
  ;({ platform } = await setupPlatform(t.db))
}, 120_000)
afterAll(async () => {
  await platform?.stop()
  await t?.cleanup()
})

const membershipFetches = (contextId: string) => platform.requests.filter((r) => r.path.startsWith(`/contexts/${contextId}/memberships`)).length

describe('roster sync on a schedule', () => {
  it('syncs stale rosters once across two instances; who left is marked and keeps their enrollment and work', async () => {
    const stale = await launch(t.db, platform, { user: instructor, contextId: 'ctx-RS-stale', resourceLinkId: 'rl-rs' })
    const fresh = await launch(t.db, platform, { user: instructor, contextId: 'ctx-RS-fresh', resourceLinkId: 'rl-rs' })
    const leaverLaunch = await launch(t.db, platform, { user: leaver, contextId: 'ctx-RS-stale', resourceLinkId: 'rl-rs' })
    // The leaver has done work in the course.
    const a = await t.db.assignment.create({ data: { courseId: stale.courseId, title: 'Week 1', items: { create: [{ templateId: 'lasso-1d-lambda-star', points: 5, position: 1 }] } }, include: { items: true } })
    const variant = await t.db.variant.create({ data: { itemId: a.items[0].id, userId: leaverLaunch.userId, index: 0, seed: 's', templateId: 'lasso-1d-lambda-star', templateVersion: 1, solverVersion: 'x' } })
    await t.db.attempt.create({
      data: { variantId: variant.id, itemId: a.items[0].id, userId: leaverLaunch.userId, number: 1, answers: '{}', rawScore: 1, score: 1, grade: '{}', idempotencyKey: 'rs-1', templateVersion: 1 },
    })
    const now = new Date()
    await t.db.ltiContext.updateMany({ where: { contextId: 'ctx-RS-stale' }, data: { rosterSyncedAt: new Date(now.getTime() - 2 * DAY) } })
    await t.db.ltiContext.updateMany({ where: { contextId: 'ctx-RS-fresh' }, data: { rosterSyncedAt: new Date(now.getTime() - 3600_000) } })
    // The LMS now lists the instructor and a new student; the leaver is gone.
    platform.members.set('ctx-RS-stale', [instructor, stayer])
    platform.members.set('ctx-RS-fresh', [instructor])
    const before = { stale: membershipFetches('ctx-RS-stale'), fresh: membershipFetches('ctx-RS-fresh') }

    await Promise.all([syncStaleRosters(t.db, DAY, now), syncStaleRosters(t.db, DAY, now)])

    expect(membershipFetches('ctx-RS-stale') - before.stale).toBe(1) // two members: one page of two
    expect(membershipFetches('ctx-RS-fresh')).toBe(before.fresh)
    const ctx = await t.db.ltiContext.findFirstOrThrow({ where: { contextId: 'ctx-RS-stale' } })
    expect(ctx.rosterSyncedAt?.getTime()).toBe(now.getTime())
    const status = (await courseLtiStatus(t.db, { userId: stale.userId }, stale.courseId)).contexts
    expect(status[0].left).toEqual(['Lee Leaver'])
    expect(await t.db.enrollment.count({ where: { userId: leaverLaunch.userId, courseId: stale.courseId } })).toBe(1)
    expect(await t.db.attempt.count({ where: { userId: leaverLaunch.userId, itemId: a.items[0].id } })).toBe(1)
    const stayerUser = await t.db.ltiUser.findFirstOrThrow({ where: { sub: 'rs-stayer' } })
    expect((await t.db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: stayerUser.userId, courseId: stale.courseId } } })).role).toBe('STUDENT')
    expect((await courseLtiStatus(t.db, { userId: fresh.userId }, fresh.courseId)).contexts[0].left).toEqual([])
    // The LMS lists the leaver again, as Inactive: still left, and not counted as leaving a second time.
    platform.members.set('ctx-RS-stale', [instructor, stayer, { ...leaver, status: 'Inactive' as const }])
    expect(await syncCourseRoster(t.db, { userId: stale.userId }, stale.courseId)).toEqual({ members: 3, added: 0, left: 0 })
    expect((await courseLtiStatus(t.db, { userId: stale.userId }, stale.courseId)).contexts[0].left).toEqual(['Lee Leaver'])
  })

  it('a roster the LMS refuses is not recorded as synced, and the next run tries again', async () => {
    const r = await launch(t.db, platform, { user: instructor, contextId: 'ctx-RS-down', resourceLinkId: 'rl-rs' })
    const lastSync = new Date(Date.now() - 2 * DAY)
    // A memberships URL the platform answers 404 to.
    await t.db.ltiContext.updateMany({ where: { contextId: 'ctx-RS-down' }, data: { rosterSyncedAt: lastSync, membershipsUrl: `${platform.base}/contexts/ctx-RS-down/no-such-service` } })
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      await syncStaleRosters(t.db, DAY, new Date())
    } finally {
      console.error = original
    }
    expect(errors).toHaveLength(1)
    const ctx = await t.db.ltiContext.findFirstOrThrow({ where: { contextId: 'ctx-RS-down' } })
    expect(ctx.rosterSyncedAt?.getTime()).toBe(lastSync.getTime())
    expect((await courseLtiStatus(t.db, { userId: r.userId }, r.courseId)).contexts[0].rosterSyncedAt?.getTime()).toBe(lastSync.getTime())
    // Back up: the next scheduled run syncs it.
    await t.db.ltiContext.updateMany({ where: { contextId: 'ctx-RS-down' }, data: { membershipsUrl: `${platform.base}/contexts/ctx-RS-down/memberships` } })
    platform.members.set('ctx-RS-down', [instructor])
    const later = new Date()
    await syncStaleRosters(t.db, DAY, later)
    expect((await t.db.ltiContext.findFirstOrThrow({ where: { contextId: 'ctx-RS-down' } })).rosterSyncedAt?.getTime()).toBe(later.getTime())
  })
})
