import Link from 'next/link'
import { db } from '@/lib/db'
import { courseLtiStatus } from '@/lib/server/lti/nrps'
import { currentActor } from '@/lib/server/session'
import { LocalTime } from '../../../../_components/LocalTime'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { syncRosterAction } from '../../../../lti/actions'
import { ActionForm } from '../../../_components/ActionForm'

export const dynamic = 'force-dynamic'

/** The course's LMS link: roster sync (also runs daily) and who has left the LMS course. */
export default async function CourseLmsPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params
  return ShowUserError(async () => {
    const { course, contexts } = await courseLtiStatus(db(), await currentActor(), courseId)
    return (
      <>
        <nav aria-label="Breadcrumb" className="small">
          <Link href="/instructor">Teaching</Link> › <Link href={`/instructor/courses/${course.id}`}>{course.title}</Link> › LMS
        </nav>
        <h1>LMS course: {course.title}</h1>
        {contexts.length === 0 && <p>This course is not linked to an LMS course. It is linked when an instructor first opens LassoLab from the LMS.</p>}
        {contexts.map((c) => (
          <section className="card" key={c.id}>
            <h2 style={{ marginTop: 0 }}>{c.title}</h2>
            <p>Roster last synced: <LocalTime at={c.rosterSyncedAt} empty="never" /></p>
            {c.left.length > 0 && (
              <p>
                Left the LMS course (their work is kept): {c.left.join(', ')}
              </p>
            )}
          </section>
        ))}
        {contexts.some((c) => c.hasRoster) && (
          <ActionForm action={syncRosterAction} label="Sync roster from the LMS">
            <input type="hidden" name="courseId" value={courseId} />
            <button type="submit">Sync roster from the LMS</button>
          </ActionForm>
        )}
      </>
    )
  })
}
