/**
 * OIDC third-party login initiation (LTI 1.3 core §5.1.1): the platform sends iss, login_hint and
 * target_link_uri (and optionally lti_message_hint, client_id, lti_deployment_id) by GET or POST; LassoLab
 * stores a single-use state and nonce in the database and redirects the browser to the platform's OIDC
 * authorization endpoint, which answers by form-posting the id_token to the launch URL.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { LaunchError } from './errors'
import { toolUrls } from './urls'

/** How long the browser has between login initiation and the launch post. */
export const STATE_TTL_MS = 10 * 60_000

const loginSchema = z.object({
  iss: z.string().min(1).max(500),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.url().max(2000),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().max(255).optional(),
  lti_deployment_id: z.string().max(255).optional(),
})

const token = () => randomBytes(24).toString('base64url')

/** Returns the URL of the platform's authorization request to redirect the browser to. */
export async function startLogin(db: Db, raw: Record<string, string>, baseUrl: string, now = new Date()): Promise<string> {
  const parsed = loginSchema.safeParse(raw)
  if (!parsed.success) throw new LaunchError('bad-request', `The LMS did not send ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')} to start the login.`)
  const p = parsed.data
  const candidates = await db.ltiPlatform.findMany({ where: { issuer: p.iss, ...(p.client_id ? { clientId: p.client_id } : {}) } })
  if (candidates.length === 0) throw new LaunchError('unknown-platform', `No platform with issuer “${p.iss}”${p.client_id ? ` and client id “${p.client_id}”` : ''} is registered. A site administrator registers it on LassoLab's LTI admin page.`)
  if (candidates.length > 1) throw new LaunchError('unknown-platform', 'Several registrations share this issuer; the LMS must send client_id with the login request.')
  const platform = candidates[0]
  const urls = toolUrls(baseUrl)
  if (new URL(p.target_link_uri).origin !== new URL(urls.base).origin) {
    throw new LaunchError('bad-request', 'The LMS asked to open a page that is not part of LassoLab.')
  }
  const state = token()
  const nonce = token()
  await db.ltiLoginState.create({ data: { id: state, nonce, platformId: platform.id, expiresAt: new Date(now.getTime() + STATE_TTL_MS) } })
  // Expired states are removed as new logins come in (a bounded delete; the index on expiresAt keeps it cheap).
  await db.ltiLoginState.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - STATE_TTL_MS) } } })
  const auth = new URL(platform.authUrl)
  const params: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: urls.launch,
    login_hint: p.login_hint,
    state,
    nonce,
  }
  if (p.lti_message_hint) params.lti_message_hint = p.lti_message_hint
  for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v)
  return auth.toString()
}
