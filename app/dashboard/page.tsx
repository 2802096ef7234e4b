import Link from 'next/link'
import { db } from '@/lib/db'
import { pendingInvitations } from '@/lib/server/instructor/invitations'
import { dashboard } from '@/lib/server/student'
import { currentActor } from '@/lib/server/session'
import { fmtPoints } from '../_components/format'
import { LocalTime } from '../_components/LocalTime'
import { AcceptForm } from '../invitations/AcceptForm'

export const metadata = { title: 'Dashboard' }

const CLOSED_TEXT = {
  solved: 'Closed: every question solved',
  'no-attempts-left': 'Closed: no attempts left',
  'deadline-passed': 'Closed: the deadline has passed',
  'not-open-yet': 'Not open yet',
  finished: 'Closed: nothing left to submit',
} as const

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ joined?: string }> }) {
  const actor = await currentActor()
  const [courses, invitations] = await Promise.all([dashboard(db(), actor), pendingInvitations(db(), actor)])
  const { joined } = await searchParams
  const joinedCourse = joined ? courses.find((c) => c.courseId === joined) : undefined
  return (
    <>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h1>Your courses</h1>
        <Link className="button secondary" href="/join">
          Join a course
        </Link>
      </div>
      {joinedCourse && (
        <div className="alert ok" role="status">
          You joined {joinedCourse.title}. Its assignments are listed below.
        </div>
      )}
      {invitations.length > 0 && (
        <section className="card" aria-labelledby="invitations">
          <h2 id="invitations" style={{ marginTop: 0 }}>
            Invitations
          </h2>
          <ul className="plain">
            {invitations.map((i) => (
              <li key={i.id} className="row" style={{ justifyContent: 'space-between' }}>
                <span>
                  {i.course.title} <span className="badge neutral">{i.role.toLowerCase()}</span>{' '}
                  <span className="muted small">until <LocalTime at={i.expiresAt} /></span>
                </span>
                <AcceptForm id={i.id} label={`Accept ${i.course.title}`} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {courses.length === 0 && (
        <div className="card">
          <p>You are not enrolled in any course yet. Ask your instructor for a join code.</p>
        </div>
      )}
      {courses.map((c) => (
        <section key={c.courseId} className="card" aria-labelledby={`course-${c.courseId}`}>
          <h2 id={`course-${c.courseId}`} style={{ marginTop: 0 }}>
            {c.title} <span className="badge neutral">{c.role.toLowerCase()}</span>
            {c.role !== 'STUDENT' && (
              <>
                {' '}
                <Link className="small" href={`/instructor/courses/${c.courseId}`}>
                  Teach
                </Link>
              </>
            )}
          </h2>
          {c.assignments.length === 0 ? (
            <p className="muted">No assignments yet.</p>
          ) : (
            <ul className="plain">
              {c.assignments.map((a) => {
                const frac = a.total > 0 && a.earned !== null ? a.earned / a.total : 0
                return (
                  <li key={a.id}>
                    <div className="row" style={{ justifyContent: 'space-between' }}>
                      <Link href={`/assignments/${a.id}`}>{a.title}</Link>
                      <span className="muted small">
                        Due <LocalTime at={a.dueAt} relative />
                        {a.extended && ' (your extension)'}
                      </span>
                    </div>
                    {c.role === 'STUDENT' && a.earned === null && <div className="small muted">Exam: results not released yet · {a.attempted} of {a.items} questions answered</div>}
                    {c.role === 'STUDENT' && a.earned !== null && (
                      <div className="row small">
                        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(frac * 100)} aria-label={`Score so far in ${a.title}`}>
                          <span style={{ width: `${Math.round(frac * 100)}%` }} />
                        </div>
                        <span>
                          {fmtPoints(a.earned)} / {fmtPoints(a.total)} points · {a.attempted} of {a.items} questions attempted
                        </span>
                        <span data-testid="attempts-left">
                          {a.closed ? (
                            <span className="badge neutral">{CLOSED_TEXT[a.closed]}</span>
                          ) : (
                            <>
                              {a.attemptsLeft} attempt{a.attemptsLeft === 1 ? '' : 's'} left on {a.openItems} open question{a.openItems === 1 ? '' : 's'}
                            </>
                          )}
                        </span>
                      </div>
                    )}
                  </li>
                )
              })}
            </ul>
          )}
        </section>
      ))}
      {courses.every((c) => c.role === 'STUDENT') && (
        <p className="muted small">
          Teaching a course? <Link href="/instructor">Create it here</Link>.
        </p>
      )}
    </>
  )
}
