/** Small HTML pages for the LTI protocol steps (no React: they are answers to LMS form posts). */
import { makeNonce, securityHeaders } from '@/lib/server/edge/headers'
import type { LaunchError } from '@/lib/server/lti/errors'

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.4rem}button{font:inherit;padding:.5rem 1rem;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;border-radius:.3rem;cursor:pointer}
button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}.muted{color:#4b5563}`

/** Who may frame these pages: the registered LMS origins (see lib/server/lti/frame). */
export interface Framing {
  frameOrigins: string[]
  https: boolean
}

function page(title: string, body: (nonce: string) => string, status: number, f: Framing, postsTo?: string): Response {
  const nonce = makeNonce()
  const headers = securityHeaders({ nonce, https: f.https, frameOrigins: f.frameOrigins })
  // A page that form-posts back to the LMS must allow that origin as a form target.
  if (postsTo) headers['Content-Security-Policy'] = headers['Content-Security-Policy'].replace("form-action 'self'", `form-action 'self' ${new URL(postsTo).origin}`)
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)} · LassoLab</title><style nonce="${nonce}">${STYLE}</style></head><body><main>${body(nonce)}</main></body></html>`
  return new Response(html, {
    status,
    headers: { ...headers, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  })
}

export function launchErrorPage(e: LaunchError, f: Framing): Response {
  const status = e.code === 'platform-unreachable' ? 502 : e.code === 'not-set-up' ? 409 : 400
  return page(e.title, () => `<h1>${esc(e.title)}</h1><p>${esc(e.message)}</p><p class="muted">Nothing was recorded. If this keeps happening, tell your instructor or LMS administrator (reason: ${esc(e.code)}).</p>`, status, f)
}

export function unexpectedErrorPage(f: Framing): Response {
  return page('Something went wrong', () => '<h1>Something went wrong on our side</h1><p>Nothing was recorded. Open the link from your LMS again in a moment.</p>', 500, f)
}

/**
 * After a verified launch: exchange the single-use ticket for a session. Inside the LMS frame the form is
 * submitted in place when the browser accepts LassoLab's cookies there; otherwise (third-party cookies blocked)
 * the page offers to continue in a new window, which uses the same ticket, so the launch is kept.
 */
export function continuePage(ticket: string, f: Framing): Response {
  const body = (nonce: string) => `<h1 id="lti-title">Opening LassoLab…</h1>
<form id="lti-continue" method="post" action="/api/lti/session"><input type="hidden" name="ticket" value="${esc(ticket)}">
<noscript><button type="submit">Continue</button></noscript></form>
<div id="lti-blocked" hidden><p>Your browser does not let LassoLab keep you signed in inside this frame of your LMS.
Your launch is kept: continue it in a new window.</p>
<p><button type="submit" form="lti-continue" formtarget="_blank" id="lti-new-window">Open LassoLab in a new window</button></p></div>
<p id="lti-opened" hidden role="status">LassoLab is open in a new window. You can come back to your LMS here when you are done.</p>
<script nonce="${nonce}">(function(){var inFrame=window.top!==window.self;var secure=location.protocol==='https:';
document.cookie='lti_probe=1; path=/; max-age=60'+(secure?'; SameSite=None; Secure; Partitioned':'; SameSite=Lax');
var ok=document.cookie.indexOf('lti_probe=1')!==-1;
if(!inFrame||ok){document.getElementById('lti-continue').submit();return}
document.getElementById('lti-title').textContent='Continue in a new window';document.getElementById('lti-blocked').hidden=false;
document.getElementById('lti-continue').addEventListener('submit',function(){setTimeout(function(){
document.getElementById('lti-blocked').hidden=true;document.getElementById('lti-opened').hidden=false},0)})})()</script>`
  return page('Opening LassoLab', body, 200, f)
}

/** Deep linking: the signed response form-posted back to the LMS. */
export function autoPostPage(action: string, fields: Record<string, string>, f: Framing): Response {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('')
  return page('Returning to your LMS', (nonce) => `<h1>Returning to your LMS…</h1><form id="lti-return" method="post" action="${esc(action)}">${inputs}<button type="submit">Continue</button></form><script nonce="${nonce}">document.getElementById('lti-return').submit()</script>`, 200, f, action)
}
