import { headers } from 'next/headers'
import { db } from '@/lib/db'
import { courseCreationPolicy, requireSiteAdmin } from '@/lib/server/lti/admin'
import { moodleToolSettings } from '@/lib/server/lti/config'
import { listToolKeys } from '@/lib/server/lti/keys'
import { listPlatforms } from '@/lib/server/lti/platforms'
import { toolBaseUrl, toolUrls } from '@/lib/server/lti/urls'
import { currentActor } from '@/lib/server/session'
import { LocalTime } from '../../_components/LocalTime'
import { ShowUserError } from '../../_components/ShowUserError'
import { ActionForm, FieldError } from '../../instructor/_components/ActionForm'
import { deletePlatformAction, rotateKeyAction, savePlatformAction, setCourseCreationAction } from './actions'

export const dynamic = 'force-dynamic'

/** Site administration: LMS platform registrations, the tool's URLs and keys, who may create courses. */
export default async function LtiAdminPage() {
  return ShowUserError(async () => {
    const actor = await currentActor()
    await requireSiteAdmin(db(), actor)
    const h = await headers()
    const host = h.get('x-forwarded-host') ?? h.get('host')
    const base = toolBaseUrl(host ? `${h.get('x-forwarded-proto') ?? 'http'}://${host}` : undefined)
    const urls = toolUrls(base)
    const [platforms, keys, policy] = await Promise.all([listPlatforms(db(), actor), listToolKeys(db()), courseCreationPolicy(db())])
    const field = (name: string, label: string, hint?: string) => (
      <p>
        <label htmlFor={name}>{label}</label>
        <input id={name} name={name} required={name !== 'tokenAudience'} style={{ width: '100%' }} />
        {hint && <span className="small">{hint}</span>}
        <FieldError name={name} />
      </p>
    )
    return (
      <>
        <h1>LMS integration (LTI 1.3)</h1>
        <section className="card" aria-labelledby="urls-h">
          <h2 id="urls-h">LassoLab’s URLs</h2>
          <table>
            <tbody>
              <tr>
                <th scope="row" className="left">OIDC login initiation</th>
                <td className="left"><code>{urls.login}</code></td>
              </tr>
              <tr>
                <th scope="row" className="left">Launch / redirect URI / target link URI</th>
                <td className="left"><code>{urls.launch}</code></td>
              </tr>
              <tr>
                <th scope="row" className="left">Public keys (JWKS)</th>
                <td className="left"><code>{urls.jwks}</code></td>
              </tr>
              <tr>
                <th scope="row" className="left">Canvas developer key (Enter URL)</th>
                <td className="left"><code>{urls.canvasConfig}</code></td>
              </tr>
            </tbody>
          </table>
          <h3>Moodle: “configure a tool manually”</h3>
          <table>
            <tbody>
              {moodleToolSettings(base).map((r) => (
                <tr key={r.label}>
                  <th scope="row" className="left">{r.label}</th>
                  <td className="left"><code>{r.value}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="card" aria-labelledby="platforms-h">
          <h2 id="platforms-h">Registered platforms</h2>
          {platforms.length === 0 && <p>No LMS is registered yet.</p>}
          <ul>
            {platforms.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong>: issuer <code>{p.issuer}</code>, client id <code>{p.clientId}</code>, deployments{' '}
                {p.deployments.map((d) => d.deploymentId).join(', ')}
                <ActionForm action={deletePlatformAction} label={`Remove ${p.name}`}>
                  <input type="hidden" name="id" value={p.id} />
                  <button type="submit" className="secondary">Remove</button>
                </ActionForm>
              </li>
            ))}
          </ul>
          <h3>Register a platform</h3>
          <ActionForm action={savePlatformAction} label="Register a platform">
            {field('name', 'Name', 'e.g. “Canvas” or “Moodle”')}
            {field('issuer', 'Issuer (iss / Platform ID)')}
            {field('clientId', 'Client id')}
            {field('deploymentIds', 'Deployment ids', 'one or more, separated by spaces or commas')}
            {field('authUrl', 'OIDC authorization URL')}
            {field('tokenUrl', 'Access token URL')}
            {field('jwksUrl', 'Public keyset (JWKS) URL')}
            {field('tokenAudience', 'Token audience (optional)', 'only if the LMS names one; otherwise the token URL is used')}
            <button type="submit">Register</button>
          </ActionForm>
        </section>

        <section className="card" aria-labelledby="keys-h">
          <h2 id="keys-h">Signing keys</h2>
          <ul>
            {keys.map((k) => (
              <li key={k.kid}>
                <code>{k.kid}</code> · {k.status.toLowerCase()} · made <LocalTime at={k.createdAt} />
                {k.publishUntil && <> · published until <LocalTime at={k.publishUntil} /></>}
              </li>
            ))}
          </ul>
          <ActionForm action={rotateKeyAction} label="Rotate the signing key">
            <button type="submit" className="secondary">Rotate the signing key (the old one stays published for 7 days)</button>
          </ActionForm>
        </section>

        <section className="card" aria-labelledby="cc-h">
          <h2 id="cc-h">Who may create courses</h2>
          <ActionForm action={setCourseCreationAction} label="Who may create courses">
            <p>
              <label htmlFor="policy">Policy</label>
              <select id="policy" name="policy" defaultValue={policy.policy}>
                <option value="ANYONE">Anyone signed in</option>
                <option value="LISTED">Only the emails listed below (and site admins)</option>
                <option value="ADMINS">Only site admins</option>
              </select>
            </p>
            <p>
              <label htmlFor="emails">Emails</label>
              <textarea id="emails" name="emails" rows={3} defaultValue={policy.emails.join('\n')} style={{ width: '100%' }} />
            </p>
            <button type="submit">Save</button>
          </ActionForm>
        </section>
      </>
    )
  })
}
