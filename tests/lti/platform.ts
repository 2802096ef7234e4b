/**
 * A simulated LMS platform for the tests: a real HTTP server on 127.0.0.1 that behaves as the LTI 1.3 core,
 * Deep Linking 2.0, AGS 2.0 and NRPS 2.0 specifications describe, from the platform's side:
 *   GET  /jwks                          the platform's public keys (RS256)
 *   GET|POST /auth                      OIDC authorization endpoint: checks the request and answers with a page
 *                                       that form-posts id_token + state to the tool's redirect_uri
 *   POST /token                         client_credentials grant with a JWT client assertion (checked against
 *                                       the tool's JWKS)
 *   GET|POST /contexts/:ctx/lineitems   AGS line item container; GET /lineitems/:id one line item
 *   POST /lineitems/:id/scores          AGS score publish (newest timestamp wins; fault injection: 503)
 *   GET  /contexts/:ctx/memberships     NRPS membership container (paged with Link rel="next")
 *   POST /deep-link-return              receives the tool's LtiDeepLinkingResponse and creates line items
 *   GET  /course/:ctx                   a course page that launches the tool in an iframe (for Chromium)
 * Every request is recorded. Launch options can tamper with the id_token to test the tool's rejections.
 */
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose'
import { z } from 'zod'

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/'
export const ROLE = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  ta: 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
}
const SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
]

export interface PlatformUser {
  sub: string
  name: string
  email?: string
  roles: string[]
  /** NRPS status: Active (default), Inactive or Deleted. */
  status?: 'Active' | 'Inactive' | 'Deleted'
}

export interface LaunchSpec {
  user: PlatformUser
  contextId: string
  contextTitle?: string
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest'
  resourceLinkId?: string
  /** Tampering, to test the tool's rejections. */
  tamper?: {
    expiresInSeconds?: number
    iatOffsetSeconds?: number
    signWithUnknownKey?: boolean
    kid?: string
    aud?: string
    deploymentId?: string
    omit?: string[]
    nonce?: string
  }
}

export interface LineItem {
  id: string
  contextId: string
  label: string
  scoreMaximum: number
  resourceId?: string
  resourceLinkId?: string
  tag?: string
}

export interface ScoreRecord {
  lineItemId: string
  userId: string
  scoreGiven: number
  scoreMaximum: number
  timestamp: string
  status: number
}

export interface RecordedRequest {
  method: string
  path: string
  status: number
  body: string
}

const scoreSchema = z.object({
  userId: z.string().min(1),
  scoreGiven: z.number().min(0).optional(),
  scoreMaximum: z.number().positive().optional(),
  comment: z.string().optional(),
  timestamp: z.iso.datetime({ offset: true }),
  activityProgress: z.enum(['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed']),
  gradingProgress: z.enum(['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady']),
})

export interface PlatformOptions {
  clientId?: string
  deploymentId?: string
  /**
   * The host name in the platform's URLs (default 127.0.0.1; it always listens on 127.0.0.1). `localhost` makes
   * the platform another site than a tool on 127.0.0.1, so the tool's iframe is a cross-site (third-party) frame.
   */
  publicHost?: '127.0.0.1' | 'localhost'
  /** The tool's login initiation URL, launch (redirect) URL and JWKS (URL or a function that returns it). */
  tool: { loginUrl: string; launchUrl: string; jwks: string | (() => Promise<JSONWebKeySet>) }
}

