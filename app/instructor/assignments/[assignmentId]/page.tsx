import Link from 'next/link'
import { db } from '@/lib/db'
import { assignmentForEdit } from '@/lib/server/instructor/assignments'
import { copyTargets } from '@/lib/server/instructor/copy'
import { currentActor } from '@/lib/server/session'
import { fmtPoints } from '../../../_components/format'
import { LocalTime } from '../../../_components/LocalTime'
import { ShowUserError } from '../../../_components/ShowUserError'
import { ActionForm, FieldError } from '../../_components/ActionForm'
import { AssignmentNav } from '../../_components/AssignmentNav'
import { copyAssignmentAction } from '../actions'

export const dynamic = 'force-dynamic'

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`

export default async function AssignmentOverview({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params
  return ShowUserError(async () => {
    const actor = await currentActor()
    const a = await assignmentForEdit(db(), actor, assignmentId)
    const targets = await copyTargets(db(), actor, assignmentId)
    const isInstructor = a.myRole === 'INSTRUCTOR'
    const total = a.items.reduce((s, i) => s + i.points, 0)
    return (
      <>
        <AssignmentNav assignment={{ id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.courseTitle }} current="" />
        <h1>{a.title}</h1>
        {a.description && <p>{a.description}</p>}
        {isInstructor && (
          <p className="row">
            <Link className="button" href={`/instructor/assignments/${a.id}/edit`}>
              Edit assignment
            </Link>
            <Link className="button secondary" href={`/instructor/assignments/${a.id}/delete`}>
              Delete…
            </Link>
          </p>
        )}
        {a.exam && (
          <p className="alert" data-testid="exam-kind">
            This is an exam ({Math.round(a.exam.timeLimitMinutes * 100) / 100} minutes).{' '}
            <Link href={`/instructor/assignments/${a.id}/exam`}>Sittings, release of results and accommodations</Link>
          </p>
        )}
        <section className="card" aria-labelledby="pol-h">
          <h2 id="pol-h" style={{ marginTop: 0 }}>
            Dates and policies
          </h2>
          <ul>
            <li>Opens: {a.opensAt ? <LocalTime at={a.opensAt} /> : 'now'}</li>
            <li>Due: <LocalTime at={a.dueAt} relative /></li>
            <li>
              Late work: {a.latePenaltyPerDay > 0 ? `${pct(a.latePenaltyPerDay)} off per day late` : 'no daily penalty'}
              {a.lateCutoffAt && (
                <>
                  ; no credit after <LocalTime at={a.lateCutoffAt} />
                </>
              )}
            </li>
            <li>
              Attempts: up to {a.maxAttempts} per question, {a.variantPolicy === 'NEW_PER_ATTEMPT' ? 'a new dataset each attempt' : 'the same dataset each attempt'}
              {a.retryPenalty > 0 ? `, ${pct(a.retryPenalty)} off per retry` : ', no penalty per retry'}
            </li>
            <li>Worked derivations: {a.derivationPolicy === 'AFTER_DUE' ? 'only after the due date' : 'after each attempt'}</li>
          </ul>
        </section>
        <section className="card" aria-labelledby="items-h">
          <h2 id="items-h" style={{ marginTop: 0 }}>
            Questions ({fmtPoints(total)} points)
          </h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col" className="left">
                    Template
                  </th>
                  <th scope="col">Points</th>
                  <th scope="col" className="left">
                    Tolerance
                  </th>
                  <th scope="col">Attempts</th>
                  <th scope="col" className="left">
                    Actions
                  </th>
                </tr>
              </thead>
              <tbody>
                {a.items.map((i) => (
                  <tr key={i.id}>
                    <td>{i.position}</td>
                    <td className="left">
                      {i.title}
                      <div className="muted small">
                        <code>{i.templateId}</code>
                      </div>
                      {i.dataset && (
                        <div className="small">
                          Data: <Link href={`/instructor/datasets/${i.dataset.datasetId}?version=${i.dataset.version}`}>{i.dataset.name}, version {i.dataset.version}</Link>
                        </div>
                      )}
                    </td>
                    <td>{fmtPoints(i.points)}</td>
                    <td className="left small">{i.tolerance ? `rel ${i.tolerance.rel}, abs ${i.tolerance.abs}` : 'default'}</td>
                    <td>{i.attempts}</td>
                    <td className="left small">
                      <Link href={`/instructor/assignments/${a.id}/preview?item=${i.id}`}>preview</Link>
                      {isInstructor && (
                        <>
                          {' · '}
                          <Link href={`/instructor/items/${i.id}/regrade`}>tolerance &amp; regrade</Link>
                          {i.takesData && (
                            <>
                              {' · '}
                              <Link href={`/instructor/items/${i.id}/data`} aria-label={`Data of question ${i.position}`}>
                                data
                              </Link>
                            </>
                          )}
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card" aria-labelledby="exp-h">
          <h2 id="exp-h" style={{ marginTop: 0 }}>
            Export
          </h2>
          <ul>
            <li>
              <a href={`/api/instructor/assignments/${a.id}/gradebook`} download>
                Gradebook (CSV)
              </a>
            </li>
            <li>
              <a href={`/api/instructor/assignments/${a.id}/attempts`} download>
                All attempts (CSV)
              </a>
            </li>
            <li>
              <a href={`/api/instructor/courses/${a.courseId}/canvas`} download>
                Course grades for Canvas import (CSV)
              </a>
            </li>
            <li>
              <Link href={`/instructor/assignments/${a.id}/lms`}>Grades sent to the LMS (LTI)</Link>
            </li>
          </ul>
        </section>
        {targets.length > 0 && (
          <section className="card" aria-labelledby="copy-h">
            <h2 id="copy-h" style={{ marginTop: 0 }}>
              Copy to a course
            </h2>
            <p className="small muted">
              Copies the questions, their parameters, points and tolerances, the dates and the policies; no student work. You can edit the copy before students see it.
            </p>
            <ActionForm action={copyAssignmentAction} label="Copy this assignment">
              <input type="hidden" name="assignmentId" value={a.id} />
              <div className="grid2">
                <div>
                  <label htmlFor="copy-course">Course</label>
                  <select id="copy-course" name="courseId" defaultValue={targets.find((t) => !t.current)?.id ?? targets[0].id} aria-describedby="courseId-error">
                    {targets.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.title}
                        {t.current ? ' (this course)' : ''}
                      </option>
                    ))}
                  </select>
                  <FieldError name="courseId" />
                </div>
                <div>
                  <label htmlFor="copy-title">Title of the copy (optional)</label>
                  <input id="copy-title" name="title" type="text" maxLength={200} placeholder={a.title} aria-describedby="title-error" />
                  <FieldError name="title" />
                </div>
              </div>
              <p>
                <button type="submit" className="secondary">
                  Copy assignment
                </button>
              </p>
            </ActionForm>
          </section>
        )}
      </>
    )
  })
}
