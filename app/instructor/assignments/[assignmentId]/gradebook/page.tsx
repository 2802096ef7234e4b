import Link from 'next/link'
import { db } from '@/lib/db'
import { gradebook } from '@/lib/server/instructor/results'
import { currentActor } from '@/lib/server/session'
import { fmtPoints } from '../../../../_components/format'
import { LocalTime } from '../../../../_components/LocalTime'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { AssignmentNav } from '../../../_components/AssignmentNav'
import { BarChart } from '../../../_components/BarChart'

export const metadata = { title: 'Gradebook' }
export const dynamic = 'force-dynamic'

export default async function GradebookPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params
  return ShowUserError(async () => {
    const g = await gradebook(db(), await currentActor(), assignmentId)
    const a = g.assignment
    // Distribution of totals in 10% bins, for the chart.
    const bins = Array.from({ length: 10 }, (_, i) => ({ label: `${i * 10}–${i === 9 ? 100 : i * 10 + 9}%`, value: 0 }))
    for (const r of g.rows) bins[Math.min(9, Math.floor(r.fraction * 10))].value++
    return (
      <>
        <AssignmentNav assignment={{ id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.courseTitle }} current="/gradebook" />
        <h1>Gradebook</h1>
        <p className="muted">
          {g.rows.length} student{g.rows.length === 1 ? '' : 's'} · {g.items.length} questions · {fmtPoints(g.totalPoints)} points · due <LocalTime at={a.dueAt} relative />. Each cell is the best
          attempt (after penalties); <span className="badge part">late</span> marks a counted attempt submitted after the student’s due date,{' '}
          <span className="badge neutral">overridden</span> a score set by hand (an attempt’s score changed, or credit given without an attempt).
        </p>
        <p className="row">
          <a className="button secondary" href={`/api/instructor/assignments/${a.id}/gradebook`} download>
            Download gradebook CSV
          </a>
          <a className="button secondary" href={`/api/instructor/assignments/${a.id}/attempts`} download>
            Download all attempts CSV
          </a>
          <a className="button secondary" href={`/api/instructor/courses/${a.courseId}/canvas`} download>
            Canvas grade import CSV
          </a>
        </p>
        <div className="table-wrap">
          <table data-testid="gradebook">
            <caption>Students × questions (points earned / possible)</caption>
            <thead>
              <tr>
                <th scope="col" className="left">
                  Student
                </th>
                {g.items.map((i) => (
                  <th scope="col" key={i.id} title={i.title}>
                    Q{i.position}
                    <div className="small muted">/{fmtPoints(i.points)}</div>
                  </th>
                ))}
                <th scope="col">Total</th>
                <th scope="col">%</th>
              </tr>
            </thead>
            <tbody>
              {g.rows.map((r) => (
                <tr key={r.userId}>
                  <th scope="row" className="left">
                    <Link href={`/instructor/assignments/${a.id}/students/${r.userId}`}>{r.name || r.email}</Link>
                    <div className="small muted">{r.email}</div>
                    {r.extensionDue && <div className="small">extension to <LocalTime at={r.extensionDue} /></div>}
                  </th>
                  {r.cells.map((c) => (
                    <td key={c.itemId}>
                      {c.score === null ? (
                        <span className="muted" title="not attempted">
                          —
                        </span>
                      ) : (
                        <>
                          <span data-testid="cell-points">{fmtPoints(Math.round(c.points * 10) / 10)}</span>
                          <div className="small muted">
                            {c.attempts} att.{c.late && <span className="badge part"> late</span>}
                            {c.overridden && (
                              <span className="badge neutral" data-testid="cell-overridden">
                                {' '}
                                {c.credited ? 'credit given' : 'overridden'}
                              </span>
                            )}
                          </div>
                        </>
                      )}
                    </td>
                  ))}
                  <td>
                    <strong>{fmtPoints(Math.round(r.total * 10) / 10)}</strong>
                  </td>
                  <td>{Math.round(r.fraction * 100)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {g.rows.length === 0 && <p className="card">No students yet. Share the course join code.</p>}
        {g.rows.length > 0 && (
          <section className="card" aria-labelledby="dist-h">
            <h2 id="dist-h" style={{ marginTop: 0 }}>
              Distribution of totals
            </h2>
            <BarChart
              title="Students by total score"
              description={bins.map((b) => `${b.label}: ${b.value}`).join('; ')}
              bars={bins.map((b) => ({ label: b.label, value: b.value }))}
            />
          </section>
        )}
      </>
    )
  })
}
