import 'katex/dist/katex.min.css'
import './globals.css'
import type { Metadata, Viewport } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { db } from '@/lib/db'
import { teachesAnyCourse } from '@/lib/server/authz'
import { currentUser } from '@/lib/server/session'
import { signOutAction } from './_actions/auth'
import { MainMenu } from './_components/MainMenu'
import { ScrollCues } from './_components/ScrollCues'

export const metadata: Metadata = {
  title: { default: 'LassoLab', template: '%s · LassoLab' },
  description: 'Auto-graded exercises on OLS, ridge and lasso regression, with diagnosis of mistakes and worked derivations.',
}
export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser()
  const teaches = user ? await teachesAnyCourse(db(), { userId: user.id }) : false
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site">
          <div className="inner">
            <Link className="brand" href={user ? '/dashboard' : '/'}>
              LassoLab
            </Link>
            <MainMenu>
              <ul>
                {user && (
                  <li>
                    <Link href="/dashboard">Dashboard</Link>
                  </li>
                )}
                <li>
                  <Link href="/catalog">Question catalog</Link>
                </li>
                {user && (
                  <li>
                    <Link href="/practice">Practice</Link>
                  </li>
                )}
                {user && (
                  <li>
                    <Link href="/skills">My skills</Link>
                  </li>
                )}
                {teaches && (
                  <li>
                    <Link href="/instructor">Instructor</Link>
                  </li>
                )}
              </ul>
            </MainMenu>
            <div className="who">
              {user ? (
                <>
                  <span className="name">
                    <span className="visually-hidden">Signed in as </span>
                    {user.name || user.email}
                  </span>
                  <form action={signOutAction}>
                    <button type="submit" className="secondary" style={{ color: '#e2e8f0', borderColor: '#94a3b8', minHeight: 36, padding: '4px 12px' }}>
                      Sign out
                    </button>
                  </form>
                </>
              ) : (
                <Link href="/signin">Sign in</Link>
              )}
            </div>
          </div>
        </header>
        <main id="main">{children}</main>
        <ScrollCues />
      </body>
    </html>
  )
}