export async function startPlatform(opts: PlatformOptions) {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const other = await generateKeyPair('RS256')
  let kid = `platform-${randomUUID()}`
  let signingKey = privateKey
  const published: JWK[] = [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }]
  const clientId = opts.clientId ?? `client-${randomUUID().slice(0, 8)}`
  const deploymentId = opts.deploymentId ?? 'deployment-1'

  const requests: RecordedRequest[] = []
  const launches = new Map<string, LaunchSpec>()
  const tokens = new Map<string, { scope: string[]; exp: number }>()
  const lineItems = new Map<string, LineItem>()
  const scores: ScoreRecord[] = []
  const results = new Map<string, ScoreRecord>()
  const members = new Map<string, PlatformUser[]>()
  const deepLinkResponses: { contentItems: unknown[]; data?: unknown; msg?: unknown }[] = []
  const resourceLinks = new Map<string, { contextId: string; id: string; title: string; lineItemId?: string; custom?: Record<string, string> }>()
  const faults = { scoreFailures: 0, scoreStatus: 503 }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(String(e))
    })
  })
  // Longer than the clients' idle keep-alive, so a reused connection is never closed under them (ECONNRESET).
  server.keepAliveTimeout = 120_000
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://${opts.publicHost ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`
  const issuer = base
  const toolKeys = () =>
    typeof opts.tool.jwks === 'string'
      ? createRemoteJWKSet(new URL(opts.tool.jwks), { cacheMaxAge: 0, cooldownDuration: 0 })
      : async (...args: Parameters<ReturnType<typeof createLocalJWKSet>>) => createLocalJWKSet(await (opts.tool.jwks as () => Promise<JSONWebKeySet>)())(...args)

  async function readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  }

  function send(res: http.ServerResponse, rec: RecordedRequest, status: number, body: string, headers: Record<string, string> = {}) {
    rec.status = status
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(body)
  }

  function bearer(req: http.IncomingMessage, scope: string): boolean {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')
    const t = m ? tokens.get(m[1]) : undefined
    return !!t && t.exp > Date.now() && t.scope.includes(scope)
  }

  async function idToken(spec: LaunchSpec, nonce: string): Promise<string> {
    const t = spec.tamper ?? {}
    const messageType = spec.messageType ?? 'LtiResourceLinkRequest'
    const ctxLineItems = `${base}/contexts/${spec.contextId}/lineitems`
    const link = spec.resourceLinkId ? resourceLinks.get(spec.resourceLinkId) : undefined
    const claims: Record<string, unknown> = {
      nonce: t.nonce ?? nonce,
      name: spec.user.name,
      email: spec.user.email,
      [`${LTI}message_type`]: messageType,
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: t.deploymentId ?? deploymentId,
      [`${LTI}target_link_uri`]: opts.tool.launchUrl,
      [`${LTI}roles`]: spec.user.roles,
      [`${LTI}context`]: { id: spec.contextId, title: spec.contextTitle ?? `Course ${spec.contextId}`, label: spec.contextId, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
        context_memberships_url: `${base}/contexts/${spec.contextId}/memberships`,
        service_versions: ['2.0'],
      },
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
        scope: SCOPES.slice(0, 3),
        lineitems: ctxLineItems,
        ...(link?.lineItemId ? { lineitem: `${base}/lineitems/${link.lineItemId}` } : {}),
      },
    }
    if (messageType === 'LtiResourceLinkRequest') {
      claims[`${LTI}resource_link`] = { id: spec.resourceLinkId ?? 'link-1', title: link?.title ?? 'LassoLab' }
      if (link?.custom) claims[`${LTI}custom`] = link.custom
    } else {
      claims['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] = {
        deep_link_return_url: `${base}/deep-link-return?context=${encodeURIComponent(spec.contextId)}`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: false,
        auto_create: true,
        data: `dl-${randomUUID()}`,
      }
    }
    for (const k of t.omit ?? []) delete claims[k]
    const now = Math.floor(Date.now() / 1000) + (t.iatOffsetSeconds ?? 0)
    let jwt = new SignJWT(claims as JWTPayload)
      .setProtectedHeader({ alg: 'RS256', kid: t.kid ?? kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(t.aud ?? clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + (t.expiresInSeconds ?? 300))
    if (!(t.omit ?? []).includes('sub')) jwt = jwt.setSubject(spec.user.sub)
    return jwt.sign(t.signWithUnknownKey ? other.privateKey : signingKey)
  }

  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
  function autoPost(action: string, fields: Record<string, string>): string {
    const inputs = Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join('')
    return `<!doctype html><html><body><form id="f" method="post" action="${esc(action)}">${inputs}<noscript><button>Continue</button></noscript></form><script>document.getElementById('f').submit()</script></body></html>`
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', base)
    const body = req.method === 'POST' ? await readBody(req) : ''
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname + url.search, status: 0, body }
    requests.push(rec)
    const p = url.pathname

    if (p === '/jwks') return send(res, rec, 200, JSON.stringify({ keys: published }))

    if (p === '/auth') {
      const q = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams
      const want = { scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: clientId, redirect_uri: opts.tool.launchUrl }
      for (const [k, v] of Object.entries(want)) {
        if (q.get(k) !== v) return send(res, rec, 400, JSON.stringify({ error: 'invalid_request', error_description: `${k} must be ${v}` }))
      }
      const state = q.get('state')
      const nonce = q.get('nonce')
      const spec = launches.get(q.get('login_hint') ?? '')
      if (!state || !nonce || !spec) return send(res, rec, 400, JSON.stringify({ error: 'invalid_request', error_description: 'state, nonce and a known login_hint are required' }))
      if (q.get('lti_message_hint') !== q.get('login_hint')) return send(res, rec, 400, JSON.stringify({ error: 'invalid_request', error_description: 'lti_message_hint mismatch' }))
      return send(res, rec, 200, autoPost(opts.tool.launchUrl, { id_token: await idToken(spec, nonce), state }), { 'content-type': 'text/html; charset=utf-8' })
    }

    if (p === '/token' && req.method === 'POST') {
      const f = new URLSearchParams(body)
      if (f.get('grant_type') !== 'client_credentials' || f.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return send(res, rec, 400, JSON.stringify({ error: 'unsupported_grant_type' }))
      }
      try {
        await jwtVerify(f.get('client_assertion') ?? '', toolKeys(), { issuer: clientId, subject: clientId, audience: `${base}/token`, requiredClaims: ['jti', 'iat', 'exp'] })
      } catch (e) {
        return send(res, rec, 401, JSON.stringify({ error: 'invalid_client', error_description: String(e) }))
      }
      const scope = (f.get('scope') ?? '').split(' ').filter((s) => SCOPES.includes(s))
      const token = randomUUID()
      tokens.set(token, { scope, exp: Date.now() + 3600_000 })
      return send(res, rec, 200, JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope: scope.join(' ') }))
    }

    let m = /^\/contexts\/([^/]+)\/lineitems$/.exec(p)
    if (m) {
      if (!bearer(req, SCOPES[0])) return send(res, rec, 401, JSON.stringify({ error: 'unauthorized' }))
      if (req.method === 'POST') {
        const li = JSON.parse(body) as Omit<LineItem, 'id' | 'contextId'>
        const id = randomUUID()
        lineItems.set(id, { ...li, id, contextId: m[1] })
        return send(res, rec, 201, JSON.stringify({ ...li, id: `${base}/lineitems/${id}` }), { 'content-type': 'application/vnd.ims.lis.v2.lineitem+json' })
      }
      const list = [...lineItems.values()].filter((l) => l.contextId === m?.[1]).map((l) => ({ ...l, id: `${base}/lineitems/${l.id}` }))
      return send(res, rec, 200, JSON.stringify(list), { 'content-type': 'application/vnd.ims.lis.v2.lineitemcontainer+json' })
    }

    m = /^\/lineitems\/([^/]+)\/scores$/.exec(p)
    if (m && req.method === 'POST') {
      if (!bearer(req, SCOPES[2])) return send(res, rec, 401, JSON.stringify({ error: 'unauthorized' }))
      if (!lineItems.has(m[1])) return send(res, rec, 404, JSON.stringify({ error: 'no such line item' }))
      if (!(req.headers['content-type'] ?? '').startsWith('application/vnd.ims.lis.v1.score+json')) return send(res, rec, 415, JSON.stringify({ error: 'wrong media type' }))
      if (faults.scoreFailures > 0) {
        faults.scoreFailures--
        return send(res, rec, faults.scoreStatus, JSON.stringify({ error: 'The gradebook is temporarily unavailable.' }))
      }
      const parsed = scoreSchema.safeParse(JSON.parse(body))
      if (!parsed.success) return send(res, rec, 400, JSON.stringify({ error: parsed.error.message }))
      const s = parsed.data
      const key = `${m[1]}|${s.userId}`
      const prev = results.get(key)
      const record: ScoreRecord = { lineItemId: m[1], userId: s.userId, scoreGiven: s.scoreGiven ?? 0, scoreMaximum: s.scoreMaximum ?? 0, timestamp: s.timestamp, status: 200 }
      // AGS 2.0: a score older than the one on record does not replace it (the platform may refuse it).
      if (prev && Date.parse(prev.timestamp) >= Date.parse(s.timestamp)) {
        scores.push({ ...record, status: 409 })
        return send(res, rec, 409, JSON.stringify({ error: 'A newer score is already recorded.' }))
      }
      scores.push(record)
      results.set(key, record)
      return send(res, rec, 200, '{}')
    }

    m = /^\/lineitems\/([^/]+)$/.exec(p)
    if (m) {
      const li = lineItems.get(m[1])
      if (!li) return send(res, rec, 404, '{}')
      return send(res, rec, 200, JSON.stringify({ ...li, id: `${base}/lineitems/${li.id}` }), { 'content-type': 'application/vnd.ims.lis.v2.lineitem+json' })
    }

    m = /^\/contexts\/([^/]+)\/memberships$/.exec(p)
    if (m) {
      if (!bearer(req, SCOPES[3])) return send(res, rec, 401, JSON.stringify({ error: 'unauthorized' }))
      const all = members.get(m[1]) ?? []
      const limit = Number(url.searchParams.get('limit') ?? 2)
      const offset = Number(url.searchParams.get('offset') ?? 0)
      const page = all.slice(offset, offset + limit)
      const headers: Record<string, string> = { 'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' }
      if (offset + limit < all.length) headers.link = `<${base}${p}?limit=${limit}&offset=${offset + limit}>; rel="next"`
      const body = {
        id: `${base}${p}`,
        context: { id: m[1], title: `Course ${m[1]}` },
        members: page.map((u) => ({ status: u.status ?? 'Active', name: u.name, email: u.email, user_id: u.sub, roles: u.roles })),
      }
      return send(res, rec, 200, JSON.stringify(body), headers)
    }

    if (p === '/deep-link-return' && req.method === 'POST') {
      const jwt = new URLSearchParams(body).get('JWT') ?? ''
      try {
        const { payload } = await jwtVerify(jwt, toolKeys(), { issuer: clientId, audience: issuer, requiredClaims: ['nonce', 'iat', 'exp'] })
        if (payload[`${LTI}message_type`] !== 'LtiDeepLinkingResponse' || payload[`${LTI}version`] !== '1.3.0' || payload[`${LTI}deployment_id`] !== deploymentId) {
          throw new Error('not an LtiDeepLinkingResponse for this deployment')
        }
        const items = (payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] ?? []) as {
          type: string
          title?: string
          url?: string
          custom?: Record<string, string>
          lineItem?: { scoreMaximum: number; label?: string; resourceId?: string; tag?: string }
        }[]
        const contextId = url.searchParams.get('context') ?? ''
        for (const it of items) {
          if (it.type !== 'ltiResourceLink') continue
          const linkId = `link-${randomUUID().slice(0, 8)}`
          let lineItemId: string | undefined
          if (it.lineItem) {
            lineItemId = randomUUID()
            lineItems.set(lineItemId, { id: lineItemId, contextId, label: it.lineItem.label ?? it.title ?? '', scoreMaximum: it.lineItem.scoreMaximum, resourceId: it.lineItem.resourceId, tag: it.lineItem.tag, resourceLinkId: linkId })
          }
          resourceLinks.set(linkId, { contextId, id: linkId, title: it.title ?? '', lineItemId, custom: it.custom })
        }
        deepLinkResponses.push({ contentItems: items, data: payload['https://purl.imsglobal.org/spec/lti-dl/claim/data'], msg: payload['https://purl.imsglobal.org/spec/lti-dl/claim/msg'] })
        return send(res, rec, 200, `<!doctype html><html><body><h1>Content added</h1><p id="added">${items.map((i) => esc(i.title ?? '')).join(', ')}</p></body></html>`, { 'content-type': 'text/html; charset=utf-8' })
      } catch (e) {
        return send(res, rec, 400, `<!doctype html><p>Deep linking response rejected: ${esc(String(e))}</p>`, { 'content-type': 'text/html; charset=utf-8' })
      }
    }

    m = /^\/gradebook\/([^/]+)$/.exec(p)
    if (m) {
      const ctx = m[1]
      const rows = [...lineItems.values()]
        .filter((l) => l.contextId === ctx)
        .flatMap((l) =>
          [...results.values()]
            .filter((r) => r.lineItemId === l.id)
            .map((r) => `<tr><td>${esc(l.label)}</td><td>${esc(r.userId)}</td><td data-score>${r.scoreGiven}</td><td>${r.scoreMaximum}</td><td>${esc(r.timestamp)}</td></tr>`),
        )
        .join('')
      const html = `<!doctype html><html><head><title>Simulated LMS gradebook</title></head><body style="font-family:sans-serif;margin:1rem"><h1>Simulated LMS gradebook · ${esc(ctx)}</h1>
<table border="1" cellpadding="6"><thead><tr><th>Column</th><th>User</th><th>Score</th><th>Out of</th><th>Timestamp</th></tr></thead><tbody>${rows}</tbody></table></body></html>`
      return send(res, rec, 200, html, { 'content-type': 'text/html; charset=utf-8' })
    }

    m = /^\/course\/([^/]+)$/.exec(p)
    if (m) {
      const hint = url.searchParams.get('hint') ?? ''
      const fields = { iss: issuer, login_hint: hint, lti_message_hint: hint, target_link_uri: opts.tool.launchUrl, client_id: clientId, lti_deployment_id: deploymentId }
      const inputs = Object.entries(fields)
        .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
        .join('')
      const html = `<!doctype html><html><head><title>Simulated LMS: ${esc(m[1])}</title></head><body style="font-family:sans-serif;margin:1rem">
<h1>Simulated LMS · ${esc(m[1])}</h1>
<form id="launch" method="post" action="${esc(opts.tool.loginUrl)}" target="tool">${inputs}<button type="submit">Open LassoLab</button></form>
<iframe name="tool" title="LassoLab" style="width:100%;height:900px;border:1px solid #888;margin-top:1rem" allow="clipboard-write"></iframe>
</body></html>`
      return send(res, rec, 200, html, { 'content-type': 'text/html; charset=utf-8' })
    }

    return send(res, rec, 404, JSON.stringify({ error: 'not found' }))
  }

  return {
    base,
    issuer,
    clientId,
    deploymentId,
    get kid() {
      return kid
    },
    /** Platform key rotation: a new signing key with a new kid; the old one stays published. */
    async rotateKey() {
      const k = await generateKeyPair('RS256')
      kid = `platform-${randomUUID()}`
      signingKey = k.privateKey
      published.unshift({ ...(await exportJWK(k.publicKey)), kid, alg: 'RS256', use: 'sig' })
    },
    registration: {
      name: 'Simulated LMS',
      issuer,
      clientId,
      authUrl: `${base}/auth`,
      tokenUrl: `${base}/token`,
      jwksUrl: `${base}/jwks`,
      deploymentIds: deploymentId,
    },
    requests,
    lineItems,
    scores,
    results,
    members,
    deepLinkResponses,
    resourceLinks,
    faults,
    /** Registers a launch; returns the login_hint (also used as lti_message_hint). */
    prepareLaunch(spec: LaunchSpec): string {
      const hint = `hint-${randomUUID()}`
      launches.set(hint, spec)
      return hint
    },
    /** The OIDC login initiation parameters the platform would send to the tool for a prepared launch. */
    loginParams(hint: string): Record<string, string> {
      return { iss: issuer, login_hint: hint, lti_message_hint: hint, target_link_uri: opts.tool.launchUrl, client_id: clientId, lti_deployment_id: deploymentId }
    },
    addLineItem(contextId: string, li: Omit<LineItem, 'id' | 'contextId'>, resourceLink?: { id: string; title: string; custom?: Record<string, string> }): string {
      const id = randomUUID()
      lineItems.set(id, { ...li, id, contextId, resourceLinkId: resourceLink?.id })
      if (resourceLink) resourceLinks.set(resourceLink.id, { contextId, ...resourceLink, lineItemId: id })
      return `${base}/lineitems/${id}`
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}

export type Platform = Awaited<ReturnType<typeof startPlatform>>

/** Follows the platform's /auth answer: the auto-posting form's action and fields. */
export function parseAutoPost(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? ''
  const fields: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[m[1]] = m[2].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&amp;/g, '&')
  }
  return { action: action.replace(/&amp;/g, '&'), fields }
}
