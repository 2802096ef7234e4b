/** The signed-in actor for the current request (app layer only: reads the Auth.js session cookie). */
import { auth } from '@/auth'
import type { Actor } from './authz'

export async function currentActor(): Promise<Actor> {
  const session = await auth()
  const id = session?.user?.id
  return id ? { userId: id } : null
}

export async function currentUser() {
  const session = await auth()
  return session?.user?.id ? { id: session.user.id, name: session.user.name ?? '', email: session.user.email ?? '' } : null
}
