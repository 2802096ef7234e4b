import { db } from '@/lib/db'
import { isUserError } from '@/lib/server/errors'
import { startTargetedPractice } from '@/lib/server/mastery'
import { currentActor } from '@/lib/server/session'

/** A relative redirect: whatever host name the app is reached by, the browser stays on it. */
const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'private, no-store' } })

/** "Practise what I got wrong": picks the next practice variant and redirects to it. */
export async function GET() {
  try {
    const pick = await startTargetedPractice(db(), await currentActor())
    return seeOther(pick.href)
  } catch (e) {
    if (!isUserError(e)) throw e
    return seeOther(e.code === 'unauthenticated' ? '/signin' : '/skills?nothing=1')
  }
}
