import Link from 'next/link'
import { db } from '@/lib/db'
import { templateCatalog } from '@/lib/server/instructor/assignments'
import { courseHome } from '@/lib/server/instructor/courses'
import { currentActor } from '@/lib/server/session'
import { ShowUserError } from '../../../../../_components/ShowUserError'
import { AssignmentBuilder } from '../../../../_components/AssignmentBuilder'
import { catalogForBuilder, localInput } from '../../../../_components/builderData'

export const metadata = { title: 'New assignment' }
export const dynamic = 'force-dynamic'

export default async function NewAssignmentPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params
  return ShowUserError(async () => {
    const actor = await currentActor()
    const catalog = await templateCatalog(db(), actor, courseId)
    const course = await courseHome(db(), actor, courseId)
    const due = new Date(Date.now() + 7 * 86400_000)
    due.setUTCHours(23, 59, 0, 0)
    return (
      <>
        <p className="small">
          <Link href="/instructor">Teaching</Link> › <Link href={`/instructor/courses/${course.id}`}>{course.title}</Link> › New assignment
        </p>
        <h1>New assignment</h1>
        <AssignmentBuilder
          courseId={course.id}
          catalog={catalogForBuilder(catalog)}
          initial={{
            title: '',
            description: '',
            opensAt: '',
            dueAt: localInput(due),
            lateCutoffAt: '',
            latePenaltyPerDay: 0,
            maxAttempts: 3,
            variantPolicy: 'SAME',
            retryPenalty: 0,
            derivationPolicy: 'AFTER_ATTEMPT',
            items: [],
          }}
        />
      </>
    )
  })
}
