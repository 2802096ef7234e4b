import { db } from '@/lib/db'
import { listExtensions } from '@/lib/server/instructor/extensions'
import { currentActor } from '@/lib/server/session'
import { LocalDateTimeInput } from '../../../../_components/LocalDateTimeInput'
import { LocalTime } from '../../../../_components/LocalTime'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { ActionForm, FieldError } from '../../../_components/ActionForm'
import { AssignmentNav } from '../../../_components/AssignmentNav'
import { grantExtensionAction, revokeExtensionAction } from '../../actions'

export const metadata = { title: 'Extensions' }
export const dynamic = 'force-dynamic'

export default async function ExtensionsPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params
  return ShowUserError(async () => {
    const x = await listExtensions(db(), await currentActor(), assignmentId)
    const a = x.assignment
    const isInstructor = x.myRole === 'INSTRUCTOR'
    return (
      <>
        <AssignmentNav assignment={{ id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.courseTitle }} current="/extensions" />
        <h1>Extensions</h1>
        <p className="muted">
          The assignment is due <LocalTime at={a.dueAt} />
          {a.lateCutoffAt ? `, with no credit after $<LocalTime at={a.lateCutoffAt} />` : ''}. An extension moves one student’s due date (and their cutoff, if earlier) to a later date.
        </p>
        {x.extensions.length === 0 ? (
          <p className="card">No extensions.</p>
        ) : (
          <ul className="plain card">
            {x.extensions.map((e) => (
              <li key={e.id} className="row" style={{ justifyContent: 'space-between' }}>
                <span>
                  <strong>{e.name}</strong> <span className="muted small">{e.email}</span> · due <LocalTime at={e.dueAt} />
                </span>
                {isInstructor && (
                  <ActionForm action={revokeExtensionAction} label={`Remove the extension of ${e.name}`}>
                    <input type="hidden" name="assignmentId" value={a.id} />
                    <input type="hidden" name="userId" value={e.userId} />
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
          <ActionForm action={grantExtensionAction} className="card" label="Grant an extension">
            <h2 style={{ marginTop: 0 }}>Grant or change an extension</h2>
            <input type="hidden" name="assignmentId" value={a.id} />
            <label htmlFor="userId">Student</label>
            <select id="userId" name="userId" required defaultValue="">
              <option value="" disabled>
                Choose a student
              </option>
              {x.students.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.email})
                </option>
              ))}
            </select>
            <FieldError name="userId" />
            <label htmlFor="dueAt">New due date</label>
            <LocalDateTimeInput id="dueAt" name="dueAt" required describedBy="dueAt-error" />
            <FieldError name="dueAt" />
            <p>
              <button type="submit">Save extension</button>
            </p>
          </ActionForm>
        )}
      </>
    )
  })
}
