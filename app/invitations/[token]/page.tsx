import Link from 'next/link'
import { db } from '@/lib/db'
import { isUserError } from '@/lib/server/errors'
import { invitationView } from '@/lib/server/instructor/invitations'
import { currentActor } from '@/lib/server/session'
import { LocalTime } from '../../_components/LocalTime'
import { AcceptForm } from '../AcceptForm'

export const metadata = { title: 'Invitation' }

const ROLE_WORDS = { STUDENT: 'a student', TA: 'a teaching assistant', INSTRUCTOR: 'an instructor' } as const

/** An invitation link: the invited person (signed in with the invited email) sees the course and accepts. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params
  let view: Awaited<ReturnType<typeof invitationView>>
  try {
    view = await invitationView(db(), await currentActor(), { token })
  } catch (e) {
    if (!isUserError(e)) throw e
    return (
      <div className="card" style={{ maxWidth: 560 }}>
        <h1>Invitation</h1>
        <div className="alert error" role="alert">
          {e.message}
        </div>
        <p>
          <Link href="/dashboard">Go to your dashboard</Link>
        </p>
      </div>
    )
  }
  return (
    <div className="card" style={{ maxWidth: 560 }}>
      <h1>Join {view.course.title}</h1>
      <p>
        You are invited to join <strong>{view.course.title}</strong> as {ROLE_WORDS[view.role]}. The invitation is valid until{' '}
        <LocalTime at={view.expiresAt} />.
      </p>
      <AcceptForm token={token} label="Accept and join" />
    </div>
  )
}
