import { db } from '@/lib/db'
import { describeSeconds, examStatusForStaff, FLAG_LABELS, listAccommodations, MOMENT_LABELS, REVIEW_FLAGS, REVIEW_MOMENTS } from '@/lib/server/exams'
import { currentActor } from '@/lib/server/session'
import { LocalDateTimeInput } from '../../../../_components/LocalDateTimeInput'
import { LocalTime } from '../../../../_components/LocalTime'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { ActionForm, FieldError } from '../../../_components/ActionForm'
import { AssignmentNav } from '../../../_components/AssignmentNav'
import { cancelReleaseAction, grantAccommodationAction, releaseExamAction, revokeAccommodationAction } from '../../exam-actions'

export const metadata = { title: 'Exam' }
export const dynamic = 'force-dynamic'

export default async function ExamStaffPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params
  return ShowUserError(async () => {
    const actor = await currentActor()
    const x = await examStatusForStaff(db(), actor, assignmentId)
    const acc = await listAccommodations(db(), actor, assignmentId)
    const a = x.assignment
    const isInstructor = x.myRole === 'INSTRUCTOR'
    return (
      <>
        <AssignmentNav assignment={{ id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.courseTitle }} current="other" />
        <h1>Exam: {a.title}</h1>
        <section className="card" aria-labelledby="ex-h">
          <h2 id="ex-h" style={{ marginTop: 0 }}>
            Sitting
          </h2>
          <ul>
            <li>Time limit: {describeSeconds(x.timeLimitSeconds)}</li>
            <li>
              Window: opens {a.opensAt ? <LocalTime at={a.opensAt} /> : 'now'}, closes <LocalTime at={a.dueAt} />
            </li>
            <li>Access code: {x.accessCode ? <code>{x.accessCode}</code> : 'none'}</li>
            <li>{x.oneAtATime ? 'One question at a time' : 'All questions on one page'}</li>
            <li>{x.perQuestionCheck ? 'Students may check each question during the exam' : 'Submitted as a whole'}</li>
            <li data-testid="exam-counts">
              {x.sitting} sitting now · {x.submitted} submitted ({x.submittedAtDeadline} at the deadline by the server)
            </li>
          </ul>
        </section>
        <section className="card" aria-labelledby="rel-h">
          <h2 id="rel-h" style={{ marginTop: 0 }}>
            Results
          </h2>
          <p data-testid="release-state">
            {x.released ? (
              <>
                Released <LocalTime at={x.releaseAt} />.
              </>
            ) : x.releaseAt ? (
              <>
                Release scheduled for <LocalTime at={x.releaseAt} />.
              </>
            ) : (
              'Not released: students do not see what the review options keep for after release.'
            )}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Students see</th>
                  {REVIEW_MOMENTS.map((m) => (
                    <th scope="col" key={m}>
                      {MOMENT_LABELS[m]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {REVIEW_FLAGS.map((f) => (
                  <tr key={f}>
                    <th scope="row">{FLAG_LABELS[f]}</th>
                    {REVIEW_MOMENTS.map((m) => (
                      <td key={m}>{x.review[m][f] ? 'yes' : 'no'}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {isInstructor && !x.released && (
            <ActionForm action={releaseExamAction} label="Release the results">
              <input type="hidden" name="assignmentId" value={a.id} />
              <label htmlFor="at">Release on (leave empty to release now)</label>
              <LocalDateTimeInput id="at" name="at" describedBy="at-error" />
              <FieldError name="at" />
              <p>
                <button type="submit">Release results</button>
              </p>
            </ActionForm>
          )}
          {isInstructor && !x.released && x.releaseAt && (
            <ActionForm action={cancelReleaseAction} label="Cancel the scheduled release">
              <input type="hidden" name="assignmentId" value={a.id} />
              <button type="submit" className="secondary">
                Cancel the scheduled release
              </button>
            </ActionForm>
          )}
        </section>
        <section className="card" aria-labelledby="acc-h">
          <h2 id="acc-h" style={{ marginTop: 0 }}>
            Accommodations
          </h2>
          {acc.accommodations.length === 0 ? (
            <p>No accommodations.</p>
          ) : (
            <ul className="plain">
              {acc.accommodations.map((r) => (
                <li key={r.id} className="row" style={{ justifyContent: 'space-between' }}>
                  <span>
                    <strong>{r.name}</strong> <span className="muted small">{r.email}</span> · time ×{r.timeMultiplier}
                    {r.extraSeconds ? ` + ${describeSeconds(r.extraSeconds)}` : ''}
                    {r.opensAt ? <> · opens <LocalTime at={r.opensAt} /></> : ''}
                    {r.closesAt ? <> · closes <LocalTime at={r.closesAt} /></> : ''}
                  </span>
                  {isInstructor && (
                    <ActionForm action={revokeAccommodationAction} label={`Remove the accommodation of ${r.name}`}>
                      <input type="hidden" name="assignmentId" value={a.id} />
                      <input type="hidden" name="userId" value={r.userId} />
                      <button type="submit" className="secondary">
                        Remove
                      </button>
                    </ActionForm>
                  )}
                </li>
              ))}
            </ul>
          )}
          {isInstructor && (
            <ActionForm action={grantAccommodationAction} label="Grant an accommodation">
              <h3>Grant or change an accommodation</h3>
              <input type="hidden" name="assignmentId" value={a.id} />
              <label htmlFor="userId">Student</label>
              <select id="userId" name="userId" required defaultValue="">
                <option value="" disabled>
                  Choose a student
                </option>
                {acc.students.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.email})
                  </option>
                ))}
              </select>
              <FieldError name="userId" />
              <div className="grid2">
                <div>
                  <label htmlFor="timeMultiplier">Time multiplier (1.5 = 50% more)</label>
                  <input id="timeMultiplier" name="timeMultiplier" type="number" min={1} max={5} step="any" defaultValue="1" />
                  <FieldError name="timeMultiplier" />
                </div>
                <div>
                  <label htmlFor="extraMinutes">Extra minutes</label>
                  <input id="extraMinutes" name="extraMinutes" type="number" min={0} step="any" defaultValue="0" />
                  <FieldError name="extraMinutes" />
                </div>
                <div>
                  <label htmlFor="opensAt">Own window opens (optional)</label>
                  <LocalDateTimeInput id="opensAt" name="opensAt" describedBy="opensAt-error" />
                  <FieldError name="opensAt" />
                </div>
                <div>
                  <label htmlFor="closesAt">Own window closes (optional)</label>
                  <LocalDateTimeInput id="closesAt" name="closesAt" describedBy="closesAt-error" />
                  <FieldError name="closesAt" />
                </div>
              </div>
              <p>
                <button type="submit">Save accommodation</button>
              </p>
            </ActionForm>
          )}
        </section>
      </>
    )
  })
}
