/**
 * The demo course created on first start: "Regression 101" with one instructor, three students and one
 * assignment holding "find the λ at which the lasso slope becomes exactly 0". Idempotent.
 */
import type { Db } from '@/lib/db'
import { hashPassword } from './users'

export const DEMO_PASSWORD = 'lassolab-demo'
export const DEMO_COURSE_TITLE = 'Regression 101'
export const DEMO_JOIN_CODE = 'REG-101'
export const DEMO_USERS = [
  { email: 'instructor@lassolab.test', name: 'Ada Instructor', role: 'INSTRUCTOR' },
  { email: 'student1@lassolab.test', name: 'Sam Student', role: 'STUDENT' },
  { email: 'student2@lassolab.test', name: 'Lee Student', role: 'STUDENT' },
  { email: 'student3@lassolab.test', name: 'Kim Student', role: 'STUDENT' },
] as const

export async function seedDemo(db: Db, now: Date = new Date()): Promise<{ created: boolean; courseId: string }> {
  const existing = await db.course.findUnique({ where: { joinCode: DEMO_JOIN_CODE } })
  if (existing) return { created: false, courseId: existing.id }
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const users: { id: string }[] = []
  for (const u of DEMO_USERS) {
    users.push(
      await db.user.upsert({ where: { email: u.email }, update: {}, create: { email: u.email, name: u.name, passwordHash } }),
    )
  }
  const course = await db.course.create({
    data: {
      title: DEMO_COURSE_TITLE,
      joinCode: DEMO_JOIN_CODE,
      enrollments: { create: DEMO_USERS.map((u, i) => ({ userId: users[i].id, role: u.role })) },
      assignments: {
        create: {
          title: 'Lasso warm-up: when does the slope vanish?',
          description: 'Find the penalty at which the lasso slope becomes exactly zero. Each attempt gets a fresh dataset.',
          opensAt: now,
          dueAt: new Date(now.getTime() + 14 * 24 * 3600 * 1000),
          maxAttempts: 3,
          variantPolicy: 'NEW_PER_ATTEMPT',
          derivationPolicy: 'AFTER_ATTEMPT',
          items: { create: [{ templateId: 'lasso-1d-lambda-star', params: JSON.stringify({ convention: 'lambda' }), points: 10, position: 1 }] },
        },
      },
    },
  })
  return { created: true, courseId: course.id }
}
