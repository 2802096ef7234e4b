import { db } from '@/lib/db'
import { isUserError } from '@/lib/server/errors'
import { deepLinkResponse } from '@/lib/server/lti/deeplink'
import { LaunchError } from '@/lib/server/lti/errors'
import { ltiFraming } from '../_framing'
import { readFormLimited } from '@/lib/server/lti/http'
import { requestOrigin, toolBaseUrl } from '@/lib/server/lti/urls'
import { currentActor } from '@/lib/server/session'
import { autoPostPage, launchErrorPage, unexpectedErrorPage } from '../_html'

/** The instructor's choice on the deep-linking page → the signed LtiDeepLinkingResponse, posted to the LMS. */
export async function POST(req: Request) {
  const fa = await ltiFraming(req)
  // A plain form post from our own page: refuse cross-site posts (no server-action origin check here).
  const origin = req.headers.get('origin')
  if (origin && origin !== requestOrigin(req)) return launchErrorPage(new LaunchError('bad-request', 'This form can only be sent from LassoLab.'), fa)
  try {
    const form = await readFormLimited(req, 4096)
    const r = await deepLinkResponse(db(), await currentActor(req), { deepLinkId: form?.deepLinkId, assignmentId: form?.assignmentId }, toolBaseUrl(requestOrigin(req)))
    return autoPostPage(r.returnUrl, { JWT: r.jwt }, fa)
  } catch (e) {
    if (isUserError(e)) return launchErrorPage(new LaunchError('bad-request', e.message), fa)
    console.error('[lti] deep linking response failed', e)
    return unexpectedErrorPage(fa)
  }
}
