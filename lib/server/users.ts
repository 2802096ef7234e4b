/** Accounts: sign-up and password verification (argon2id via @node-rs/argon2). */
import { hash, verify } from '@node-rs/argon2'
import { z } from 'zod'
import { type Db, db as defaultDb } from '@/lib/db'
import { UserError, fieldErrorsOf, isUniqueViolation } from './errors'

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid email address.' }))
export const signUpSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(100, 'A name has at most 100 characters.'),
  email: emailSchema,
  password: z.string().min(8, 'A password has at least 8 characters.').max(200, 'A password has at most 200 characters.'),
})
const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) })

export function hashPassword(password: string): Promise<string> {
  return hash(password)
}

// Verifying against a fixed hash when the email is unknown keeps both failures equally slow.
let dummyHash: Promise<string> | undefined

/** The user whose email and password match, or null (never says which of the two was wrong). */
export async function verifyCredentials(raw: unknown, db: Db = defaultDb()) {
  const parsed = credentialsSchema.safeParse(raw)
  if (!parsed.success) return null
  const user = await db.user.findUnique({ where: { email: parsed.data.email } })
  if (!user) {
    dummyHash ??= hash('not-a-real-password')
    await verify(await dummyHash, parsed.data.password)
    return null
  }
  return (await verify(user.passwordHash, parsed.data.password)) ? user : null
}

export async function signUp(raw: unknown, db: Db = defaultDb()) {
  const parsed = signUpSchema.safeParse(raw)
  if (!parsed.success) throw new UserError('invalid', 'Please correct the marked fields.', fieldErrorsOf(parsed.error.issues))
  const { name, email, password } = parsed.data
  try {
    return await db.user.create({ data: { name, email, passwordHash: await hashPassword(password) } })
  } catch (e) {
    if (isUniqueViolation(e)) throw new UserError('conflict', 'An account with this email already exists. Sign in instead.', { email: 'Already registered.' })
    throw e
  }
}

/** True when the user exists and their session version is still the token's (one primary-key lookup). */
export async function sessionIsCurrent(db: Db, userId: string, sessionVersion: number): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } })
  return user?.sessionVersion === sessionVersion
}

/**
 * Sign-out: ends every session of the user issued up to now, on every device, by bumping the session
 * version that session tokens carry (lib/server/session.ts). Only a session that is still current can do it,
 * so an old, already-ended cookie cannot sign the user out of the sessions they opened since.
 */
export async function endSessions(db: Db, session: { userId: string; sessionVersion: number } | null): Promise<boolean> {
  if (!session) return false
  const r = await db.user.updateMany({ where: { id: session.userId, sessionVersion: session.sessionVersion }, data: { sessionVersion: { increment: 1 } } })
  return r.count > 0
}
