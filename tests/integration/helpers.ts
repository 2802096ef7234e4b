/**
 * A fresh, migrated database per test file, on the backend named by TEST_BACKEND:
 *   sqlite   (default) a new file under data/, removed afterwards
 *   postgres a new schema in TEST_DATABASE_URL (default postgresql://127.0.0.1:5432/test), dropped afterwards
 * Migrations are applied by the project's own runner (scripts/migrate.mjs deploy), as in production.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { type Db, createDb } from '@/lib/db'
import { closeRateLimitStores } from '@/lib/server/edge/rateLimit'
import { hashPassword } from '@/lib/server/users'

const root = path.resolve(import.meta.dirname, '../..')
export const backend = (process.env.TEST_BACKEND ?? 'sqlite') as 'sqlite' | 'postgres'

process.env.AUTH_SECRET ??= 'integration-test-secret-not-for-production'
process.env.VARIANT_SECRET ??= process.env.AUTH_SECRET

export interface TestDb {
  db: Db
  url: string
  cleanup(): Promise<void>
}

export async function freshDb(): Promise<TestDb> {
  const tag = randomBytes(6).toString('hex')
  let url: string
  let drop: () => Promise<void>
  if (backend === 'postgres') {
    const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://127.0.0.1:5432/test')
    if (!base.username) base.username = 'postgres'
    const schema = `lassolab_test_${tag}`
    base.searchParams.set('schema', schema)
    url = base.toString()
    drop = async () => {
      const pg = await import('pg')
      const b = new URL(url)
      b.searchParams.delete('schema')
      const c = new pg.default.Client({ connectionString: b.toString() })
      await c.connect()
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await c.end()
    }
  } else {
    const file = path.join(root, 'data', `test-${tag}.db`)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    url = `file:${file}`
    drop = async () => {
      for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true })
    }
  }
  execFileSync('node', ['scripts/migrate.mjs', 'deploy'], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: 'pipe' })
  const db = createDb(url)
  return {
    db,
    url,
    async cleanup() {
      await closeRateLimitStores()
      await db.$disconnect()
      await drop()
    },
  }
}

let counter = 0
/** A user enrolled in `courseId` with `role` (password "password123"). */
export async function makeUser(db: Db, role?: 'STUDENT' | 'TA' | 'INSTRUCTOR', courseId?: string) {
  counter++
  const user = await db.user.create({
    data: { email: `user${counter}-${randomBytes(3).toString('hex')}@test.lassolab`, name: `User ${counter}`, passwordHash: await hashPassword('password123') },
  })
  if (role && courseId) await db.enrollment.create({ data: { userId: user.id, courseId, role } })
  return user
}

/** A course with one assignment holding one item of `templateId`. */
export async function makeCourse(
  db: Db,
  opts: { templateId?: string; params?: object; maxAttempts?: number; variantPolicy?: string; dueAt?: Date | null; opensAt?: Date | null; lateCutoffAt?: Date | null } = {},
) {
  const course = await db.course.create({ data: { title: 'Test course', joinCode: `T-${randomBytes(4).toString('hex')}` } })
  const assignment = await db.assignment.create({
    data: {
      courseId: course.id,
      title: 'Test assignment',
      maxAttempts: opts.maxAttempts ?? 3,
      variantPolicy: opts.variantPolicy ?? 'SAME',
      opensAt: opts.opensAt ?? null,
      dueAt: opts.dueAt === undefined ? new Date(Date.now() + 7 * 86400_000) : opts.dueAt,
      lateCutoffAt: opts.lateCutoffAt ?? null,
      items: { create: [{ templateId: opts.templateId ?? 'lasso-1d-lambda-star', params: JSON.stringify(opts.params ?? {}), points: 10, position: 1 }] },
    },
    include: { items: true },
  })
  return { course, assignment, item: assignment.items[0] }
}
