/**
 * Kill -9 of the server while students submit answers: every attempt the server acknowledged is stored after a
 * restart, with its parts (SQLite: group commit, the log fsynced before the answer; PostgreSQL: one statement).
 * Against the production build on this backend's database.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import { openItem } from '@/lib/server/student'
import { hashPassword } from '@/lib/server/users'
import { signInCookie, startServer } from '../e2e/harness'
import { backend, freshDb, type TestDb } from './helpers'

const STUDENTS = 12
let t: TestDb
let db: Db
let itemId = ''
const students: { email: string; userId: string; variantId: string }[] = []

beforeAll(async () => {
  t = await freshDb()
  db = t.db
  const course = await db.course.create({ data: { title: 'Crash course', joinCode: `S-${Date.now()}` } })
  const a = await db.assignment.create({
    data: { courseId: course.id, title: 'Crash homework', maxAttempts: 100_000, dueAt: new Date(Date.now() + 86400_000), items: { create: [{ templateId: 'lasso-1d-lambda-star', points: 10, position: 1 }] } },
    include: { items: true },
  })
  itemId = a.items[0].id
  const passwordHash = await hashPassword('password123')
  for (let i = 0; i < STUDENTS; i++) {
    const u = await db.user.create({ data: { email: `submit${i}-${a.id}@test.lassolab`, name: `Submitter ${i}`, passwordHash } })
    await db.enrollment.create({ data: { userId: u.id, courseId: course.id, role: 'STUDENT' } })
    const view = await openItem(db, { userId: u.id }, itemId)
    students.push({ email: u.email, userId: u.id, variantId: view.variantId })
  }
}, 300_000)
afterAll(async () => t?.cleanup())

describe(`submissions survive kill -9 of the server (${backend})`, () => {
  it('every acknowledged attempt is stored, with its parts, after restart', async () => {
    const env = { ...process.env, DATABASE_URL: t.url, EXAM_SWEEP_INTERVAL_MS: '0', RATE_LIMIT_SUBMIT_PER_MINUTE: '1000000' }
    const server = await startServer(env)
    const cookies = await Promise.all(students.map((s) => signInCookie(server.baseUrl, s.email, 'password123')))
    const acked: string[] = []
    const failures: string[] = []
    let stop = false
    const submitters = students.map(async (s, i) => {
      while (!stop) {
        try {
          const r = await fetch(`${server.baseUrl}/api/items/${itemId}/attempts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: cookies[i] },
            body: JSON.stringify({ variantId: s.variantId, idempotencyKey: randomUUID(), answers: { lambdaStar: '1' } }),
          })
          if (!r.ok) {
            failures.push(`${r.status} ${await r.text()}`)
            return
          }
          acked.push(((await r.json()) as { attempt: { id: string } }).attempt.id)
        } catch {
          return // the server is gone
        }
      }
    })
    for (const t0 = Date.now(); acked.length < 5 * STUDENTS && failures.length === 0 && Date.now() - t0 < 90_000; ) await new Promise((r) => setTimeout(r, 50))
    expect(failures).toEqual([])
    await server.stop('SIGKILL')
    stop = true
    await Promise.all(submitters)
    expect(acked.length).toBeGreaterThanOrEqual(5 * STUDENTS) // attempts were being stored when it died

    // A restart opens the database as the server does (recovering the log); then every acknowledged attempt is there.
    const restarted = await startServer(env)
    await restarted.stop()
    const stored = await db.attempt.findMany({ where: { id: { in: acked } }, select: { id: true, _count: { select: { parts: true } } } })
    expect(stored.length).toBe(acked.length)
    for (const a of stored) expect(a._count.parts).toBeGreaterThan(0)
  }, 300_000)
})
