/**
 * Site administration: who is a site admin (the emails listed in ADMIN_EMAILS, comma-separated) and the
 * site settings only an admin may change. Checked here, in lib/server, like every course role.
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { type Actor, requireUser } from '../authz'
import { UserError } from '../errors'

export function adminEmails(env: NodeJS.ProcessEnv = process.env): Set<string> {
  return new Set(
    (env.ADMIN_EMAILS ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  )
}

export async function isSiteAdmin(db: Db, actor: Actor): Promise<boolean> {
  if (!actor?.userId) return false
  const admins = adminEmails()
  if (admins.size === 0) return false
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { email: true } })
  return !!user && admins.has(user.email.toLowerCase())
}

export async function requireSiteAdmin(db: Db, actor: Actor): Promise<{ userId: string }> {
  const a = requireUser(actor)
  if (!(await isSiteAdmin(db, actor))) throw new UserError('forbidden', 'This page is for site administrators.')
  return a
}

export const COURSE_CREATION = ['ANYONE', 'LISTED', 'ADMINS'] as const
export type CourseCreation = (typeof COURSE_CREATION)[number]
const courseCreationSchema = z.object({
  policy: z.enum(COURSE_CREATION, { message: 'Choose who may create courses.' }),
  emails: z.string().max(10_000).default(''),
})

/** Who may create courses: ANYONE (the default), LISTED emails, or ADMINS only. */
export async function courseCreationPolicy(db: Db): Promise<{ policy: CourseCreation; emails: string[] }> {
  const row = await db.siteSetting.findUnique({ where: { key: 'courseCreation' } })
  if (!row) return { policy: 'ANYONE', emails: [] }
  const parsed = z.object({ policy: z.enum(COURSE_CREATION), emails: z.array(z.string()) }).safeParse(JSON.parse(row.value))
  return parsed.success ? parsed.data : { policy: 'ANYONE', emails: [] }
}

export async function setCourseCreationPolicy(db: Db, actor: Actor, raw: unknown) {
  await requireSiteAdmin(db, actor)
  const parsed = courseCreationSchema.safeParse(raw)
  if (!parsed.success) throw new UserError('invalid', parsed.error.issues[0]?.message ?? 'Invalid setting.')
  const emails = parsed.data.emails
    .split(/[\s,;]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
  const value = JSON.stringify({ policy: parsed.data.policy, emails })
  await db.siteSetting.upsert({ where: { key: 'courseCreation' }, create: { key: 'courseCreation', value }, update: { value } })
}

/** Whether the actor may create a course under the site's policy (site admins always may). */
export async function mayCreateCourse(db: Db, actor: Actor): Promise<boolean> {
  if (!actor?.userId) return false
  const { policy, emails } = await courseCreationPolicy(db)
  if (policy === 'ANYONE') return true
  if (await isSiteAdmin(db, actor)) return true
  if (policy === 'ADMINS') return false
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { email: true } })
  return !!user && emails.includes(user.email.toLowerCase())
}
