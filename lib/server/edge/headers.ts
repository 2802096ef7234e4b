/**
 * Security headers for every response the app sends: a nonce-based Content-Security-Policy (Next.js marks its
 * own inline scripts with the nonce it reads from the request's CSP header), who may frame the page, and the
 * usual hardening headers. HSTS only over HTTPS, where a browser honours it.
 */

/**
 * Origins allowed to frame the app's pages, beyond none at all: `FRAME_ANCESTORS` (space-separated origins,
 * e.g. registered LMS origins) plus `extra`. Returns the `frame-ancestors` source list.
 */
export function frameAncestors(extra: readonly string[] = []): string {
  const origins = [...(process.env.FRAME_ANCESTORS ?? '').split(/\s+/), ...extra].filter(isFrameSource)
  return origins.length ? ["'self'", ...new Set(origins)].join(' ') : "'none'"
}

/** An https origin (or 'self'): anything else could widen the policy (a `*`, a scheme, a stray directive). */
function isFrameSource(s: string): boolean {
  return s === "'self'" || /^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(s)
}

/** A fresh nonce for one response (128 random bits, base64). */
export function makeNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
}

/** Whether the client reached us over HTTPS (directly, or through a proxy that says so). */
export function isHttps(url: string, headers: Headers): boolean {
  const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
  return forwarded ? forwarded === 'https' : url.startsWith('https:')
}

export interface HeaderOptions {
  /** The page's script nonce; omit for responses that run no script (JSON). */
  nonce?: string
  https: boolean
  /** More origins allowed to frame this response (see frameAncestors). */
  frameOrigins?: readonly string[]
}

/** The Content-Security-Policy value. KaTeX and the SVG figures put inline `style` attributes on elements. */
export function contentSecurityPolicy({ nonce, https, frameOrigins }: HeaderOptions): string {
  const directives = nonce
    ? [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
        `style-src 'self' 'nonce-${nonce}'`,
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        `frame-ancestors ${frameAncestors(frameOrigins)}`,
      ]
    : ["default-src 'none'", `frame-ancestors ${frameAncestors(frameOrigins)}`]
  if (https) directives.push('upgrade-insecure-requests')
  return directives.join('; ')
}

/** Every security header for one response. */
export function securityHeaders(opts: HeaderOptions): Record<string, string> {
  const framed = frameAncestors(opts.frameOrigins) !== "'none'"
  const h: Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy(opts),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  }
  // Older browsers that ignore frame-ancestors.
  if (!framed) h['X-Frame-Options'] = 'DENY'
  if (opts.https) h['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains'
  return h
}
