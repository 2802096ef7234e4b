import { redirect } from 'next/navigation'
import { db } from '@/lib/db'
import { linkView } from '@/lib/server/lti/deeplink'
import { currentActor } from '@/lib/server/session'
import { ShowUserError } from '../../../_components/ShowUserError'
import { ActionForm } from '../../../instructor/_components/ActionForm'
import { setLinkAssignmentAction } from '../../actions'

export const dynamic = 'force-dynamic'

/** A link placed in the LMS without an assignment: instructors choose one; students are told to wait. */
export default async function LinkPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return ShowUserError(async () => {
    const v = await linkView(db(), await currentActor(), id)
    if (v.kind === 'ready') redirect(v.role === 'STUDENT' ? `/assignments/${v.assignmentId}` : `/instructor/assignments/${v.assignmentId}`)
    if (v.kind === 'not-set-up') {
      return (
        <div className="card">
          <h1>{v.title || 'LassoLab'}</h1>
          <p>Your instructor has not chosen an assignment for this link yet. Please check back later.</p>
        </div>
      )
    }
    return (
      <>
        <h1>What should “{v.title || 'this link'}” open?</h1>
        {!v.canChoose && <p className="alert">Only an instructor of the course can choose.</p>}
        {v.canChoose && v.assignments.length === 0 && <p className="alert">This course has no assignments yet.</p>}
        {v.canChoose && v.assignments.length > 0 && (
          <ActionForm action={setLinkAssignmentAction} label="Open this assignment">
            <input type="hidden" name="linkId" value={v.id} />
            <label htmlFor="assignmentId">Assignment</label>
            <select id="assignmentId" name="assignmentId" required>
              {v.assignments.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title} ({a.points} points)
                </option>
              ))}
            </select>
            <button type="submit">Use this assignment</button>
          </ActionForm>
        )}
        <p>
          <a href={`/instructor/courses/${v.courseId}`}>Course page</a>
        </p>
      </>
    )
  })
}
