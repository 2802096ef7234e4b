import Link from 'next/link'
import { db } from '@/lib/db'
import { deletionImpact } from '@/lib/server/instructor/assignments'
import { currentActor } from '@/lib/server/session'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { ActionForm, FieldError } from '../../../_components/ActionForm'
import { deleteAssignmentAction } from '../../actions'

export const metadata = { title: 'Delete assignment' }
export const dynamic = 'force-dynamic'

export default async function DeleteAssignmentPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params
  return ShowUserError(async () => {
    const d = await deletionImpact(db(), await currentActor(), assignmentId)
    return (
      <>
        <nav aria-label="Breadcrumb" className="small">
          <Link href={`/instructor/courses/${d.courseId}`}>{d.courseTitle}</Link> › <Link href={`/instructor/assignments/${d.id}`}>{d.title}</Link> › Delete
        </nav>
        <h1>Delete “{d.title}”?</h1>
        <div className={`alert ${d.attempts > 0 ? 'error' : 'warn'}`}>
          This deletes the assignment, its {d.items} question{d.items === 1 ? '' : 's'}
          {d.attempts > 0 ? `, and ${d.attempts} graded attempt${d.attempts === 1 ? '' : 's'} by ${d.students} student${d.students === 1 ? '' : 's'}` : ''}. It cannot be undone.
          {d.attempts > 0 && ' Download the gradebook and attempts CSV first if you need them.'}
        </div>
        <ActionForm action={deleteAssignmentAction} className="card" label="Confirm deletion">
          <input type="hidden" name="assignmentId" value={d.id} />
          <label htmlFor="confirmTitle">Type the title to confirm: {d.title}</label>
          <input id="confirmTitle" name="confirmTitle" type="text" autoComplete="off" required aria-describedby="confirmTitle-error" />
          <FieldError name="confirmTitle" />
          <p className="row">
            <button type="submit" className="danger">
              Delete permanently
            </button>
            <Link className="button secondary" href={`/instructor/assignments/${d.id}`}>
              Cancel
            </Link>
          </p>
        </ActionForm>
      </>
    )
  })
}
