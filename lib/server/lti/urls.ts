/** The tool's public URLs, printed on the admin pages and used in every protocol message. */
export function toolBaseUrl(requestOrigin?: string): string {
  const configured = process.env.LTI_TOOL_URL || process.env.PUBLIC_URL
  const base = configured || requestOrigin || 'http://127.0.0.1:3000'
  return base.replace(/\/+$/, '')
}

export function toolUrls(base: string) {
  return {
    base,
    login: `${base}/api/lti/login`,
    launch: `${base}/api/lti/launch`,
    jwks: `${base}/api/lti/jwks`,
    canvasConfig: `${base}/api/lti/canvas-config`,
  }
}

/** The origin a route handler was reached at (Host header; Next reports `localhost` in req.url on 127.0.0.1). */
export function requestOrigin(req: Request): string {
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host')
  const proto = req.headers.get('x-forwarded-proto') ?? new URL(req.url).protocol.replace(':', '')
  return host ? `${proto}://${host}` : new URL(req.url).origin
}
