/**
 * Test glue for the tool side: a fresh database with a site admin, the simulated platform registered, and the
 * browser's part of a launch (login initiation → platform /auth → form post to the launch handler) done by fetch.
 */
import type { Db } from '@/lib/db'
import { startLogin } from '@/lib/server/lti/login'
import { handleLaunch } from '@/lib/server/lti/launch'
import { savePlatform } from '@/lib/server/lti/platforms'
import { toolJwks } from '@/lib/server/lti/keys'
import { makeUser } from '../integration/helpers'
import { type LaunchSpec, type Platform, parseAutoPost, startPlatform } from './platform'

export const TOOL_BASE = 'http://127.0.0.1:39999'

export async function setupPlatform(db: Db, opts: { register?: boolean } = {}) {
  const platform = await startPlatform({
    tool: { loginUrl: `${TOOL_BASE}/api/lti/login`, launchUrl: `${TOOL_BASE}/api/lti/launch`, jwks: () => toolJwks(db) },
  })
  const admin = await makeUser(db)
  process.env.ADMIN_EMAILS = [process.env.ADMIN_EMAILS, admin.email].filter(Boolean).join(',')
  const actor = { userId: admin.id }
  const row = opts.register === false ? null : await savePlatform(db, actor, platform.registration)
  return { platform, admin: actor, platformRow: row }
}

/** The form the platform's /auth page would post to the tool, for a prepared launch. */
export async function launchForm(db: Db, platform: Platform, spec: LaunchSpec): Promise<Record<string, string>> {
  const hint = platform.prepareLaunch(spec)
  const authUrl = await startLogin(db, platform.loginParams(hint), TOOL_BASE)
  const res = await fetch(authUrl)
  if (!res.ok) throw new Error(`platform /auth answered ${res.status}: ${await res.text()}`)
  return parseAutoPost(await res.text()).fields
}

export async function launch(db: Db, platform: Platform, spec: LaunchSpec) {
  return handleLaunch(db, await launchForm(db, platform, spec))
}

export async function counts(db: Db) {
  const [users, courses, attempts, enrollments, ltiUsers, links, tickets] = await Promise.all([
    db.user.count(),
    db.course.count(),
    db.attempt.count(),
    db.enrollment.count(),
    db.ltiUser.count(),
    db.ltiResourceLink.count(),
    db.ltiLaunchTicket.count(),
  ])
  return { users, courses, attempts, enrollments, ltiUsers, links, tickets }
}
