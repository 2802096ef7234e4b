import Link from 'next/link'
import { db } from '@/lib/db'
import { misconceptionReport } from '@/lib/server/instructor/results'
import { currentActor } from '@/lib/server/session'
import { MathText } from '../../../../_components/MathText'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { AssignmentNav } from '../../../_components/AssignmentNav'
import { BarChart } from '../../../_components/BarChart'

export const metadata = { title: 'Misconceptions' }
export const dynamic = 'force-dynamic'

const plain = (s: string) => s.replace(/\$([^$]*)\$/g, '$1').replace(/\\[a-z]+\{?|[{}_^]/gi, '')

export default async function MisconceptionsPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params
  return ShowUserError(async () => {
    const r = await misconceptionReport(db(), await currentActor(), assignmentId)
    const a = r.assignment
    return (
      <>
        <AssignmentNav assignment={{ id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.courseTitle }} current="/misconceptions" />
        <h1>What students misunderstand</h1>
        <p className="muted">
          For each question: how many students made each named mistake in at least one attempt, out of those who attempted it, with links to examples. A student can make
          several mistakes.
        </p>
        {r.items.map((item) => {
          const seen = item.mistakes.filter((m) => m.students > 0)
          return (
            <section key={item.id} className="card" aria-labelledby={`m-${item.id}`} data-testid="misconception-item">
              <h2 id={`m-${item.id}`} style={{ marginTop: 0 }}>
                Q{item.position}. {item.title}
              </h2>
              <p className="muted small">
                {item.attempted} of {r.students} student{r.students === 1 ? '' : 's'} attempted it.
              </p>
              {seen.length === 0 ? (
                <p className="muted">{item.attempted === 0 ? 'No attempts yet.' : 'No wrong answers so far.'}</p>
              ) : (
                <BarChart
                  title={`Students per mistake, question ${item.position}`}
                  description={seen.map((m) => `${plain(m.label)}: ${m.students} students`).join('; ')}
                  max={Math.max(1, item.attempted)}
                  color="#991b1b"
                  bars={seen.map((m) => ({ label: plain(m.label), value: m.students, text: `${m.students} of ${item.attempted}` }))}
                />
              )}
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col" className="left">
                        Mistake
                      </th>
                      <th scope="col">Students</th>
                      <th scope="col">Attempts</th>
                      <th scope="col" className="left">
                        Examples
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {item.mistakes.map((m) => (
                      <tr key={m.id ?? 'other'} className={m.students === 0 ? 'muted' : undefined} data-mistake={m.id ?? 'other'}>
                        <td className="left">
                          <MathText as="span" text={m.label} />
                          {item.multiPart && m.partNumber && <span className="muted small"> (part {m.partNumber})</span>}
                          {m.description && m.students > 0 && (
                            <details>
                              <summary className="small">what it means</summary>
                              <MathText text={m.description} className="small" />
                            </details>
                          )}
                        </td>
                        <td>{m.students}</td>
                        <td>{m.attempts}</td>
                        <td className="left small">
                          {m.examples.map((e, i) => (
                            <span key={e.attemptId}>
                              {i > 0 && ', '}
                              <Link href={`/attempts/${e.attemptId}`}>
                                {e.student} (attempt {e.number})
                              </Link>
                            </span>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )
        })}
      </>
    )
  })
}
