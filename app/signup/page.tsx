import Link from 'next/link'
import { SignUpForm } from '../_components/AuthForms'

export const metadata = { title: 'Create an account' }

export default function SignUpPage() {
  return (
    <div className="card" style={{ maxWidth: 520 }}>
      <h1>Create an account</h1>
      <SignUpForm />
      <p className="muted small">
        Already registered? <Link href="/signin">Sign in</Link>.
      </p>
    </div>
  )
}
