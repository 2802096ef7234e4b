import { db } from '@/lib/db'
import { assignmentForEdit, templateCatalog } from '@/lib/server/instructor/assignments'
import { currentActor } from '@/lib/server/session'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { AssignmentBuilder } from '../../../_components/AssignmentBuilder'
import { AssignmentNav } from '../../../_components/AssignmentNav'
import { catalogForBuilder, localInput } from '../../../_components/builderData'

export const metadata = { title: 'Edit assignment' }
export const dynamic = 'force-dynamic'

export default async function EditAssignmentPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params
  return ShowUserError(async () => {
    const actor = await currentActor()
    const a = await assignmentForEdit(db(), actor, assignmentId)
    // Editing is for instructors: the catalog call refuses TAs with a clear message.
    const catalog = await templateCatalog(db(), actor, a.courseId)
    return (
      <>
        <AssignmentNav assignment={{ id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.courseTitle }} current="/edit" />
        <h1>Edit “{a.title}”</h1>
        <AssignmentBuilder
          courseId={a.courseId}
          assignmentId={a.id}
          catalog={catalogForBuilder(catalog)}
          initial={{
            title: a.title,
            description: a.description,
            opensAt: localInput(a.opensAt),
            dueAt: localInput(a.dueAt),
            lateCutoffAt: localInput(a.lateCutoffAt),
            latePenaltyPerDay: a.latePenaltyPerDay,
            maxAttempts: a.maxAttempts,
            variantPolicy: a.variantPolicy,
            retryPenalty: a.retryPenalty,
            derivationPolicy: a.derivationPolicy,
            exam: a.exam,
            items: a.items.map((i) => ({ id: i.id, templateId: i.templateId, params: i.params, points: i.points, tolerance: i.tolerance, attempts: i.attempts, dataset: i.dataset })),
          }}
        />
      </>
    )
  })
}
