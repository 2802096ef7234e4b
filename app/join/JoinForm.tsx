'use client'

import { useActionState } from 'react'
import { type JoinState, joinCourseAction } from './actions'

export function JoinForm({ initialCode }: { initialCode?: string }) {
  const [state, action, pending] = useActionState<JoinState, FormData>(joinCourseAction, { code: initialCode })
  const error = state.fieldErrors?.code
  return (
    <form action={action} className="card" aria-busy={pending}>
      {state.message && (
        <div className="alert error" role="alert">
          {state.message}
        </div>
      )}
      <label htmlFor="code">Join code</label>
      <input
        id="code"
        name="code"
        type="text"
        required
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        defaultValue={state.code}
        placeholder="e.g. REG-101"
        aria-invalid={!!error}
        aria-describedby={error ? 'code-error' : undefined}
      />
      {error && (
        <p className="field-error" id="code-error">
          {error}
        </p>
      )}
      <p>
        <button type="submit" disabled={pending}>
          {pending ? 'Joining…' : 'Join the course'}
        </button>
      </p>
    </form>
  )
}
