'use client'

import { createContext, type ReactNode, useActionState, useContext, useEffect, useRef } from 'react'

/** What an instructor server action returns to its form. */
export interface FormState {
  ok?: boolean
  message?: string
  fieldErrors?: Record<string, string>
  /** Lines shown under the message (e.g. one per imported row, or one per wrong line of a file). */
  list?: string[]
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
  const form = useRef<HTMLFormElement>(null)
  const typed = useRef<FormData | null>(null)
  // React resets a form once its action returns; after a refusal, put back what was typed so nothing is lost.
  useEffect(() => {
    if (state.ok === false && form.current && typed.current) restoreFields(form.current, typed.current)
  }, [state])
  return (
    <form
      ref={form}
      action={formAction}
      onSubmit={(e) => {
        typed.current = new FormData(e.currentTarget)
      }}
      className={className}
      aria-label={label}
      aria-busy={pending}
    >
      {state.message && (
        // Long links in a message (invitations) wrap instead of widening a phone's page.
        <div className={`alert ${state.ok ? 'ok' : 'error'}`} role={state.ok ? 'status' : 'alert'} style={{ overflowWrap: 'anywhere' }}>
          {state.message}
          {state.list && state.list.length > 0 && (
            <ul className="small" data-testid="form-list">
              {state.list.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorsContext.Provider value={state.fieldErrors}>{children}</ErrorsContext.Provider>
    </form>
  )
}

/** Puts submitted values back into a form's visible fields (hidden inputs come from the page). */
function restoreFields(form: HTMLFormElement, data: FormData) {
  const seen = new Map<string, number>()
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) || !el.name) continue
    if (el instanceof HTMLInputElement && (el.type === 'hidden' || el.type === 'submit' || el.type === 'file')) continue
    const values = data.getAll(el.name).map(String)
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
      el.checked = values.includes(el.value)
    } else if (el instanceof HTMLSelectElement && el.multiple) {
      for (const o of Array.from(el.options)) o.selected = values.includes(o.value)
    } else {
      const i = seen.get(el.name) ?? 0
      seen.set(el.name, i + 1)
      if (values[i] !== undefined) el.value = values[i]
    }
  }
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
