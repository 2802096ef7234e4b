import Link from 'next/link'
import { db } from '@/lib/db'
import { currentActor } from '@/lib/server/session'
import { attemptView } from '@/lib/server/student'
import { GradeChangeText } from '../../_components/GradeNotes'
import { MathText } from '../../_components/MathText'
import { DataTableView, Derivation, FigureView, ScoreBadge } from '../../_components/QuestionParts'
import { ShowUserError } from '../../_components/ShowUserError'

export const dynamic = 'force-dynamic'

export default async function AttemptPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return ShowUserError(async () => {
    const a = await attemptView(db(), await currentActor(), id)
    const left = Math.max(0, a.maxAttempts - a.attemptsUsed)
    return (
      <>
        <p className="small">
          <Link href={`/assignments/${a.assignmentId}`}>Assignment</Link> › <Link href={`/items/${a.itemId}`}>{a.template.title}</Link> › Attempt {a.number}
        </p>
        <h1>
          {a.exam ? 'Exam answer' : `Attempt ${a.number}`}: {a.score === null ? <span className="badge neutral">score not released</span> : <ScoreBadge score={a.score} />}
        </h1>
        {a.score === null && a.scoreHiddenReason && (
          <p className="alert" role="status">
            {a.scoreHiddenReason}
          </p>
        )}
        {a.gradeChanges.length > 0 && (
          <div className="alert" role="status" data-testid="attempt-grade-changes">
            <ul className="plain">
              {a.gradeChanges.map((c) => (
                <li key={`${c.kind}-${c.at.toISOString()}`}>
                  <GradeChangeText note={c} />
                </li>
              ))}
            </ul>
          </div>
        )}
        {a.late && <p className="alert warn">Submitted after the due date; the late penalty applies.</p>}
        {a.score !== null && a.rawScore !== null && a.score !== a.rawScore && (
          <p className="muted">
            Raw score {Math.round(a.rawScore * 100)}%, {Math.round(a.score * 100)}% after penalties.
          </p>
        )}
        <section className="card" aria-labelledby="fb-heading">
          <h2 id="fb-heading" style={{ marginTop: 0 }}>
            {a.parts.some((p) => p.grade) ? 'Feedback' : 'Your answers'}
          </h2>
          {a.parts.map((p, i) => (
            <div className="part" key={p.id} data-part={p.id}>
              <p>
                <strong>Part {i + 1}</strong>{' '}
                {p.grade && p.grade.score !== null && (
                  <span className={`badge ${p.grade.correct ? 'ok' : p.grade.score > 0 ? 'part' : 'bad'}`}>
                    {p.grade.correct ? (p.grade.carriedForward ? 'correct (carried forward)' : 'correct') : p.grade.score > 0 ? `partial, ${Math.round(p.grade.score * 100)}%` : 'incorrect'}
                  </span>
                )}
              </p>
              <MathText text={p.prompt} />
              {p.givenLabels ? (
                <div>
                  Your answer:{' '}
                  {p.givenLabels.length === 0 ? (
                    '—'
                  ) : (
                    <ul>
                      {p.givenLabels.map((l) => (
                        <li key={l}>
                          <MathText as="span" text={l} />
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ) : (
                <p>
                  Your answer: <code>{Array.isArray(p.given) ? p.given.join(', ') || '(none)' : p.given || '—'}</code>
                </p>
              )}
              {p.mistake && (
                <p className="alert error" data-diagnosis>
                  <strong>Diagnosed mistake:</strong> <MathText as="span" text={p.mistake} />
                </p>
              )}
              {p.grade?.feedback && <MathText text={p.grade.feedback} />}
              {p.correctAnswer !== null && (
                <p data-correct-answer>
                  Correct answer: <code>{p.correctAnswer}</code>
                </p>
              )}
            </div>
          ))}
          <p className="row">
            {!a.exam && left > 0 && a.rawScore !== null && a.rawScore < 1 && (
              <Link className="button" href={`/items/${a.itemId}`}>
                Try again ({left} attempt{left === 1 ? '' : 's'} left)
              </Link>
            )}
            <Link className="button secondary" href={a.exam ? `/exams/${a.assignmentId}` : `/assignments/${a.assignmentId}`}>
              {a.exam ? 'Back to the exam' : 'Back to the assignment'}
            </Link>
          </p>
        </section>
        <section className="card" aria-labelledby="data-heading">
          <h2 id="data-heading" style={{ marginTop: 0 }}>
            The question
          </h2>
          <MathText text={a.intro.statement} />
          {a.intro.table && <DataTableView table={a.intro.table} />}
          {a.intro.figure && <FigureView figure={a.intro.figure} />}
        </section>
        <section aria-labelledby="deriv-heading">
          <h2 id="deriv-heading">Worked derivation with your numbers</h2>
          {a.derivation ? <Derivation steps={a.derivation} /> : <p className="alert warn">{a.derivationHiddenReason}</p>}
        </section>
      </>
    )
  })
}
