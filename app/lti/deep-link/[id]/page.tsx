import Link from 'next/link'
import { db } from '@/lib/db'
import { deepLinkView } from '@/lib/server/lti/deeplink'
import { currentActor } from '@/lib/server/session'
import { ShowUserError } from '../../../_components/ShowUserError'

export const dynamic = 'force-dynamic'

/** One assignment as a form that sends it back to the LMS (the signed LtiDeepLinkingResponse). */
function AddForm({ deepLinkId, a, label, name }: { deepLinkId: string; a: { id: string; title: string; points: number; questions: number }; label: string; name: string }) {
  return (
    <form method="post" action="/api/lti/deep-link" className="row" style={{ justifyContent: 'space-between' }}>
      <input type="hidden" name="deepLinkId" value={deepLinkId} />
      <input type="hidden" name="assignmentId" value={a.id} />
      <span>
        <strong>{a.title}</strong> · {a.questions} question{a.questions === 1 ? '' : 's'} · {a.points} points
      </span>
      <button type="submit" aria-label={name}>
        {label}
      </button>
    </form>
  )
}

/**
 * Deep linking: the instructor picks what the LMS link opens, or makes a new assignment in the builder and comes
 * back here with it chosen (`?chosen=`); the grade column gets the assignment's points.
 */
export default async function DeepLinkPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ chosen?: string | string[] }> }) {
  const { id } = await params
  const { chosen } = await searchParams
  return ShowUserError(async () => {
    const v = await deepLinkView(db(), await currentActor(), id, new Date(), chosen)
    return (
      <>
        <h1>Add LassoLab to your LMS course</h1>
        {v.chosen && (
          <section className="card" aria-labelledby="dl-new">
            <h2 id="dl-new" style={{ marginTop: 0 }}>
              Your new assignment is saved
            </h2>
            <p>Send it to your LMS course: the LMS adds a link to it and a grade column worth its points.</p>
            <AddForm deepLinkId={v.id} a={v.chosen} label="Add to the LMS" name={`Add to the LMS: ${v.chosen.title}`} />
          </section>
        )}
        <p>
          {v.chosen ? 'Or choose another assignment' : 'Choose the assignment'} of <strong>{v.course.title}</strong> this link opens. Your LMS gets a grade
          column worth the assignment’s points, and LassoLab sends each student’s score to it.
        </p>
        {v.assignments.length === 0 ? (
          !v.chosen && <p className="alert">This course has no assignments yet.</p>
        ) : (
          <ul className="plain" style={{ listStyle: 'none', padding: 0 }}>
            {v.assignments.map((a) => (
              <li key={a.id} className="card">
                <AddForm deepLinkId={v.id} a={a} label="Add" name={`Add ${a.title}`} />
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link href={v.newAssignmentUrl}>Create a new assignment</Link> in the builder: once it is saved, you come back here to add it.
        </p>
      </>
    )
  })
}
