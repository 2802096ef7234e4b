/**
 * Which sites may show LassoLab in a frame: the origins of the registered LMS platforms. They go into the
 * `frame-ancestors` directive of the LTI protocol pages (app/api/lti) and of every page a launch leads to
 * (proxy.ts: the deep-linking picker, the assignment, the question and its attempt, all inside the LMS iframe).
 * `FRAME_ANCESTORS` (lib/server/edge/headers) adds origins by configuration; lib/server/edge/headers decides
 * what is a valid source.
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

/**
 * Whether a page request may be loaded into a frame, so its answer needs the LMS origins: the browser says so
 * (`Sec-Fetch-Dest: iframe` or `frame`), or it sends no fetch metadata at all (an older browser). A top-level
 * navigation or a client-side fetch (`document`, `empty`) is not framed; its answer keeps `frame-ancestors`
 * from configuration only, and costs no database read.
 */
export function mayBeFramed(headers: Headers): boolean {
  const dest = headers.get('sec-fetch-dest')
  return dest === null || dest === 'iframe' || dest === 'frame'
}
