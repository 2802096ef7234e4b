import { db } from '@/lib/db'
import { isHttps } from '@/lib/server/edge/headers'
import { ltiFrameOrigins } from '@/lib/server/lti/frame'
import type { Framing } from './_html'

export async function ltiFraming(req: Request): Promise<Framing> {
  return { frameOrigins: await ltiFrameOrigins(db()), https: isHttps(req.url, req.headers) }
}
