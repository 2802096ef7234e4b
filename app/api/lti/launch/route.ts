import { db } from '@/lib/db'
import { LaunchError, isLaunchError } from '@/lib/server/lti/errors'
import { ltiFrameAncestors } from '@/lib/server/lti/frame'
import { readFormLimited } from '@/lib/server/lti/http'
import { handleLaunch } from '@/lib/server/lti/launch'
import { continuePage, launchErrorPage, unexpectedErrorPage } from '../_html'

/** The launch (redirect_uri): the platform form-posts id_token and state here. */
export async function POST(req: Request) {
  const fa = await ltiFrameAncestors(db())
  try {
    const form = await readFormLimited(req)
    if (!form) throw new LaunchError('bad-request', 'The launch request was too large.')
    const result = await handleLaunch(db(), form)
    return continuePage(result.ticket, fa)
  } catch (e) {
    if (isLaunchError(e)) return launchErrorPage(e, fa)
    console.error('[lti] launch failed', e)
    return unexpectedErrorPage(fa)
  }
}
