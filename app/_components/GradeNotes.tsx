import type { GradeNote } from '@/lib/server/gradeNotes'
import { LocalTime } from './LocalTime'

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`

/**
 * One change of a grade, as its student is told of it: what, when (in the viewer's time zone), and the reason
 * only when it was shared. `attemptNumber` is left out where the attempt is already the subject (its own page).
 */
export function GradeChangeText({ note }: { note: Omit<GradeNote, 'attemptNumber'> & { attemptNumber?: number | null } }) {
  const reason = note.reason ? <>Reason: “{note.reason}”</> : <span className="muted">No reason was shared.</span>
  const from = pct(note.from ?? 0)
  if (note.kind === 'regrade') {
    const on = note.attemptNumber ? ` on attempt ${note.attemptNumber}` : ''
    return (
      <>
        Regraded on <LocalTime at={note.at} />: {note.from === note.to ? `your score${on} stayed at ${pct(note.to)}` : `your score${on} changed from ${from} to ${pct(note.to)}`}.{' '}
        {reason}
      </>
    )
  }
  const what =
    note.kind === 'credit'
      ? `Credit given for this question without an attempt: ${pct(note.to)}.`
      : `${note.attemptNumber ? `Attempt ${note.attemptNumber}: score` : 'Score'} changed from ${from} to ${pct(note.to)}.`
  return (
    <>
      {what} {reason}{' '}
      <span className="muted small">
        (<LocalTime at={note.at} />)
      </span>
    </>
  )
}

/** Grades changed on a question (by hand or by a regrade), as the student is told about them. */
export function GradeNotes({ notes }: { notes: GradeNote[] }) {
  if (notes.length === 0) return null
  return (
    <section className="card" aria-labelledby="grade-notes-heading" data-testid="grade-notes">
      <h2 id="grade-notes-heading" style={{ marginTop: 0 }}>
        {notes.every((n) => n.kind === 'regrade') ? 'Regraded by your instructor' : 'Grade changed by your instructor'}
      </h2>
      <ul className="plain">
        {notes.map((n) => (
          <li key={`${n.kind}-${n.attemptNumber ?? 'credit'}-${n.at.toISOString()}`}>
            <GradeChangeText note={n} />
          </li>
        ))}
      </ul>
    </section>
  )
}
