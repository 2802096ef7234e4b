import Link from 'next/link'
import { db } from '@/lib/db'
import { deepLinkView } from '@/lib/server/lti/deeplink'
import { currentActor } from '@/lib/server/session'
import { ShowUserError } from '../../../_components/ShowUserError'

export const dynamic = 'force-dynamic'

/** Deep linking: the instructor picks what the LMS link opens; the grade column gets the assignment's points. */
export default async function DeepLinkPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return ShowUserError(async () => {
    const v = await deepLinkView(db(), await currentActor(), id)
    return (
      <>
        <h1>Add LassoLab to your LMS course</h1>
        <p>
          Choose the assignment of <strong>{v.course.title}</strong> this link opens. Your LMS gets a grade column worth the assignment’s points, and
          LassoLab sends each student’s score to it.
        </p>
        {v.assignments.length === 0 ? (
          <p className="alert">This course has no assignments yet.</p>
        ) : (
          <ul className="plain" style={{ listStyle: 'none', padding: 0 }}>
            {v.assignments.map((a) => (
              <li key={a.id} className="card">
                <form method="post" action="/api/lti/deep-link" className="row" style={{ justifyContent: 'space-between' }}>
                  <input type="hidden" name="deepLinkId" value={v.id} />
                  <input type="hidden" name="assignmentId" value={a.id} />
                  <span>
                    <strong>{a.title}</strong> · {a.questions} question{a.questions === 1 ? '' : 's'} · {a.points} points
                  </span>
                  <button type="submit" aria-label={`Add ${a.title}`}>
                    Add
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link href={`/instructor/courses/${v.course.id}/assignments/new`}>Create a new assignment</Link>, then come back to this page and reload it.
        </p>
      </>
    )
  })
}
