import { db } from '@/lib/db'
import { LaunchError, isLaunchError } from '@/lib/server/lti/errors'
import { ltiFrameAncestors } from '@/lib/server/lti/frame'
import { readFormLimited } from '@/lib/server/lti/http'
import { startLogin } from '@/lib/server/lti/login'
import { requestOrigin, toolBaseUrl } from '@/lib/server/lti/urls'
import { launchErrorPage, unexpectedErrorPage } from '../_html'

/** OIDC third-party login initiation, by GET (query) or POST (form). Redirects to the platform's auth endpoint. */
async function login(req: Request, params: Record<string, string> | null): Promise<Response> {
  const fa = await ltiFrameAncestors(db())
  try {
    if (!params) return launchErrorPage(new LaunchError('bad-request', 'The login request was too large.'), fa)
    const to = await startLogin(db(), params, toolBaseUrl(requestOrigin(req)))
    return new Response(null, { status: 302, headers: { location: to, 'cache-control': 'no-store' } })
  } catch (e) {
    if (isLaunchError(e)) return launchErrorPage(e, fa)
    console.error('[lti] login failed', e)
    return unexpectedErrorPage(fa)
  }
}

export async function GET(req: Request) {
  return login(req, Object.fromEntries(new URL(req.url).searchParams))
}

export async function POST(req: Request) {
  return login(req, await readFormLimited(req))
}
