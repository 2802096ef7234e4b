import { randomUUID } from 'node:crypto'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { db } from '@/lib/db'
import { currentActor } from '@/lib/server/session'
import { draftFor } from '@/lib/server/exams'
import { gradeNotes } from '@/lib/server/gradeNotes'
import { openItem } from '@/lib/server/student'
import { AnswerForm } from '../../_components/AnswerForm'
import { partPoints, toClientParts } from '../../_components/clientParts'
import { fmtPoints } from '../../_components/format'
import { GradeNotes } from '../../_components/GradeNotes'
import { LocalTime } from '../../_components/LocalTime'
import { MathText } from '../../_components/MathText'
import { DataTableView, FigureView, ItemStatusText, ScoreBadge } from '../../_components/QuestionParts'
import { ShowUserError } from '../../_components/ShowUserError'

export const dynamic = 'force-dynamic'

export default async function ItemPage({ params }: { params: Promise<{ itemId: string }> }) {
  const { itemId } = await params
  return ShowUserError(async () => {
    const actor = await currentActor()
    const q = await openItem(db(), actor, itemId)
    // Exam questions are answered on the exam page (one countdown, drafts, submitted as a whole).
    if (q.exam) redirect(`/exams/${q.assignment.id}`)
    const draft = actor ? await draftFor(db(), actor.userId, q.item.id, q.variantId) : null
    const notes = await gradeNotes(db(), actor, q.item.id)
    const canSubmit = q.window.open && q.attemptsLeft > 0 && !q.solved
    return (
      <>
        <nav aria-label="Breadcrumb" className="small">
          <Link href="/dashboard">{q.course.title}</Link> › <Link href={`/assignments/${q.assignment.id}`}>{q.assignment.title}</Link> › Question {q.item.position}
        </nav>
        <h1>{q.template.title}</h1>
        <p className="muted small">
          {fmtPoints(q.item.points)} points ·{' '}
          {q.status.closed ? (
            <>
              {q.attemptsUsed} of {q.assignment.maxAttempts} attempts used · <ItemStatusText status={q.status} />
            </>
          ) : (
            <>
              attempt {q.attemptsUsed + 1} of {q.assignment.maxAttempts}
            </>
          )}{' '}
          · due <LocalTime at={q.assignment.dueAt} relative />
          {q.assignment.variantPolicy === 'NEW_PER_ATTEMPT' && ' · each attempt gets a new dataset'}
        </p>
        <section className="card" aria-labelledby="q-heading">
          <h2 id="q-heading" style={{ marginTop: 0 }}>
            Question
          </h2>
          <MathText text={q.intro.statement} />
          {q.intro.table && <DataTableView table={q.intro.table} id="dataset" />}
          {q.intro.figure && <FigureView figure={q.intro.figure} />}
        </section>
        <section className="card" aria-labelledby="a-heading">
          <h2 id="a-heading" style={{ marginTop: 0 }}>
            Your answer
          </h2>
          {q.solved && <div className="alert ok">You solved this question. Your best score counts.</div>}
          {!q.solved && q.attemptsLeft === 0 && <div className="alert warn">You have used every attempt for this question.</div>}
          {q.window.open && q.window.late && canSubmit && <div className="alert warn">The due date has passed: this attempt counts as late.</div>}
          {!q.window.open && <div className="alert warn">{q.window.reason}</div>}
          {canSubmit ? (
            <AnswerForm
              itemId={q.item.id}
              variantId={q.variantId}
              idempotencyKey={randomUUID()}
              parts={toClientParts(q.parts, q.item.points)}
              draft={draft?.answers}
              draftSavedAt={draft?.savedAt.toISOString()}
            />
          ) : (
            q.parts.map((p) => (
              <div key={p.id} className="part">
                <MathText text={p.prompt} />
                <p className="muted small">{fmtPoints(partPoints(q.parts, p, q.item.points))} points</p>
              </div>
            ))
          )}
          <p className="muted small">
            Answers may be decimals (2.5), fractions (12/7), scientific notation (1.2e-3) or simple expressions ((3+4)/2). An answer that cannot be
            read costs no attempt.
          </p>
        </section>
        {q.history.length > 0 && (
          <section className="card" aria-labelledby="h-heading">
            <h2 id="h-heading" style={{ marginTop: 0 }}>
              Your attempts
            </h2>
            <ul className="plain">
              {q.history.map((a) => (
                <li key={a.id} className="row">
                  <Link href={`/attempts/${a.id}`}>Attempt {a.number}</Link>
                  {a.score === null ? <span className="badge neutral">score not released</span> : <ScoreBadge score={a.score} />}
                  {a.late && <span className="badge part">late</span>}
                  <span className="muted small"><LocalTime at={a.submittedAt} /></span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <GradeNotes notes={notes} />
      </>
    )
  })
}
