import Link from 'next/link'
import { db } from '@/lib/db'
import { templateCatalog } from '@/lib/server/instructor/assignments'
import { courseHome } from '@/lib/server/instructor/courses'
import { deepLinkForBuilder } from '@/lib/server/lti/deeplink'
import { currentActor } from '@/lib/server/session'
import { ShowUserError } from '../../../../../_components/ShowUserError'
import { AssignmentBuilder } from '../../../../_components/AssignmentBuilder'
import { catalogForBuilder, localInput } from '../../../../_components/builderData'

export const metadata = { title: 'New assignment' }
export const dynamic = 'force-dynamic'

/** `?deepLink=<id>`: made from an LMS's "add external tool" dialog; saving leads back to adding it there. */
export default async function NewAssignmentPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams?: Promise<{ deepLink?: string | string[] }> }) {
  const { courseId } = await params
  const deepLink = (await searchParams)?.deepLink
  return ShowUserError(async () => {
    const actor = await currentActor()
    const selection = deepLink === undefined ? null : await deepLinkForBuilder(db(), actor, { deepLinkId: deepLink, courseId })
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
        {selection && (
          <p className="alert" role="note">
            For your LMS course: once you create this assignment, you go back to adding it there, with a grade column worth its points.{' '}
            <Link href={selection.returnTo}>Back to choosing an assignment</Link>
          </p>
        )}
        <AssignmentBuilder
          courseId={course.id}
          deepLinkId={selection?.id}
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
