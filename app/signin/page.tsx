import Link from 'next/link'
import { redirect } from 'next/navigation'
import { currentUser } from '@/lib/server/session'
import { SignInForm } from '../_components/AuthForms'

export const metadata = { title: 'Sign in' }

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await currentUser()) redirect('/dashboard')
  const { callbackUrl } = await searchParams
  // Auth.js passes an absolute callbackUrl; keep only its path so redirects stay relative.
  let next = '/dashboard'
  try {
    if (callbackUrl) next = new URL(callbackUrl, 'http://x').pathname
  } catch {}
  return (
    <div className="card" style={{ maxWidth: 520 }}>
      <h1>Sign in</h1>
      <SignInForm next={next} />
      <p className="muted small">
        No account yet? <Link href="/signup">Create one</Link>.
      </p>
    </div>
  )
}
