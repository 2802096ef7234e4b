import Link from 'next/link'
import { forbidden, notFound, redirect } from 'next/navigation'
import type { ReactNode } from 'react'
import { isUserError } from '@/lib/server/errors'

/** Renders a page, turning a UserError from lib/server into a clear message (never a stack trace). */
export async function ShowUserError(render: () => Promise<ReactNode>): Promise<ReactNode> {
  try {
    return await render()
  } catch (e) {
    if (!isUserError(e)) throw e
    if (e.code === 'unauthenticated') redirect('/signin')
    if (e.code === 'not-found') notFound()
    if (e.code === 'forbidden') forbidden()
    return (
      <div className="card">
        <h1>Not available</h1>
        <div className="alert error" role="alert">
          {e.message}
        </div>
        <p>
          <Link href="/dashboard">Back to your dashboard</Link>
        </p>
      </div>
    )
  }
}
