/**
 * Server actions at the edge, called as the app calls them (session and database swapped for this test's):
 * hostile forms get a message and store nothing, a null previous state is no 500, and the submission and
 * join limits answer with a clear message once used up, counted in the database (the limits are lowered
 * here through the environment, as a deployment would).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Db } from '@/lib/db'
import type { Actor } from '@/lib/server/authz'
import { type TestDb, freshDb, makeCourse, makeUser } from '../helpers'

const state: { actor: Actor; db: Db | null } = { actor: null, db: null }

vi.mock('@/lib/server/session', () => ({
  currentActor: async () => state.actor,
  sessionClaims: async () => (state.actor ? { userId: state.actor.userId, sessionVersion: 0 } : null),
  currentUser: async () => (state.actor ? { id: state.actor.userId, name: 'Test', email: 'test@example.test' } : null),
}))
vi.mock('@/lib/db', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/db')>()
  return { ...real, db: () => state.db }
})
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }))

let t: TestDb

function form(fields: Record<string, string>): FormData {
  const f = new FormData()
  for (const [k, v] of Object.entries(fields)) f.set(k, v)
  return f
}

/** Runs an action; a redirect (Next.js throws it) counts as success. */
async function run(fn: () => Promise<unknown>): Promise<{ redirect?: string; state?: { message?: string } }> {
  try {
    return { state: (await fn()) as { message?: string } }
  } catch (e) {
    const digest = String((e as { digest?: string }).digest ?? '')
    if (digest.startsWith('NEXT_REDIRECT')) return { redirect: digest.split(';')[2] }
    throw e
  }
}

beforeAll(async () => {
  t = await freshDb()
  state.db = t.db
  process.env.RATE_LIMIT_SUBMIT_PER_MINUTE = '3'
  process.env.RATE_LIMIT_JOIN_PER_10_MINUTES = '4'
})

afterAll(async () => {
  delete process.env.RATE_LIMIT_SUBMIT_PER_MINUTE
  delete process.env.RATE_LIMIT_JOIN_PER_10_MINUTES
  await t?.cleanup()
})

describe('server actions at the edge', () => {
  it('the practice action takes a null previous state (a hand-made request) without a 500', async () => {
    const { gradePracticeAction } = await import('@/app/practice/actions')
    state.actor = { userId: (await makeUser(t.db)).id }
    const malformed = await gradePracticeAction(null, form({}))
    expect(malformed.message).toMatch(/form was malformed/)
    const graded = await gradePracticeAction(null, form({ templateId: 'ols-1d', seed: '7', arrayParts: '', 'answer.slope': '1' }))
    expect(graded.round).toBe(1)
    const nul = await gradePracticeAction({ round: 4 }, form({ templateId: 'ols-1d', seed: '7', arrayParts: '', 'answer.slope': '1\u0000' }))
    expect(nul).toMatchObject({ round: 5, message: expect.stringMatching(/not allowed/) })
  })

  it('submissions: a NUL in any field is refused; after 3 in a minute the 4th is refused; nothing stored for either', async () => {
    const { submitAttemptAction } = await import('@/app/_actions/attempts')
    const { openItem } = await import('@/lib/server/student')
    const w = await makeCourse(t.db, { maxAttempts: 10 })
    const student = await makeUser(t.db, 'STUDENT', w.course.id)
    state.actor = { userId: student.id }
    const item = await openItem(t.db, state.actor, w.item.id)
    const fields = (key: string, answer = '1') => ({ itemId: w.item.id, variantId: item.variantId, idempotencyKey: key, [`answer.${item.parts[0].id}`]: answer })

    const nul = await run(() => submitAttemptAction({}, form(fields('nul-key-0001', '1\u0000'))))
    expect(nul.state?.message).toMatch(/not allowed/)
    expect(await t.db.attempt.count({ where: { userId: student.id } })).toBe(0)

    for (let i = 1; i <= 3; i++) expect((await run(() => submitAttemptAction({}, form(fields(`rate-key-000${i}`))))).redirect).toMatch(/^\/attempts\//)
    const refused = await run(() => submitAttemptAction({}, form(fields('rate-key-0004'))))
    expect(refused.state?.message).toMatch(/submitting too fast\. Wait a minute/)
    expect(await t.db.attempt.count({ where: { userId: student.id } })).toBe(3)
    // Every try is counted in the limiter's own row (on PostgreSQL by the submission's read, elsewhere by the
    // library), so the library and the hot path share one counter.
    const row = await t.db.rateLimit.findUniqueOrThrow({ where: { key: `submit:${student.id}` } })
    expect(row.points).toBe(4)
    expect(Number(row.expire) - Date.now()).toBeGreaterThan(50_000)
    // Another student is not slowed by this one.
    const other = await makeUser(t.db, 'STUDENT', w.course.id)
    state.actor = { userId: other.id }
    const otherItem = await openItem(t.db, state.actor, w.item.id)
    const ok = await run(() => submitAttemptAction({}, form({ ...fields('other-key-0001'), variantId: otherItem.variantId })))
    expect(ok.redirect).toMatch(/^\/attempts\//)
  })

  it('join by code: after 4 tries in 10 minutes the next one is refused with a message, and joins nothing', async () => {
    const { joinCourseAction } = await import('@/app/join/actions')
    const w = await makeCourse(t.db)
    const guesser = await makeUser(t.db)
    state.actor = { userId: guesser.id }
    for (let i = 0; i < 4; i++) expect((await run(() => joinCourseAction({}, form({ code: `GUESS-${i}` })))).state?.message).toMatch(/No course has that join code/)
    const refused = await run(() => joinCourseAction({}, form({ code: w.course.joinCode })))
    expect(refused.state?.message).toMatch(/Too many join attempts/)
    expect(await t.db.enrollment.count({ where: { userId: guesser.id } })).toBe(0)
  })
})
