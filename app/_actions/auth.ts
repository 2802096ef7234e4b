'use server'

import { headers } from 'next/headers'
import { AuthError } from 'next-auth'
import { SignInRateLimited, signIn, signOut } from '@/auth'
import { db } from '@/lib/db'
import { clientAddress, limitSignUp } from '@/lib/server/edge/rateLimit'
import { assertCleanText } from '@/lib/server/edge/text'
import { isUserError } from '@/lib/server/errors'
import { sessionClaims } from '@/lib/server/session'
import { endSessions, signUp } from '@/lib/server/users'

export interface FormState {
  message?: string
  fieldErrors?: Record<string, string>
  values?: Record<string, string>
}

function safeRedirect(to: FormDataEntryValue | null): string {
  const s = typeof to === 'string' ? to : ''
  // Only same-site relative paths: never an open redirect.
  return /^\/(?!\/)[\w\-/?=&%.]*$/.test(s) ? s : '/dashboard'
}

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const email = String(form.get('email') ?? '')
  try {
    await signIn('credentials', { email, password: String(form.get('password') ?? ''), redirectTo: safeRedirect(form.get('next')) })
    return {}
  } catch (e) {
    if (e instanceof SignInRateLimited) return { message: e.userMessage, values: { email } }
    if (e instanceof AuthError) return { message: 'That email and password do not match an account.', values: { email } }
    throw e // the redirect after a successful sign-in
  }
}

export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? '') }
  try {
    assertCleanText(form)
    await limitSignUp(db(), clientAddress(await headers()))
    await signUp({ ...values, password: String(form.get('password') ?? '') })
  } catch (e) {
    if (isUserError(e)) return { message: e.message, fieldErrors: e.fieldErrors, values }
    throw e
  }
  await signIn('credentials', { email: values.email, password: String(form.get('password') ?? ''), redirectTo: '/dashboard' })
  return {}
}

/** Signs out everywhere: the cookie is cleared here, and every token issued before stops working on any device. */
export async function signOutAction() {
  await endSessions(db(), await sessionClaims())
  await signOut({ redirectTo: '/signin' })
}
