import { redirect } from 'next/navigation'
import { currentActor } from '@/lib/server/session'
import { JoinForm } from './JoinForm'

export const metadata = { title: 'Join a course' }

export default async function JoinPage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  if (!(await currentActor())) redirect('/signin?next=/join')
  const { code } = await searchParams
  return (
    <>
      <h1>Join a course</h1>
      <p>Type the join code your instructor gave you. You join as a student; your assignments then appear on your dashboard.</p>
      <JoinForm initialCode={typeof code === 'string' ? code.slice(0, 24) : undefined} />
    </>
  )
}
