'use client'

import { useActionState } from 'react'
import { acceptInvitationAction } from './actions'

/** The "Accept" button of one invitation (by link token or by id), with the refusal message if any. */
export function AcceptForm({ token, id, label }: { token?: string; id?: string; label: string }) {
  const [state, action, pending] = useActionState(acceptInvitationAction, {})
  return (
    <form action={action} aria-busy={pending}>
      {state.message && (
        <div className="alert error" role="alert">
          {state.message}
        </div>
      )}
      {token && <input type="hidden" name="token" value={token} />}
      {id && <input type="hidden" name="id" value={id} />}
      <button type="submit" disabled={pending}>
        {label}
      </button>
    </form>
  )
}
