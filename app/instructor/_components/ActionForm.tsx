'use client'

import { createContext, type ReactNode, useActionState, useContext } from 'react'

/** What an instructor server action returns to its form. */
export interface FormState {
  ok?: boolean
  message?: string
  fieldErrors?: Record<string, string>
}

const ErrorsContext = createContext<Record<string, string> | undefined>(undefined)

/**
 * A form posting to a server action, showing its message and, through <FieldError name>, the message for each
 * field next to the field. Works without JavaScript as a plain form post.
 */
export function ActionForm({
  action,
  children,
  className,
  label,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>
  children: ReactNode
  className?: string
  label?: string
}) {
  const [state, formAction, pending] = useActionState(action, {})
  return (
    <form action={formAction} className={className} aria-label={label} aria-busy={pending}>
      {state.message && (
        <div className={`alert ${state.ok ? 'ok' : 'error'}`} role={state.ok ? 'status' : 'alert'}>
          {state.message}
        </div>
      )}
      <ErrorsContext.Provider value={state.fieldErrors}>{children}</ErrorsContext.Provider>
    </form>
  )
}

export function FieldError({ name, id }: { name: string; id?: string }) {
  const errors = useContext(ErrorsContext)
  const message = errors?.[name]
  if (!message) return null
  return (
    <p className="field-error" id={id ?? `${name}-error`} role="alert">
      {message}
    </p>
  )
}
