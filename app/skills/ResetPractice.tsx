'use client'

import { useActionState } from 'react'
import { resetPracticeAction, type ResetState } from './actions'

/** Removes the student's practice answers from their skill levels, after a confirmation tick. */
export function ResetPractice({ count }: { count: number }) {
  const [state, action, pending] = useActionState<ResetState, FormData>(resetPracticeAction, {})
  return (
    <form action={action} aria-label="Reset practice">
      {state.message && (
        <div className={`alert ${state.ok ? 'ok' : 'error'}`} role="status">
          {state.message}
        </div>
      )}
      <p>
        Practice answers counted in your levels: <strong>{count}</strong>. Resetting removes them (your assignment answers stay).
      </p>
      <p className="row">
        <label>
          <input type="checkbox" name="confirm" required /> I want to remove my practice answers
        </label>
        <button type="submit" className="secondary" disabled={pending || count === 0}>
          {pending ? 'Removing…' : 'Reset practice'}
        </button>
      </p>
    </form>
  )
}
