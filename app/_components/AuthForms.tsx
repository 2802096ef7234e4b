'use client'

import { useActionState } from 'react'
import { type FormState, signInAction, signUpAction } from '../_actions/auth'

function FieldError({ id, msg }: { id: string; msg?: string }) {
  return msg ? (
    <p className="field-error" id={id}>
      {msg}
    </p>
  ) : null
}

export function SignInForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, {})
  return (
    <form action={action} noValidate>
      {state.message && (
        <div className="alert error" role="alert">
          {state.message}
        </div>
      )}
      <input type="hidden" name="next" value={next ?? '/dashboard'} />
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      <p>
        <button type="submit" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </p>
    </form>
  )
}

export function SignUpForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(signUpAction, {})
  const fe = state.fieldErrors ?? {}
  return (
    <form action={action} noValidate>
      {state.message && (
        <div className="alert error" role="alert">
          {state.message}
        </div>
      )}
      <label htmlFor="name">Name</label>
      <input id="name" name="name" type="text" autoComplete="name" required defaultValue={state.values?.name} aria-describedby="name-err" aria-invalid={!!fe.name} />
      <FieldError id="name-err" msg={fe.name} />
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} aria-describedby="email-err" aria-invalid={!!fe.email} />
      <FieldError id="email-err" msg={fe.email} />
      <label htmlFor="password">Password (at least 8 characters)</label>
      <input id="password" name="password" type="password" autoComplete="new-password" required aria-describedby="password-err" aria-invalid={!!fe.password} />
      <FieldError id="password-err" msg={fe.password} />
      <p>
        <button type="submit" disabled={pending}>
          {pending ? 'Creating account…' : 'Create account'}
        </button>
      </p>
    </form>
  )
}
