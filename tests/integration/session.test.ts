/**
 * Sign-out ends the session (SQLite or PostgreSQL, by TEST_BACKEND): a session token carries the user's
 * session version; sign-out bumps it, after which the old token is refused, also on the submission path,
 * which checks it inside the read it makes anyway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import { openItem, submitAttempt } from '@/lib/server/student'
import { endSessions, sessionIsCurrent } from '@/lib/server/users'
import { backend, freshDb, makeCourse, makeUser, type TestDb } from './helpers'

let t: TestDb
let db: Db
beforeAll(async () => {
  t = await freshDb()
  db = t.db
})
afterAll(async () => t?.cleanup())

let key = 0
const nextKey = () => `session-${backend}-${Date.now()}-${++key}`

describe(`sign-out ends the session (${backend})`, () => {
  it('refuses the old token everywhere once the user signs out, and only a current session can sign out', async () => {
    const { course, item } = await makeCourse(db)
    const student = await makeUser(db, 'STUDENT', course.id)
    const token = { userId: student.id, sessionVersion: 0 }
    expect(await sessionIsCurrent(db, student.id, 0)).toBe(true)
    const q = await openItem(db, token, item.id)
    const before = await submitAttempt(db, token, { itemId: item.id, variantId: q.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: '1' } })
    expect(before.ok).toBe(true)

    expect(await endSessions(db, token)).toBe(true)
    expect(await sessionIsCurrent(db, student.id, 0)).toBe(false)
    await expect(
      submitAttempt(db, token, { itemId: item.id, variantId: q.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: '1' } }),
    ).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(await db.attempt.count({ where: { userId: student.id } })).toBe(1)

    // The old token cannot end the sessions opened after it; the new one can.
    expect(await endSessions(db, token)).toBe(false)
    expect(await sessionIsCurrent(db, student.id, 1)).toBe(true)
    const fresh = { userId: student.id, sessionVersion: 1 }
    const after = await submitAttempt(db, fresh, { itemId: item.id, variantId: q.variantId, idempotencyKey: nextKey(), answers: { lambdaStar: '1' } })
    expect(after.ok).toBe(true)
    expect(await endSessions(db, fresh)).toBe(true)
    expect(await sessionIsCurrent(db, student.id, 1)).toBe(false)
  })

  it('treats an unknown user as signed out', async () => {
    expect(await sessionIsCurrent(db, 'no-such-user', 0)).toBe(false)
    expect(await endSessions(db, { userId: 'no-such-user', sessionVersion: 0 })).toBe(false)
  })
})
