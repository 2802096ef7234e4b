/**
 * Kill -9 of the server while students save drafts: every draft the server acknowledged is there after a restart.
 * Against the production build on this backend's database. Each student saves values 1, 2, 3… one at a time;
 * after the crash, the stored value must be at least the last acknowledged one (it may be the one in flight).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db'
import { DEFAULT_REVIEW, examView, saveExamSettings, startExam } from '@/lib/server/exams'
import { hashPassword } from '@/lib/server/users'
import { signInCookie, startServer } from '../e2e/harness'
import { backend, freshDb, type TestDb } from './helpers'

const STUDENTS = 12
let t: TestDb
let db: Db
let examId = ''
const students: { email: string; userId: string; itemId: string; variantId: string }[] = []

beforeAll(async () => {
  t = await freshDb()
  db = t.db
  const course = await db.course.create({ data: { title: 'Crash course', joinCode: `C-${Date.now()}` } })
  const a = await db.assignment.create({
    data: { courseId: course.id, title: 'Crash exam', dueAt: new Date(Date.now() + 86400_000), items: { create: [{ templateId: 'lasso-1d-lambda-star', points: 10, position: 1 }] } },
    include: { items: true },
  })
  examId = a.id
  await saveExamSettings(db, a.id, { timeLimitMinutes: 60, accessCode: null, oneAtATime: false, perQuestionCheck: false, review: DEFAULT_REVIEW })
  const passwordHash = await hashPassword('password123')
  for (let i = 0; i < STUDENTS; i++) {
    const u = await db.user.create({ data: { email: `crash${i}-${a.id}@test.lassolab`, name: `Crash ${i}`, passwordHash } })
    await db.enrollment.create({ data: { userId: u.id, courseId: course.id, role: 'STUDENT' } })
    await startExam(db, { userId: u.id }, { assignmentId: a.id })
    const v = await examView(db, { userId: u.id }, a.id)
    if (v.state !== 'sitting') throw new Error(v.state)
    students.push({ email: u.email, userId: u.id, itemId: v.questions[0].id, variantId: v.questions[0].variantId })
  }
}, 300_000)
afterAll(async () => t?.cleanup())

describe(`drafts survive kill -9 of the server (${backend})`, () => {
  it('every acknowledged draft is there after restart', async () => {
    const env = { ...process.env, DATABASE_URL: t.url, EXAM_SWEEP_INTERVAL_MS: '0' }
    let server = await startServer(env)
    const cookies = await Promise.all(students.map((s) => signInCookie(server.baseUrl, s.email, 'password123')))
    const acked = new Array<number>(STUDENTS).fill(0)
    let stop = false
    const savers = students.map(async (s, i) => {
      for (let v = 1; !stop; v++) {
        try {
          const r = await fetch(`${server.baseUrl}/api/items/${s.itemId}/draft`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json', cookie: cookies[i] },
            body: JSON.stringify({ variantId: s.variantId, answers: { lambdaStar: String(v) } }),
          })
          if (r.ok) acked[i] = v
          else return
        } catch {
          return // the server is gone
        }
      }
    })
    // Let saves flow, then crash the server mid-stream.
    await new Promise((r) => setTimeout(r, 4000))
    const before = acked.reduce((x, y) => x + y, 0)
    await server.stop('SIGKILL')
    stop = true
    await Promise.all(savers)
    expect(before).toBeGreaterThan(STUDENTS) // drafts were being saved when it died

    server = await startServer(env)
    try {
      for (const [i, s] of students.entries()) {
        const cookie = await signInCookie(server.baseUrl, s.email, 'password123')
        const r = await fetch(`${server.baseUrl}/api/exams/${examId}`, { headers: { cookie } })
        expect(r.status).toBe(200)
        const view = (await r.json()) as { questions: { draft: { lambdaStar?: string } | null }[] }
        const stored = Number(view.questions[0].draft?.lambdaStar ?? 0)
        // The acknowledged value, or the one that was in flight when the server died.
        expect(stored, `student ${i}`).toBeGreaterThanOrEqual(acked[i])
        expect(stored, `student ${i}`).toBeLessThanOrEqual(acked[i] + 1)
      }
    } finally {
      await server.stop()
    }
  }, 300_000)
})
