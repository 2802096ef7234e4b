import Link from 'next/link'
import { db } from '@/lib/db'
import { courseGradebook } from '@/lib/server/instructor/gradebook'
import { currentActor } from '@/lib/server/session'
import { fmtPoints } from '../../../../_components/format'
import { LocalTime } from '../../../../_components/LocalTime'
import { ShowUserError } from '../../../../_components/ShowUserError'

export const metadata = { title: 'Course gradebook' }
export const dynamic = 'force-dynamic'

const pts = (x: number) => fmtPoints(Math.round(x * 10) / 10)

export default async function CourseGradebookPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params
  return ShowUserError(async () => {
    const g = await courseGradebook(db(), await currentActor(), courseId)
    return (
      <>
        <nav aria-label="Breadcrumb" className="small">
          <Link href="/instructor">Teaching</Link> › <Link href={`/instructor/courses/${g.course.id}`}>{g.course.title}</Link> › Gradebook
        </nav>
        <h1>Gradebook: {g.course.title}</h1>
        <p className="muted">
          {g.rows.length} student{g.rows.length === 1 ? '' : 's'} · {g.assignments.length} assignment{g.assignments.length === 1 ? '' : 's'} · {pts(g.totalPoints)} points.
          Each cell is the points earned (best attempt per question, after penalties); <span className="badge part">late</span> marks late work that counts,{' '}
          <span className="badge neutral">overridden</span> a grade set by hand.
        </p>
        <p className="row">
          <a className="button secondary" href={`/api/instructor/courses/${g.course.id}/gradebook`} download>
            Download course gradebook CSV
          </a>
        </p>
        <div className="table-wrap sticky-first">
          <table data-testid="course-gradebook">
            <caption>Students × assignments (points earned / possible)</caption>
            <thead>
              <tr>
                <th scope="col" className="left">
                  Student
                </th>
                {g.assignments.map((a) => (
                  <th scope="col" key={a.id}>
                    <Link href={`/instructor/assignments/${a.id}/gradebook`}>{a.title}</Link>
                    <div className="small muted">
                      /{pts(a.points)} · due <LocalTime at={a.dueAt} />
                    </div>
                  </th>
                ))}
                <th scope="col">Total /{pts(g.totalPoints)}</th>
                <th scope="col">Percent</th>
              </tr>
            </thead>
            <tbody>
              {g.rows.map((r) => (
                <tr key={r.userId}>
                  <th scope="row" className="left">
                    {r.name || r.email}
                    <div className="small muted">{r.email}</div>
                  </th>
                  {r.cells.map((c) => (
                    <td key={c.assignmentId}>
                      {c.points === null ? (
                        <span className="muted">
                          —<span className="visually-hidden">not attempted</span>
                        </span>
                      ) : (
                        <Link href={`/instructor/assignments/${c.assignmentId}/students/${r.userId}`}>{pts(c.points)}</Link>
                      )}
                      {(c.late || c.overridden) && (
                        <div className="small">
                          {c.late && <span className="badge part">late</span>} {c.overridden && <span className="badge neutral">overridden</span>}
                        </div>
                      )}
                    </td>
                  ))}
                  <td>
                    <strong>{pts(r.total)}</strong>
                  </td>
                  <td>{Math.round(r.fraction * 100)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {g.rows.length === 0 && <p className="card">No students yet. Share the course join code.</p>}
      </>
    )
  })
}
