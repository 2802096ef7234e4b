/**
 * Times on the submission's hot path, which reads and writes them in its own SQL (on PostgreSQL through node-postgres,
 * not Prisma): in a server whose local time zone is not UTC, a due date, an extension and the submission time must
 * mean the same instant as Prisma's, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import { openItem, submitAttempt } from '@/lib/server/student'
import { backend, freshDb, makeCourse, makeUser, type TestDb } from './helpers'

const zoneBefore = process.env.TZ
let t: TestDb
let db: Db
beforeAll(async () => {
  // Node reads TZ again when it changes: dates below are built from UTC instants, the server's zone is Los Angeles.
  process.env.TZ = 'America/Los_Angeles'
  t = await freshDb()
  db = t.db
})
afterAll(async () => {
  await t?.cleanup()
  process.env.TZ = zoneBefore
})

const due = new Date('2026-06-01T12:00:00.000Z')
const minute = 60_000

describe(`submission times in a non-UTC server (${backend})`, () => {
  it('stores the submission instant exactly and judges lateness against the due date and an extension', async () => {
    expect(new Date(due).getTimezoneOffset()).not.toBe(0)
    const { course, assignment, item } = await makeCourse(db, { dueAt: due, lateCutoffAt: new Date(due.getTime() + 2 * 86400_000), maxAttempts: 10 })
    const student = await makeUser(db, 'STUDENT', course.id)
    const extended = await makeUser(db, 'STUDENT', course.id)
    const instructor = await makeUser(db, 'INSTRUCTOR', course.id)
    await db.extension.create({ data: { assignmentId: assignment.id, userId: extended.id, grantedById: instructor.id, dueAt: new Date(due.getTime() + 86400_000) } })

    const submitAt = async (userId: string, at: Date, key: string) => {
      const q = await openItem(db, { userId }, item.id)
      const r = await submitAttempt(db, { userId }, { itemId: item.id, variantId: q.variantId, idempotencyKey: key, answers: { lambdaStar: '1' } }, () => at)
      if (!r.ok) throw new Error(r.message)
      return db.attempt.findUniqueOrThrow({ where: { id: r.attemptId } })
    }
    const before = await submitAt(student.id, new Date(due.getTime() - minute), 'times-before-due')
    expect(before.submittedAt.toISOString()).toBe(new Date(due.getTime() - minute).toISOString())
    expect(before.late).toBe(false)

    const after = await submitAt(student.id, new Date(due.getTime() + minute + 123), 'times-after-due')
    expect(after.submittedAt.toISOString()).toBe(new Date(due.getTime() + minute + 123).toISOString())
    expect(after.late).toBe(true)

    // Within the extension (one day), a minute after the class's due date is on time; a minute after it, late.
    const onTime = await submitAt(extended.id, new Date(due.getTime() + minute), 'times-extension-on-time')
    expect(onTime.late).toBe(false)
    const late = await submitAt(extended.id, new Date(due.getTime() + 86400_000 + minute), 'times-extension-late')
    expect(late.late).toBe(true)
  })
})
