/**
 * Which sites may show LassoLab in a frame: the origins of the registered LMS platforms. Used for the
 * `frame-ancestors` directive of the LTI pages (launch, deep linking, the pages a launch opens).
 */
import type { Db } from '@/lib/db'

export async function ltiFrameOrigins(db: Db): Promise<string[]> {
  const rows = await db.ltiPlatform.findMany({ select: { authUrl: true, issuer: true } })
  const origins = new Set<string>()
  for (const r of rows) {
    for (const u of [r.authUrl, r.issuer]) {
      try {
        const o = new URL(u).origin
        if (o !== 'null') origins.add(o)
      } catch {}
    }
  }
  return [...origins].sort()
}

export async function ltiFrameAncestors(db: Db): Promise<string> {
  return ["frame-ancestors 'self'", ...(await ltiFrameOrigins(db))].join(' ')
}
