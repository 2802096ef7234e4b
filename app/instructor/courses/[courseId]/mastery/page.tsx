import Link from 'next/link'
import { db } from '@/lib/db'
import { LEVEL_LABELS, LEVELS } from '@/lib/mastery/model'
import { classMastery } from '@/lib/server/mastery'
import { currentActor } from '@/lib/server/session'
import { LevelBadge } from '../../../../_components/LevelBadge'
import { MathText } from '../../../../_components/MathText'
import { ShowUserError } from '../../../../_components/ShowUserError'

export const metadata = { title: 'Class mastery' }
export const dynamic = 'force-dynamic'

export default async function ClassMasteryPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params
  return ShowUserError(async () => {
    const g = await classMastery(db(), await currentActor(), courseId)
    return (
      <>
        <p className="small">
          <Link href="/instructor">Teaching</Link> › <Link href={`/instructor/courses/${g.course.id}`}>{g.course.title}</Link> › Class mastery
        </p>
        <h1>Class mastery</h1>
        <p className="muted">
          Each student’s level per skill, from this course’s graded answers and the student’s own practice. Levels:{' '}
          {LEVELS.map((l) => LEVEL_LABELS[l]).join(' → ')}. A named mistake stays open until the student answers right twice on a question where it would have given a
          different answer.
        </p>
        <p className="small">
          <a href={`/api/instructor/courses/${g.course.id}/mastery`} download>
            Download the grid as CSV
          </a>
        </p>
        <section className="card" aria-labelledby="grid-h">
          <h2 id="grid-h" style={{ marginTop: 0 }}>
            Students × skills
          </h2>
          {g.students.length === 0 ? (
            <p className="muted">No students yet.</p>
          ) : (
            // A region that scrolls sideways must be reachable by keyboard (the grid holds no link to tab to).
            // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable region, see above
            <section className="table-wrap" tabIndex={0} aria-label="Students by skills, scrolls sideways">
              <table className="mastery-grid" data-testid="mastery-grid">
                <thead>
                  <tr>
                    <th scope="col" className="left">
                      Student
                    </th>
                    {g.skills.map((s) => (
                      <th scope="col" key={s.id} data-skill={s.id}>
                        <MathText as="span" text={s.label} />
                      </th>
                    ))}
                    <th scope="col">Open mistakes</th>
                  </tr>
                </thead>
                <tbody>
                  {g.students.map((st) => (
                    <tr key={st.userId} data-student={st.email}>
                      <th scope="row" className="left">
                        {st.name}
                      </th>
                      {g.skills.map((s) => (
                        <td key={s.id} data-skill={s.id}>
                          <LevelBadge level={st.levels[s.id]} />
                        </td>
                      ))}
                      <td>{st.open}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </section>
        <h2>What holds the class back, per skill</h2>
        {g.skills.map((s) => (
          <section key={s.id} className="card" aria-labelledby={`sk-${s.id}`} data-testid="skill-mistakes">
            <h3 id={`sk-${s.id}`} style={{ marginTop: 0 }}>
              <MathText as="span" text={s.label} />
            </h3>
            <p className="small muted">{LEVELS.map((l) => `${LEVEL_LABELS[l]}: ${s.counts[l]}`).join(' · ')}</p>
            {s.mistakes.length === 0 ? (
              <p className="muted">No open named mistakes.</p>
            ) : (
              <ul>
                {s.mistakes.map((m) => (
                  <li key={`${m.templateTitle}-${m.label}`}>
                    <MathText as="span" text={m.label} /> in “{m.templateTitle}”: open for {m.students} student{m.students === 1 ? '' : 's'}
                    {m.examples.length > 0 && (
                      <>
                        {' '}
                        · examples:{' '}
                        {m.examples.map((e, i) => (
                          <span key={e.attemptId}>
                            {i > 0 && ', '}
                            <Link href={`/attempts/${e.attemptId}`}>{e.student}</Link>
                          </span>
                        ))}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </>
    )
  })
}
