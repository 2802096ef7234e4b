/**
 * Every instructor use case, called as anonymous, as a signed-in stranger, as a student, as a TA, as an
 * instructor of another course and as the course's instructor: each gets exactly what its role allows, and a
 * refused call changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import type { Actor } from '@/lib/server/authz'
import { isUserError } from '@/lib/server/errors'
import * as I from '@/lib/server/instructor'
import { inviteManyToCourse, inviteToCourse } from '@/lib/server/instructor/invitations'
import { type TestDb, freshDb, makeUser } from '../helpers'
import { as, submit, world } from './setup'

let t: TestDb
let w: Awaited<ReturnType<typeof world>>
let throwaway: { id: string }
let attemptId: string
let newcomer: { id: string; email: string }
let dataItem: { id: string }
let dataset: { datasetId: string; versionId: string }

type Who = 'anonymous' | 'stranger' | 'student' | 'ta' | 'otherInstructor' | 'instructor'
const WHO: Who[] = ['anonymous', 'stranger', 'student', 'ta', 'otherInstructor', 'instructor']

function actor(who: Who): Actor {
  switch (who) {
    case 'anonymous':
      return null
    case 'stranger':
      return as(w.outsider)
    case 'student':
      return as(w.student)
    case 'ta':
      return as(w.ta)
    case 'otherInstructor':
      return as(w.otherInstructor)
    case 'instructor':
      return as(w.instructor)
  }
}

/** What a refused call must say: sign in; a course you are not in does not exist; your role is not enough. */
function expectedRefusal(who: Who): string {
  if (who === 'anonymous') return 'unauthenticated'
  if (who === 'stranger' || who === 'otherInstructor') return 'not-found'
  return 'forbidden'
}

async function outcome(fn: () => Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; code: string }> {
  try {
    return { ok: true, value: await fn() }
  } catch (e) {
    if (isUserError(e)) return { ok: false, code: e.code }
    throw e
  }
}

/** Everything a refused call could have changed. */
async function fingerprint(db: Db) {
  return JSON.stringify({
    courses: await db.course.findMany({ orderBy: { id: 'asc' } }),
    enrollments: await db.enrollment.findMany({ orderBy: { id: 'asc' } }),
    invitations: await db.invitation.findMany({ orderBy: { id: 'asc' } }),
    assignments: await db.assignment.findMany({ orderBy: { id: 'asc' } }),
    items: await db.assignmentItem.findMany({ orderBy: { id: 'asc' } }),
    attempts: await db.attempt.findMany({ orderBy: { id: 'asc' } }),
    extensions: await db.extension.findMany({ orderBy: { id: 'asc' } }),
    gradeChanges: await db.gradeChange.count(),
    datasets: await db.dataset.findMany({ orderBy: { id: 'asc' } }),
    datasetVersions: await db.datasetVersion.findMany({ orderBy: { id: 'asc' } }),
    credits: await db.itemCredit.findMany({ orderBy: { id: 'asc' } }),
  })
}

type Case = { name: string; allowed: Who[]; call: (a: Actor) => Promise<unknown> }
const STAFF: Who[] = ['ta', 'instructor']
const INSTRUCTOR: Who[] = ['instructor']

