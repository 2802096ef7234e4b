import { db } from '@/lib/db'
import { itemStats } from '@/lib/server/instructor/results'
import { currentActor } from '@/lib/server/session'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { AssignmentNav } from '../../../_components/AssignmentNav'
import { BarChart } from '../../../_components/BarChart'

export const metadata = { title: 'Question statistics' }
export const dynamic = 'force-dynamic'

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`)

export default async function StatsPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params
  return ShowUserError(async () => {
    const s = await itemStats(db(), await currentActor(), assignmentId)
    const a = s.assignment
    const label = (i: { position: number; title: string }) => `Q${i.position}`
    return (
      <>
        <AssignmentNav assignment={{ id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.courseTitle }} current="/stats" />
        <h1>Question statistics</h1>
        <p className="muted">
          Over the {s.students} student{s.students === 1 ? '' : 's'} of the course who attempted each question. “Solved” means full marks on some attempt before penalties.
        </p>
        <div className="table-wrap">
          <table data-testid="item-stats">
            <thead>
              <tr>
                <th scope="col" className="left">
                  Question
                </th>
                <th scope="col">Attempted</th>
                <th scope="col">Mean best score</th>
                <th scope="col">Solved</th>
                <th scope="col">Right on first attempt</th>
                <th scope="col">Mean attempts to solve</th>
                <th scope="col">Attempts in all</th>
              </tr>
            </thead>
            <tbody>
              {s.items.map((i) => (
                <tr key={i.id}>
                  <th scope="row" className="left">
                    Q{i.position}. {i.title}
                  </th>
                  <td>
                    {i.attempted} / {i.students}
                  </td>
                  <td>{pct(i.meanScore)}</td>
                  <td>{pct(i.solvedShare)}</td>
                  <td>{pct(i.firstTryShare)}</td>
                  <td>{i.meanAttemptsToSolve === null ? '—' : i.meanAttemptsToSolve.toFixed(1)}</td>
                  <td>{i.totalAttempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="grid2">
          <section className="card" aria-labelledby="c1">
            <h2 id="c1" style={{ marginTop: 0 }}>
              Mean best score
            </h2>
            <BarChart
              title="Mean best score per question, percent"
              description={s.items.map((i) => `${label(i)}: ${pct(i.meanScore)}`).join('; ')}
              max={100}
              width={520}
              bars={s.items.map((i) => ({ label: label(i), value: Math.round((i.meanScore ?? 0) * 100), text: pct(i.meanScore) }))}
            />
          </section>
          <section className="card" aria-labelledby="c2">
            <h2 id="c2" style={{ marginTop: 0 }}>
              Right on the first attempt
            </h2>
            <BarChart
              title="Share right on the first attempt per question, percent"
              description={s.items.map((i) => `${label(i)}: ${pct(i.firstTryShare)}`).join('; ')}
              max={100}
              width={520}
              color="#166534"
              bars={s.items.map((i) => ({ label: label(i), value: Math.round((i.firstTryShare ?? 0) * 100), text: pct(i.firstTryShare) }))}
            />
          </section>
        </div>
      </>
    )
  })
}
