import Link from 'next/link'
import { db } from '@/lib/db'
import { describeSeconds, examView } from '@/lib/server/exams'
import { currentActor } from '@/lib/server/session'
import { toClientParts } from '../../_components/clientParts'
import { fmtPoints } from '../../_components/format'
import { LocalTime } from '../../_components/LocalTime'
import { MathText } from '../../_components/MathText'
import { DataTableView, ScoreBadge } from '../../_components/QuestionParts'
import { ShowUserError } from '../../_components/ShowUserError'
import { Countdown } from '../_components/Countdown'
import { StartExam, SubmitExam } from '../_components/ExamControls'
import { ExamQuestion } from '../_components/ExamQuestion'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Exam' }

export default async function ExamPage({ params, searchParams }: { params: Promise<{ assignmentId: string }>; searchParams: Promise<{ q?: string }> }) {
  const { assignmentId } = await params
  const { q } = await searchParams
  return ShowUserError(async () => {
    const x = await examView(db(), await currentActor(), assignmentId)
    const r = x.rules
    return (
      <>
        <p className="small">
          <Link href="/dashboard">Dashboard</Link> › {x.assignment.course.title}
        </p>
        <h1>{x.assignment.title}</h1>
        {x.state === 'not-started' && (
          <section className="card" aria-labelledby="rules-h">
            <h2 id="rules-h" style={{ marginTop: 0 }}>
              Before you start
            </h2>
            {x.assignment.description && <p>{x.assignment.description}</p>}
            <ul>
              <li>
                {r.questions} question{r.questions === 1 ? '' : 's'}, {fmtPoints(r.points)} points.
              </li>
              <li>
                You have <strong>{describeSeconds(r.timeLimitSeconds)}</strong> from the moment you start
                {r.closesAt ? <>, and the exam closes on <LocalTime at={r.closesAt} />, whatever time you have left</> : null}.
              </li>
              <li>Your answers are saved as you type. When the time is up, your saved answers are submitted for you, even if you have closed the page.</li>
              <li>{r.perQuestionCheck ? 'You may check each question once during the exam.' : 'The exam is submitted as a whole: there is no checking question by question.'}</li>
              {r.oneAtATime && <li>Questions are shown one at a time; you can move back and forth.</li>}
              <li>You can start only once.</li>
            </ul>
            {x.startRefusal ? <p className="alert warn">{x.startRefusal}</p> : <StartExam assignmentId={x.assignment.id} accessCodeRequired={r.accessCodeRequired} />}
          </section>
        )}
        {x.state === 'sitting' && x.session && (
          <>
            <Countdown assignmentId={x.assignment.id} deadline={x.session.deadlineAt.toISOString()} serverNow={x.serverNow.toISOString()} />
            <p className="muted small">Ends <LocalTime at={x.session.deadlineAt} />. Your answers are saved as you type.</p>
            {(() => {
              const shown = r.oneAtATime ? [x.questions[Math.min(x.questions.length, Math.max(1, Number(q) || 1)) - 1]] : x.questions
              const at = r.oneAtATime ? x.questions.indexOf(shown[0]) : -1
              return (
                <>
                  {shown.map((question) => (
                    <section key={question.id} className="card" aria-labelledby={`q-${question.id}`}>
                      <h2 id={`q-${question.id}`} style={{ marginTop: 0 }}>
                        Question {question.position}: {question.title} <span className="muted small">({fmtPoints(question.points)} points)</span>
                      </h2>
                      <MathText text={question.intro.statement} />
                      {question.intro.table && <DataTableView table={question.intro.table} id={`dataset-${question.position}`} />}
                      <ExamQuestion
                        itemId={question.id}
                        variantId={question.variantId}
                        parts={toClientParts(question.parts)}
                        draft={question.draft}
                        savedAt={question.draftSavedAt ? question.draftSavedAt.toISOString() : null}
                      />
                    </section>
                  ))}
                  {r.oneAtATime && (
                    <nav aria-label="Questions" className="row">
                      {at > 0 && (
                        <Link className="button secondary" href={`/exams/${x.assignment.id}?q=${at}`}>
                          Previous question
                        </Link>
                      )}
                      <span className="muted small">
                        Question {at + 1} of {x.questions.length}
                      </span>
                      {at < x.questions.length - 1 && (
                        <Link className="button secondary" href={`/exams/${x.assignment.id}?q=${at + 2}`}>
                          Next question
                        </Link>
                      )}
                    </nav>
                  )}
                </>
              )
            })()}
            <SubmitExam assignmentId={x.assignment.id} />
          </>
        )}
        {x.state === 'submitted' && x.session && x.results && (
          <section className="card" aria-labelledby="res-h">
            <h2 id="res-h" style={{ marginTop: 0 }}>
              Submitted
            </h2>
            <p data-testid="exam-submitted">
              {x.session.submittedBy === 'DEADLINE' ? 'Your saved answers were submitted when the time was up' : 'You submitted the exam'} (<LocalTime at={x.session.submittedAt} />).
            </p>
            {x.results.total === null ? (
              <p className="alert" role="status" data-testid="exam-score-hidden">
                {x.results.hiddenReason}
              </p>
            ) : (
              <p data-testid="exam-score">
                Score: <strong>{fmtPoints(x.results.total)}</strong> of {fmtPoints(r.points)} points
              </p>
            )}
            <ul className="plain">
              {x.results.items.map((i) => (
                <li key={i.id} className="row" style={{ justifyContent: 'space-between' }}>
                  <span>
                    Question {i.position}: {i.title}
                  </span>
                  <span className="row small">
                    {i.score !== null && <ScoreBadge score={i.score} />}
                    {i.attemptId && <Link href={`/attempts/${i.attemptId}`}>{x.results?.visibility.derivation ? 'Your answers and the solution' : 'Your answers'}</Link>}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </>
    )
  })
}
