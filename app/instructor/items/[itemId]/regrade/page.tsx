import Link from 'next/link'
import { db } from '@/lib/db'
import { planRegrade } from '@/lib/server/instructor/regrade'
import { currentActor } from '@/lib/server/session'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { ActionForm, FieldError } from '../../../_components/ActionForm'
import { applyRegradeAction, setToleranceAction } from '../../../assignments/actions'

export const metadata = { title: 'Regrade' }
export const dynamic = 'force-dynamic'

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`

const count = (v: string | string[] | undefined) => (typeof v === 'string' && /^\d{1,7}$/.test(v) ? Number(v) : null)

export default async function RegradePage({ params, searchParams }: { params: Promise<{ itemId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { itemId } = await params
  const sp = await searchParams
  const applied = count(sp.changed)
  return ShowUserError(async () => {
    const p = await planRegrade(db(), await currentActor(), { itemId })
    return (
      <>
        <nav aria-label="Breadcrumb" className="small">
          <Link href={`/instructor/courses/${p.item.courseId}`}>{p.item.courseTitle}</Link> ›{' '}
          <Link href={`/instructor/assignments/${p.item.assignmentId}`}>{p.item.assignmentTitle}</Link> › Q{p.item.position} › Regrade
        </nav>
        <h1>
          Regrade Q{p.item.position}: {p.template.title}
        </h1>
        <p className="muted">
          Every attempt is graded again from its stored dataset seed and answers with the current template (version {p.template.version}), this question’s tolerance and the
          assignment’s current penalties. Nothing changes until you apply it; every change is recorded with your name and reason.
        </p>
        {p.datasets.length > 0 && (
          <p className="small" data-testid="regrade-datasets">
            Data: each student’s variant is recomputed from the rows it was made from:{' '}
            {p.datasets.map((d, k) => (
              <span key={`${d.datasetId}-${d.version}`}>
                {k > 0 && '; '}
                <Link href={`/instructor/datasets/${d.datasetId}?version=${d.version}`}>
                  {d.name}, version {d.version}
                </Link>{' '}
                ({d.attempts} attempt{d.attempts === 1 ? '' : 's'})
              </span>
            ))}
            .
          </p>
        )}
        {applied !== null && (
          <div className="alert ok" role="status">
            Regrade applied: {applied} attempt{applied === 1 ? '' : 's'} changed, {count(sp.unchanged) ?? 0} unchanged
            {count(sp.kept) ? `, ${count(sp.kept)} kept their manual override` : ''}. Each change is recorded with your name and reason (see the student drill-down).
          </div>
        )}
        <section className="card" aria-labelledby="tol-h">
          <h2 id="tol-h" style={{ marginTop: 0 }}>
            Answer tolerance
          </h2>
          <p className="small">
            Now: {p.tolerance ? `relative ${p.tolerance.rel}, absolute ${p.tolerance.abs}` : 'the template default'}. A numeric answer a is right when |a − correct| ≤ max(relative ·
            |correct|, absolute). Leave both empty for the default.
          </p>
          <ActionForm action={setToleranceAction} label="Answer tolerance">
            <input type="hidden" name="itemId" value={p.item.id} />
            <div className="row">
            <label htmlFor="rel" style={{ margin: 0 }}>
              Relative
            </label>
            <input id="rel" name="rel" type="text" inputMode="decimal" defaultValue={p.tolerance?.rel ?? ''} style={{ width: 120 }} placeholder="0.001" />
            <label htmlFor="abs" style={{ margin: 0 }}>
              Absolute
            </label>
            <input id="abs" name="abs" type="text" inputMode="decimal" defaultValue={p.tolerance?.abs ?? ''} style={{ width: 120 }} placeholder="1e-6" />
            <button type="submit" className="secondary">
              Save tolerance
            </button>
            </div>
            <FieldError name="rel" />
            <FieldError name="abs" />
          </ActionForm>
        </section>
        <section className="card" aria-labelledby="diff-h">
          <h2 id="diff-h" style={{ marginTop: 0 }}>
            What a regrade would change
          </h2>
          <p>
            {p.attempts} attempt{p.attempts === 1 ? '' : 's'}: <strong data-testid="regrade-changed">{p.changes.length} would change</strong>, {p.unchanged} stay the same
            {p.overridden.length > 0 && `, ${p.overridden.length} keep their manual override`}.
          </p>
          {p.changes.length > 0 && (
            <>
              <div className="table-wrap">
                <table data-testid="regrade-diff">
                  <thead>
                    <tr>
                      <th scope="col" className="left">
                        Student
                      </th>
                      <th scope="col">Attempt</th>
                      <th scope="col">Score now</th>
                      <th scope="col">After regrade</th>
                      <th scope="col" className="left">
                        Parts
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.changes.map((c) => (
                      <tr key={c.attemptId}>
                        <td className="left">
                          {c.student} <span className="muted small">{c.email}</span>
                        </td>
                        <td>
                          <Link href={`/attempts/${c.attemptId}`}>{c.number}</Link>
                        </td>
                        <td>{pct(c.from.score)}</td>
                        <td>
                          <strong>{pct(c.to.score)}</strong>
                        </td>
                        <td className="left small">
                          {Object.keys(c.to.parts)
                            .filter((k) => JSON.stringify(c.from.parts[k]) !== JSON.stringify(c.to.parts[k]))
                            .map((k) => `${k}: ${c.from.parts[k]?.correct ? 'right' : (c.from.parts[k]?.diagnosis ?? 'wrong')} → ${c.to.parts[k].correct ? 'right' : (c.to.parts[k].diagnosis ?? 'wrong')}`)
                            .join('; ') || (c.from.late !== c.to.late ? `late: ${c.from.late} → ${c.to.late}` : 'penalty')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <ActionForm action={applyRegradeAction} label="Apply the regrade">
                <input type="hidden" name="itemId" value={p.item.id} />
                <input type="hidden" name="planHash" value={p.planHash} />
                <label htmlFor="reason">Reason (kept in the audit log and shown with each change)</label>
                <input id="reason" name="reason" type="text" required minLength={3} maxLength={1000} placeholder="e.g. Tolerance widened to 2%: rounding in the data table" />
                <FieldError name="reason" />
                <label>
                  <input type="checkbox" name="shareReason" /> Show the reason to the affected students (they are always told that their score was regraded)
                </label>
                <p>
                  <button type="submit">Apply to {p.changes.length} attempt{p.changes.length === 1 ? '' : 's'}</button>
                </p>
              </ActionForm>
            </>
          )}
        </section>
      </>
    )
  })
}