function cases(): Case[] {
  const db = t.db
  const aid = w.assignment.id
  const item = w.items[0]
  const cid = w.course.id
  return [
    { name: 'courseHome', allowed: STAFF, call: (a) => I.courseHome(db, a, cid) },
    { name: 'inviteToCourse', allowed: INSTRUCTOR, call: (a) => inviteToCourse(db, a, { courseId: cid, email: newcomer.email, role: 'TA' }) },
    {
      name: 'inviteManyToCourse',
      allowed: INSTRUCTOR,
      call: (a) => inviteManyToCourse(db, a, { courseId: cid, invitations: [{ email: newcomer.email, role: 'STUDENT' }] }),
    },
    { name: 'changeRole', allowed: INSTRUCTOR, call: (a) => I.changeRole(db, a, { courseId: cid, userId: newcomer.id, role: 'REMOVE' }) },
    { name: 'regenerateJoinCode', allowed: INSTRUCTOR, call: (a) => I.regenerateJoinCode(db, a, cid) },
    { name: 'templateCatalog', allowed: INSTRUCTOR, call: (a) => I.templateCatalog(db, a, cid) },
    { name: 'sampleVariant', allowed: INSTRUCTOR, call: (a) => I.sampleVariant(db, a, { courseId: cid, templateId: item.templateId, params: {}, seed: 2 }) },
    {
      name: 'createAssignment',
      allowed: INSTRUCTOR,
      call: (a) => I.createAssignment(db, a, { courseId: cid, assignment: { title: 'Made by a test', items: [{ templateId: item.templateId, points: 1 }] } }),
    },
    { name: 'assignmentForEdit', allowed: STAFF, call: (a) => I.assignmentForEdit(db, a, aid) },
    {
      name: 'updateAssignment',
      allowed: INSTRUCTOR,
      call: (a) =>
        I.updateAssignment(db, a, {
          assignmentId: aid,
          confirm: true,
          assignment: { title: 'Shrinkage, week 1 (edited)', dueAt: w.assignment.dueAt, maxAttempts: 3, items: w.items.map((i) => ({ id: i.id, templateId: i.templateId, params: JSON.parse(i.params), points: i.points })) },
        }),
    },
    { name: 'deletionImpact', allowed: INSTRUCTOR, call: (a) => I.deletionImpact(db, a, throwaway.id) },
    { name: 'previewItem', allowed: STAFF, call: (a) => I.previewItem(db, a, { itemId: item.id, seed: 3 }) },
    { name: 'gradebook', allowed: STAFF, call: (a) => I.gradebook(db, a, aid) },
    { name: 'studentDrilldown', allowed: STAFF, call: (a) => I.studentDrilldown(db, a, { assignmentId: aid, userId: w.student.id }) },
    { name: 'itemStats', allowed: STAFF, call: (a) => I.itemStats(db, a, aid) },
    { name: 'misconceptionReport', allowed: STAFF, call: (a) => I.misconceptionReport(db, a, aid) },
    { name: 'overrideGrade', allowed: STAFF, call: (a) => I.overrideGrade(db, a, { attemptId, score: 0.5, reason: 'Shown work earns half credit' }) },
    {
      name: 'giveCredit',
      allowed: STAFF,
      call: (a) => I.giveCredit(db, a, { itemId: w.items[2].id, userId: w.student2.id, score: 1, reason: 'Excused absence', shareReason: true }),
    },
    { name: 'copyTargets', allowed: STAFF, call: (a) => I.copyTargets(db, a, aid) },
    { name: 'copyAssignment', allowed: INSTRUCTOR, call: (a) => I.copyAssignment(db, a, { assignmentId: aid, courseId: cid }) },
    { name: 'importRoster', allowed: INSTRUCTOR, call: (a) => I.importRoster(db, a, { courseId: cid, file: `email,role\n${newcomer.email},TA\n` }) },
    { name: 'planRegrade', allowed: INSTRUCTOR, call: (a) => I.planRegrade(db, a, { itemId: w.items[1].id }) },
    {
      name: 'applyRegrade',
      allowed: INSTRUCTOR,
      call: async (a) => {
        const plan = await I.planRegrade(db, as(w.instructor), { itemId: w.items[1].id })
        return I.applyRegrade(db, a, { itemId: w.items[1].id, planHash: plan.planHash, reason: 'Regrade for the test' })
      },
    },
    { name: 'setItemTolerance', allowed: INSTRUCTOR, call: (a) => I.setItemTolerance(db, a, { itemId: w.items[1].id, tolerance: { rel: 0.01, abs: 1e-6 } }) },
    { name: 'listExtensions', allowed: STAFF, call: (a) => I.listExtensions(db, a, aid) },
    {
      name: 'grantExtension',
      allowed: INSTRUCTOR,
      call: (a) => I.grantExtension(db, a, { assignmentId: aid, userId: w.student2.id, dueAt: new Date(Date.now() + 30 * 86400_000).toISOString() }),
    },
    { name: 'revokeExtension', allowed: INSTRUCTOR, call: (a) => I.revokeExtension(db, a, { assignmentId: aid, userId: w.student2.id }) },
    { name: 'gradebookCsv', allowed: STAFF, call: (a) => I.gradebookCsv(db, a, aid) },
    { name: 'attemptsCsv', allowed: STAFF, call: (a) => I.attemptsCsv(db, a, aid) },
    { name: 'canvasCsv', allowed: STAFF, call: (a) => I.canvasCsv(db, a, cid) },
    { name: 'courseGradebook', allowed: STAFF, call: (a) => I.courseGradebook(db, a, cid) },
    { name: 'courseGradebookCsv', allowed: STAFF, call: (a) => I.courseGradebookCsv(db, a, cid) },
    {
      name: 'uploadDataset',
      allowed: INSTRUCTOR,
      call: (a) => I.uploadDataset(db, a, { courseId: cid, name: 'Uploaded in a test', file: new File(['x,y\n1,2\n2,3\n3,5\n'], 'small.csv') }),
    },
    { name: 'courseDatasets', allowed: STAFF, call: (a) => I.courseDatasets(db, a, cid) },
    { name: 'datasetDetail', allowed: STAFF, call: (a) => I.datasetDetail(db, a, { datasetId: dataset.datasetId }) },
    { name: 'itemDataForEdit', allowed: INSTRUCTOR, call: (a) => I.itemDataForEdit(db, a, dataItem.id) },
    {
      name: 'attachDataset',
      allowed: INSTRUCTOR,
      call: (a) => I.attachDataset(db, a, { itemId: dataItem.id, versionId: dataset.versionId, features: ['x'], y: 'y', sampleSize: '' }),
    },
    { name: 'detachDataset', allowed: INSTRUCTOR, call: (a) => I.detachDataset(db, a, { itemId: dataItem.id }) },
    { name: 'deleteAssignment', allowed: INSTRUCTOR, call: (a) => I.deleteAssignment(db, a, { assignmentId: throwaway.id, confirmTitle: 'Throwaway' }) },
  ]
}

