import Link from 'next/link'
import { db } from '@/lib/db'
import { currentActor } from '@/lib/server/session'
import { assignmentView } from '@/lib/server/student'
import { ItemStatusText, ScoreBadge } from '../../_components/QuestionParts'
import { fmtPoints } from '../../_components/format'
import { LocalTime } from '../../_components/LocalTime'
import { ShowUserError } from '../../_components/ShowUserError'

export default async function AssignmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return ShowUserError(async () => {
    const a = await assignmentView(db(), await currentActor(), id)
    return (
      <>
        <nav aria-label="Breadcrumb" className="small">
          <Link href="/dashboard">Dashboard</Link> › {a.course.title}
        </nav>
        <h1>{a.title}</h1>
        {a.description && <p>{a.description}</p>}
        {a.exam ? (
          <p className="row">
            <span className="muted">
              Exam · closes <LocalTime at={a.dueAt} relative />
              {a.extended && ' (your extension)'}
            </span>
            {a.role === 'STUDENT' && (
              <Link className="button" href={`/exams/${a.id}`}>
                Go to the exam
              </Link>
            )}
          </p>
        ) : (
          <p className="muted">
            Due <LocalTime at={a.dueAt} relative />
            {a.extended && ' (your extension)'} · up to {a.maxAttempts} attempts per question
          </p>
        )}
        <ol className="card" style={{ paddingLeft: 36 }}>
          {a.items.map((i) => (
            <li key={i.id} style={{ margin: '8px 0' }}>
              <div className="row" style={{ justifyContent: 'space-between' }}>
                {a.role === 'STUDENT' && !a.exam ? <Link href={`/items/${i.id}`}>{i.title}</Link> : <span>{i.title}</span>}
                <span className="row small">
                  {fmtPoints(i.points)} points · {i.attempts} attempt{i.attempts === 1 ? '' : 's'}
                  {a.role === 'STUDENT' &&
                    (a.exam && i.attempts > 0 && i.best === null ? (
                      <span className="badge neutral">score not released</span>
                    ) : (
                      <>
                        {' '}
                        · <ItemStatusText status={i.status} />
                        <ScoreBadge score={i.best} />
                        {i.regradedAt && (
                          <span className="badge neutral" data-testid="regraded">
                            Regraded on <LocalTime at={i.regradedAt} />
                          </span>
                        )}
                      </>
                    ))}
                </span>
              </div>
            </li>
          ))}
        </ol>
      </>
    )
  })
}
