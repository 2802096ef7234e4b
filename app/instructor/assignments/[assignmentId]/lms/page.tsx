import { db } from '@/lib/db'
import { passbackStatus } from '@/lib/server/lti/outbox'
import { currentActor } from '@/lib/server/session'
import { LocalTime } from '../../../../_components/LocalTime'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { resendPassbackAction } from '../../../../lti/actions'
import { ActionForm } from '../../../_components/ActionForm'
import { AssignmentNav } from '../../../_components/AssignmentNav'

export const dynamic = 'force-dynamic'

const LABEL: Record<string, string> = { SENT: 'sent', PENDING: 'waiting to send', RETRYING: 'retrying', FAILED: 'failed' }

/** Grade sync to the LMS: per student, what was sent, what is waiting, what failed and why; "send again". */
export default async function LmsPassbackPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params
  return ShowUserError(async () => {
    const { assignment, rows } = await passbackStatus(db(), await currentActor(), assignmentId)
    return (
      <>
        <AssignmentNav assignment={assignment} current="other" />
        <h1>Grades sent to the LMS</h1>
        {rows.length === 0 ? (
          <p>No grades for this assignment have gone to an LMS: it is not linked to an LMS grade column, or nobody has submitted yet.</p>
        ) : (
          <div style={{ overflowX: 'auto' }}>
            <table>
              <thead>
                <tr>
                  <th scope="col" className="left">
                    Student
                  </th>
                  <th scope="col" className="left">
                    Status
                  </th>
                  <th scope="col">Score sent</th>
                  <th scope="col">Last sent</th>
                  <th scope="col" className="left">
                    LMS message
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-status={r.status}>
                    <th scope="row" className="left">
                      {r.student}
                    </th>
                    <td className="left">
                      {LABEL[r.status] ?? r.status}
                      {r.tries > 0 && ` (${r.tries} tries)`}
                    </td>
                    <td>{r.sentScore ?? '—'}</td>
                    <td><LocalTime at={r.sentAt} empty="—" /></td>
                    <td className="left">{r.lastError ?? ''}</td>
                    <td>
                      {r.status !== 'PENDING' && (
                        <ActionForm action={resendPassbackAction} label={`Send ${r.student}'s grade again`}>
                          <input type="hidden" name="id" value={r.id} />
                          <input type="hidden" name="assignmentId" value={assignmentId} />
                          <button type="submit" className="secondary">
                            Send again
                          </button>
                        </ActionForm>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    )
  })
}