beforeAll(async () => {
  t = await freshDb()
  w = await world(t.db)
  newcomer = await makeUser(t.db)
  // A member to change the role of (people join by code or by accepting an invitation).
  await t.db.enrollment.create({ data: { userId: newcomer.id, courseId: w.course.id, role: 'STUDENT' } })
  throwaway = await I.createAssignment(t.db, as(w.instructor), { courseId: w.course.id, assignment: { title: 'Throwaway', items: [{ templateId: w.items[0].templateId, points: 1 }] } })
  attemptId = (await submit(t.db, as(w.student), w.items[0].id, { mistake: 0 })).attemptId
  const withData = await I.createAssignment(t.db, as(w.instructor), { courseId: w.course.id, assignment: { title: 'On our data', items: [{ templateId: 'ols-1d', points: 1 }] } })
  dataItem = withData.items[0]
  const up = await I.uploadDataset(t.db, as(w.instructor), { courseId: w.course.id, name: 'Heights', file: new File(['x,y\n1,2\n2,3\n3,5\n4,4\n5,7\n'], 'heights.csv') })
  dataset = { datasetId: up.datasetId, versionId: (await t.db.datasetVersion.findFirstOrThrow({ where: { datasetId: up.datasetId } })).id }
  await submit(t.db, as(w.student), w.items[1].id, 'correct')
})
afterAll(async () => t?.cleanup())

