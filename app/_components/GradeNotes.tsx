import type { GradeNote } from '@/lib/server/gradeNotes'
import { LocalTime } from './LocalTime'

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`

/** Grades changed by hand on a question, as the student is told about them. */
export function GradeNotes({ notes }: { notes: GradeNote[] }) {
  if (notes.length === 0) return null
  return (
    <section className="card" aria-labelledby="grade-notes-heading" data-testid="grade-notes">
      <h2 id="grade-notes-heading" style={{ marginTop: 0 }}>
        Grade changed by your instructor
      </h2>
      <ul className="plain">
        {notes.map((n) => (
          <li key={`${n.attemptNumber ?? 'credit'}-${n.at.toISOString()}`}>
            {n.attemptNumber === null ? (
              <>Credit given for this question without an attempt: {pct(n.to)}.</>
            ) : (
              <>
                Attempt {n.attemptNumber}: score changed from {pct(n.from ?? 0)} to {pct(n.to)}.
              </>
            )}{' '}
            {n.reason ? <>Reason: “{n.reason}”</> : <span className="muted">No reason was shared.</span>}{' '}
            <span className="muted small">
              (<LocalTime at={n.at} />)
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
