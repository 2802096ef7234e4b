/**
 * A fresh, migrated database per test file, on the backend named by TEST_BACKEND (template.ts):
 *   sqlite   (default) a copy of the run's template file under data/, removed afterwards
 *   postgres a database created from the run's template database in the server of TEST_DATABASE_URL
 *            (default postgresql://postgres@127.0.0.1:5432/test), its tables in schema public, dropped afterwards
 * The template is migrated once per run by the project's own runner (scripts/migrate.mjs deploy), as in
 * production, in the integration project's global setup (global-setup.ts).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { inject } from 'vitest'
import { type Db, createDb } from '@/lib/db'
import { closeRateLimitStores } from '@/lib/server/edge/rateLimit'
import { hashPassword } from '@/lib/server/users'
import { backend, ident, pgAdmin, pgUrl, removeSqliteFiles, sqliteFile } from './template'

export { backend }

process.env.AUTH_SECRET ??= 'integration-test-secret-not-for-production'
process.env.VARIANT_SECRET ??= process.env.AUTH_SECRET

export interface TestDb {
  db: Db
  url: string
  cleanup(): Promise<void>
}

export async function freshDb(): Promise<TestDb> {
  const template = inject('integrationTemplate')
  if (!template) throw new Error('no template database: run integration tests in the vitest project "integration" (its global setup makes it)')
  const tag = randomBytes(6).toString('hex')
  let url: string
  let drop: () => Promise<void>
  if (backend === 'postgres') {
    const database = `lassolab_test_${tag}`
    await createFromTemplate(database, template)
    url = pgUrl(database)
    drop = () => pgAdmin(`DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`)
  } else {
    const file = sqliteFile(`test-${tag}`)
    fs.copyFileSync(template, file)
    url = `file:${file}`
    drop = async () => removeSqliteFiles(file)
  }
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

/**
 * CREATE DATABASE … TEMPLATE fails while any other session is on the template. No client connects to it (it
 * refuses connections), but an autovacuum worker may: wait for it a little.
 */
async function createFromTemplate(database: string, template: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pgAdmin(`CREATE DATABASE ${ident(database)} TEMPLATE ${ident(template)}`)
    } catch (e) {
      if ((e as { code?: string }).code !== '55006' || attempt >= 20) throw e
      await new Promise((r) => setTimeout(r, 100 * attempt))
    }
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