describe('every instructor use case, as every role', () => {
  it('covers every exported use case', () => {
    const tested = new Set(cases().map((c) => c.name))
    const exempt = new Set(['listTeaching', 'createCourse', 'joinCourse'])
    const useCases = Object.entries(I)
      .filter(([name, f]) => typeof f === 'function' && f.length >= 2 && !/Schema$/.test(name))
      .map(([name]) => name)
      .filter((n) => !['paramFields', 'previewSeed', 'safeCell', 'fileName'].includes(n))
    for (const n of useCases) if (!exempt.has(n)) expect(tested, `use case ${n} has no authorization case`).toContain(n)
  })

  for (const c of (() => {
    // Names only, for the test titles; the calls are built once the world exists.
    return [
      'courseHome', 'inviteToCourse', 'inviteManyToCourse', 'changeRole', 'regenerateJoinCode', 'templateCatalog', 'sampleVariant', 'createAssignment', 'assignmentForEdit',
      'updateAssignment', 'deletionImpact', 'previewItem', 'gradebook', 'studentDrilldown', 'itemStats', 'misconceptionReport', 'overrideGrade', 'giveCredit', 'copyTargets', 'copyAssignment', 'importRoster',
      'planRegrade', 'applyRegrade', 'setItemTolerance', 'listExtensions', 'grantExtension', 'revokeExtension', 'gradebookCsv', 'attemptsCsv',
      'canvasCsv', 'courseGradebook', 'courseGradebookCsv', 'deleteAssignment',
      'uploadDataset', 'courseDatasets', 'datasetDetail', 'itemDataForEdit', 'attachDataset', 'detachDataset',
    ]
  })()) {
    it(`${c}: refused for every role it does not allow, and allowed for the others`, async () => {
      const uc = cases().find((x) => x.name === c)
      expect(uc, `case ${c}`).toBeDefined()
      if (!uc) return
      for (const who of WHO.filter((x) => !uc.allowed.includes(x))) {
        const before = await fingerprint(t.db)
        const r = await outcome(() => uc.call(actor(who)))
        expect(r, `${c} as ${who}`).toEqual({ ok: false, code: expectedRefusal(who) })
        expect(await fingerprint(t.db), `${c} as ${who} changed nothing`).toBe(before)
      }
      for (const who of uc.allowed) {
        const r = await outcome(() => uc.call(actor(who)))
        expect(r.ok, `${c} as ${who}: ${JSON.stringify(r)}`).toBe(true)
      }
    })
  }

  it('listTeaching: sign-in required; lists only the courses one teaches', async () => {
    expect(await outcome(() => I.listTeaching(t.db, null))).toEqual({ ok: false, code: 'unauthenticated' })
    expect((await I.listTeaching(t.db, as(w.student))).map((c) => c.id)).toEqual([])
    expect((await I.listTeaching(t.db, as(w.ta))).map((c) => [c.id, c.role])).toEqual([[w.course.id, 'TA']])
    expect((await I.listTeaching(t.db, as(w.otherInstructor))).map((c) => c.id)).toEqual([w.other.id])
    expect((await I.listTeaching(t.db, as(w.instructor))).map((c) => [c.id, c.role])).toEqual([[w.course.id, 'INSTRUCTOR']])
  })

  it('createCourse and joinCourse: sign-in required; joining makes a student, and never changes an existing role', async () => {
    expect(await outcome(() => I.createCourse(t.db, null, { title: 'X' }))).toEqual({ ok: false, code: 'unauthenticated' })
    const { joinCode } = await t.db.course.findUniqueOrThrow({ where: { id: w.course.id } })
    expect(await outcome(() => I.joinCourse(t.db, null, { code: joinCode }))).toEqual({ ok: false, code: 'unauthenticated' })
    const c = await I.joinCourse(t.db, as(w.ta), { code: joinCode.toLowerCase() })
    expect(c).toMatchObject({ courseId: w.course.id, role: 'TA', alreadyEnrolled: true })
    expect(await outcome(() => I.joinCourse(t.db, as(w.outsider), { code: 'NOPE-NOPE' }))).toEqual({ ok: false, code: 'not-found' })
    const mine = await I.createCourse(t.db, as(w.student), { title: 'A student-run study group' })
    expect((await I.courseHome(t.db, as(w.student), mine.id)).myRole).toBe('INSTRUCTOR')
  })

  it('a TA sees results but cannot edit the assignment; a student never sees another student through staff routes', async () => {
    const g = await I.gradebook(t.db, as(w.ta), w.assignment.id)
    expect(g.rows.map((r) => r.userId).sort()).toEqual([w.student.id, w.student2.id].sort())
    expect(await outcome(() => I.updateAssignment(t.db, as(w.ta), { assignmentId: w.assignment.id, assignment: {} }))).toEqual({ ok: false, code: 'forbidden' })
    expect(await outcome(() => I.studentDrilldown(t.db, as(w.student2), { assignmentId: w.assignment.id, userId: w.student.id }))).toEqual({ ok: false, code: 'forbidden' })
  })

  it('ids of things that do not exist answer not-found to staff and sign-in to anonymous', async () => {
    expect(await outcome(() => I.gradebook(t.db, as(w.instructor), 'no-such-assignment'))).toEqual({ ok: false, code: 'not-found' })
    expect(await outcome(() => I.gradebook(t.db, null, 'no-such-assignment'))).toEqual({ ok: false, code: 'unauthenticated' })
    expect(await outcome(() => I.previewItem(t.db, as(w.instructor), { itemId: 'nope' }))).toEqual({ ok: false, code: 'not-found' })
    expect(await outcome(() => I.overrideGrade(t.db, as(w.instructor), { attemptId: 'nope', score: 1, reason: 'abc' }))).toEqual({ ok: false, code: 'not-found' })
  })
})
