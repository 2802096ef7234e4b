/**
 * Which sites may show LassoLab in a frame: the origins of the registered LMS platforms, for the
 * `frame-ancestors` directive of the LTI protocol pages (lib/server/edge/headers decides what is a valid source).
 * The app's other pages are framed by the origins in FRAME_ANCESTORS (the admin page prints the value to set).
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
