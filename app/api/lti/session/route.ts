import { AuthError } from 'next-auth'
import { signIn } from '@/auth'
import { db } from '@/lib/db'
import { LaunchError } from '@/lib/server/lti/errors'
import { ltiFrameAncestors } from '@/lib/server/lti/frame'
import { readFormLimited } from '@/lib/server/lti/http'
import { peekLaunchTicket } from '@/lib/server/lti/launch'
import { launchErrorPage } from '../_html'

/** Exchanges a launch ticket (single use) for a LassoLab session, then opens the launch's page. */
export async function POST(req: Request) {
  const fa = await ltiFrameAncestors(db())
  const expired = new LaunchError('state', 'This launch was already used or has expired. Open the link from your LMS again.')
  const form = await readFormLimited(req, 4096)
  const ticket = form?.ticket
  const target = await peekLaunchTicket(db(), ticket)
  if (!ticket || !target) return launchErrorPage(expired, fa)
  try {
    await signIn('lti', { ticket, redirect: false })
  } catch (e) {
    if (e instanceof AuthError) return launchErrorPage(expired, fa)
    throw e
  }
  return new Response(null, { status: 303, headers: { location: target, 'cache-control': 'no-store' } })
}
