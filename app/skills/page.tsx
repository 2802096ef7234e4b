import Link from 'next/link'
import { db } from '@/lib/db'
import { RULE } from '@/lib/mastery/model'
import { myMastery } from '@/lib/server/mastery'
import { currentActor } from '@/lib/server/session'
import { LocalTime } from '../_components/LocalTime'
import { LevelBadge } from '../_components/LevelBadge'
import { MathText } from '../_components/MathText'
import { ShowUserError } from '../_components/ShowUserError'
import { ResetPractice } from './ResetPractice'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'My skills' }

export default async function SkillsPage({ searchParams }: { searchParams: Promise<{ nothing?: string }> }) {
  const { nothing } = await searchParams
  return ShowUserError(async () => {
    const m = await myMastery(db(), await currentActor())
    return (
      <>
        <h1>My skills</h1>
        {nothing && (
          <div className="alert" role="status">
            There is nothing to practise yet: answer a question first.
          </div>
        )}
        <section className="card" aria-labelledby="next-heading">
          <h2 id="next-heading" style={{ marginTop: 0 }}>
            What to practise next
          </h2>
          {m.next ? (
            <p data-next>
              {m.next.reason}: <MathText as="span" text={m.next.skillLabel} />
              {m.next.mistake && (
                <>
                  {' '}
                  (<MathText as="span" text={m.next.mistake} />, in “{m.next.templateTitle}”)
                </>
              )}
              .
            </p>
          ) : (
            <p>Nothing is due.</p>
          )}
          <p>
            <a className="button" href="/skills/practice">
              Practise what I got wrong
            </a>
          </p>
          <p className="muted small">Practice is not graded. Your first check of each practice question counts toward the levels below.</p>
        </section>

        <section className="card" aria-labelledby="skills-heading">
          <h2 id="skills-heading" style={{ marginTop: 0 }}>
            Skills
          </h2>
          <div className="table-wrap">
            <table data-skills>
              <thead>
                <tr>
                  <th scope="col" className="left">
                    Skill
                  </th>
                  <th scope="col">Level</th>
                  <th scope="col">Right / answered</th>
                  <th scope="col">Right in a row</th>
                  <th scope="col">Next review</th>
                </tr>
              </thead>
              <tbody>
                {m.skills.map((s) => (
                  <tr key={s.id} data-skill={s.id}>
                    <th scope="row" className="left">
                      <MathText as="span" text={s.label} />
                    </th>
                    <td>
                      <LevelBadge level={s.level} />
                    </td>
                    <td>
                      {s.right} / {s.answers}
                    </td>
                    <td>{s.run}</td>
                    <td>{s.reviewDueAt ? (s.reviewDue ? 'due now' : <LocalTime at={s.reviewDueAt} />) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="small">
            <a href="/api/skills" download>
              Download as CSV
            </a>
          </p>
        </section>

        <section className="card" aria-labelledby="mistakes-heading">
          <h2 id="mistakes-heading" style={{ marginTop: 0 }}>
            Mistakes that still come back
          </h2>
          {m.mistakes.length === 0 ? (
            <p>None: no named mistake is open or has come back.</p>
          ) : (
            <ul data-mistakes>
              {m.mistakes.map((x) => (
                <li key={`${x.templateId}-${x.misconceptionId}`}>
                  <MathText as="span" text={x.label} /> in “{x.templateTitle}” (<MathText as="span" text={x.skillLabel} />): made {x.times} {x.times === 1 ? 'time' : 'times'},{' '}
                  {x.open ? `open (${x.cleared} of ${RULE.clearAfter} right answers that close it)` : 'closed'}
                  {x.exampleAttemptId && (
                    <>
                      {' '}
                      · <Link href={`/attempts/${x.exampleAttemptId}`}>see the attempt</Link>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="rule-heading">
          <h2 id="rule-heading" style={{ marginTop: 0 }}>
            How levels are worked out
          </h2>
          <ul>
            {m.rule.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </section>

        <section className="card" aria-labelledby="reset-heading">
          <h2 id="reset-heading" style={{ marginTop: 0 }}>
            Reset practice
          </h2>
          <ResetPractice count={m.practiceAnswers} />
        </section>
      </>
    )
  })
}
