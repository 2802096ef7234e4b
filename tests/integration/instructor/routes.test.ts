/**
 * Every instructor page, server action and route handler, called as the app calls it (the session and the
 * database swapped for this test's), as anonymous, a signed-in stranger, a student, a TA, an instructor of
 * another course and the course's instructor. Each gets only what its role allows: a refused page redirects to
 * sign-in, is "not found" or answers 403 (forbidden()); a refused action returns a message and changes nothing; a
 * refused route answers 401, 404 or 403 with a JSON sentence.
 */
import type { ReactNode } from 'react'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Db } from '@/lib/db'
import type { Actor } from '@/lib/server/authz'
import { planRegrade } from '@/lib/server/instructor/regrade'
import { type TestDb, freshDb, makeUser } from '../helpers'
import { as, submit, world } from './setup'

const state: { actor: Actor; db: Db | null } = { actor: null, db: null }

vi.mock('@/lib/server/session', () => ({
  currentActor: async () => state.actor,
  currentUser: async () => (state.actor ? { id: state.actor.userId, name: 'Test', email: 'test@example.test' } : null),
}))
vi.mock('@/lib/db', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/db')>()
  return { ...real, db: () => state.db }
})
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }))

type Who = 'anonymous' | 'stranger' | 'student' | 'ta' | 'otherInstructor' | 'instructor'
const WHO: Who[] = ['anonymous', 'stranger', 'student', 'ta', 'otherInstructor', 'instructor']
const STAFF: Who[] = ['ta', 'instructor']
const INSTRUCTOR: Who[] = ['instructor']
const ANY_SIGNED_IN: Who[] = ['stranger', 'student', 'ta', 'otherInstructor', 'instructor']

let t: TestDb
let w: Awaited<ReturnType<typeof world>>
let attemptId: string
let throwaway: { id: string }
let newcomer: { id: string; email: string }

function actorOf(who: Who): Actor {
  const u = { anonymous: null, stranger: w.outsider, student: w.student, ta: w.ta, otherInstructor: w.otherInstructor, instructor: w.instructor }[who]
  return as(u)
}

/** All text in a React element tree (strings in children and props), without rendering it. */
function textOf(node: unknown, out: string[] = []): string[] {
  if (node === null || node === undefined || typeof node === 'boolean') return out
  if (typeof node === 'string' || typeof node === 'number') out.push(String(node))
  else if (Array.isArray(node)) for (const n of node) textOf(n, out)
  else if (typeof node === 'object' && 'props' in (node as object)) {
    const props = (node as { props: Record<string, unknown> }).props
    for (const [k, v] of Object.entries(props)) if (k === 'children' || typeof v === 'string') textOf(v, out)
  }
  return out
}

type PageOutcome = 'sign-in' | 'not-found' | 'refused' | 'ok'
async function pageOutcome(render: () => Promise<ReactNode>): Promise<{ outcome: PageOutcome; text: string }> {
  try {
    const tree = await render()
    const text = textOf(tree).join(' ')
    // A page that renders a "Not available" message answers 200: only forbidden() (below) is a refusal.
    return { outcome: 'ok', text }
  } catch (e) {
    const digest = String((e as { digest?: string }).digest ?? '')
    if (digest.startsWith('NEXT_REDIRECT') && digest.includes('/signin')) return { outcome: 'sign-in', text: '' }
    if (digest.includes('NEXT_HTTP_ERROR_FALLBACK;404')) return { outcome: 'not-found', text: '' }
    // forbidden(): the page answers 403 (a rendered "Not available" page would answer 200).
    if (digest.includes('NEXT_HTTP_ERROR_FALLBACK;403')) return { outcome: 'refused', text: '' }
    throw e
  }
}

function expectedPage(who: Who): PageOutcome {
  if (who === 'anonymous') return 'sign-in'
  if (who === 'stranger' || who === 'otherInstructor') return 'not-found'
  return 'refused'
}

async function fingerprint() {
  const db = t.db
  return JSON.stringify({
    courses: await db.course.findMany({ orderBy: { id: 'asc' } }),
    enrollments: await db.enrollment.findMany({ orderBy: { id: 'asc' } }),
    invitations: await db.invitation.findMany({ orderBy: { id: 'asc' } }),
    assignments: await db.assignment.findMany({ orderBy: { id: 'asc' } }),
    items: await db.assignmentItem.findMany({ orderBy: { id: 'asc' } }),
    attempts: await db.attempt.findMany({ orderBy: { id: 'asc' } }),
    extensions: await db.extension.findMany({ orderBy: { id: 'asc' } }),
    gradeChanges: await db.gradeChange.count(),
    credits: await db.itemCredit.findMany({ orderBy: { id: 'asc' } }),
  })
}

const form = (fields: Record<string, string>) => {
  const f = new FormData()
  for (const [k, v] of Object.entries(fields)) f.set(k, v)
  return f
}

beforeAll(async () => {
  t = await freshDb()
  state.db = t.db
  w = await world(t.db)
  newcomer = await makeUser(t.db)
  // A member to change the role of (people join by code or by accepting an invitation).
  await t.db.enrollment.create({ data: { userId: newcomer.id, courseId: w.course.id, role: 'STUDENT' } })
  attemptId = (await submit(t.db, as(w.student), w.items[0].id, { mistake: 0 })).attemptId
  await submit(t.db, as(w.student), w.items[1].id, 'correct')
  const { createAssignment } = await import('@/lib/server/instructor/assignments')
  throwaway = await createAssignment(t.db, as(w.instructor), { courseId: w.course.id, assignment: { title: 'Throwaway', items: [{ templateId: w.items[0].templateId, points: 1 }] } })
})
afterAll(async () => t?.cleanup())

describe('instructor pages, as every role', () => {
  const pages: { name: string; allowed: Who[]; render: () => Promise<ReactNode>; shows?: () => string }[] = []
  const p = <T,>(v: T) => Promise.resolve(v)

  beforeAll(async () => {
    const aid = w.assignment.id
    const cid = w.course.id
    const Home = (await import('@/app/instructor/page')).default
    const Course = (await import('@/app/instructor/courses/[courseId]/page')).default
    const New = (await import('@/app/instructor/courses/[courseId]/assignments/new/page')).default
    const Overview = (await import('@/app/instructor/assignments/[assignmentId]/page')).default
    const Edit = (await import('@/app/instructor/assignments/[assignmentId]/edit/page')).default
    const Delete = (await import('@/app/instructor/assignments/[assignmentId]/delete/page')).default
    const Preview = (await import('@/app/instructor/assignments/[assignmentId]/preview/page')).default
    const Gradebook = (await import('@/app/instructor/assignments/[assignmentId]/gradebook/page')).default
    const Student = (await import('@/app/instructor/assignments/[assignmentId]/students/[userId]/page')).default
    const Stats = (await import('@/app/instructor/assignments/[assignmentId]/stats/page')).default
    const Misc = (await import('@/app/instructor/assignments/[assignmentId]/misconceptions/page')).default
    const Ext = (await import('@/app/instructor/assignments/[assignmentId]/extensions/page')).default
    const Regrade = (await import('@/app/instructor/items/[itemId]/regrade/page')).default
    pages.push(
      { name: '/instructor', allowed: ANY_SIGNED_IN, render: () => Home() },
      { name: '/instructor/courses/[courseId]', allowed: STAFF, render: () => Course({ params: p({ courseId: cid }) }), shows: () => w.student.email },
      { name: '/instructor/courses/[courseId]/assignments/new', allowed: INSTRUCTOR, render: () => New({ params: p({ courseId: cid }) }) },
      { name: '/instructor/assignments/[id]', allowed: STAFF, render: () => Overview({ params: p({ assignmentId: aid }) }), shows: () => 'Shrinkage, week 1' },
      { name: '/instructor/assignments/[id]/edit', allowed: INSTRUCTOR, render: () => Edit({ params: p({ assignmentId: aid }) }) },
      { name: '/instructor/assignments/[id]/delete', allowed: INSTRUCTOR, render: () => Delete({ params: p({ assignmentId: aid }) }) },
      { name: '/instructor/assignments/[id]/preview', allowed: STAFF, render: () => Preview({ params: p({ assignmentId: aid }), searchParams: p({ seed: '2' }) }), shows: () => 'Answer key' },
      { name: '/instructor/assignments/[id]/gradebook', allowed: STAFF, render: () => Gradebook({ params: p({ assignmentId: aid }) }), shows: () => w.student.email },
      {
        name: '/instructor/assignments/[id]/students/[userId]',
        allowed: STAFF,
        render: () => Student({ params: p({ assignmentId: aid, userId: w.student.id }) }),
        shows: () => w.student.email,
      },
      { name: '/instructor/assignments/[id]/stats', allowed: STAFF, render: () => Stats({ params: p({ assignmentId: aid }) }), shows: () => 'Question statistics' },
      { name: '/instructor/assignments/[id]/misconceptions', allowed: STAFF, render: () => Misc({ params: p({ assignmentId: aid }) }), shows: () => 'What students misunderstand' },
      { name: '/instructor/assignments/[id]/extensions', allowed: STAFF, render: () => Ext({ params: p({ assignmentId: aid }) }), shows: () => 'Extensions' },
      { name: '/instructor/items/[itemId]/regrade', allowed: INSTRUCTOR, render: () => Regrade({ params: p({ itemId: w.items[0].id }), searchParams: p({}) }), shows: () => 'What a regrade would change' },
    )
  })

  it('every page gets only what its role allows', async () => {
    expect(pages).toHaveLength(13)
    for (const page of pages) {
      for (const who of WHO) {
        state.actor = actorOf(who)
        const r = await pageOutcome(page.render)
        if (page.allowed.includes(who)) {
          expect(r.outcome, `${page.name} as ${who}: ${r.text.slice(0, 200)}`).toBe('ok')
          if (page.shows) expect(r.text, `${page.name} as ${who}`).toContain(page.shows())
        } else {
          expect(r.outcome, `${page.name} as ${who}`).toBe(expectedPage(who))
          if (r.outcome === 'refused') expect(r.text).not.toContain(w.student.email)
        }
      }
    }
  })

  it('the teaching list shows a student none of the course, and the join page needs a sign-in', async () => {
    const Home = (await import('@/app/instructor/page')).default
    state.actor = actorOf('student')
    expect((await pageOutcome(() => Home())).text).not.toContain(`/instructor/courses/${w.course.id}`)
    state.actor = actorOf('ta')
    expect((await pageOutcome(() => Home())).text).toContain(`/instructor/courses/${w.course.id}`)
    const Join = (await import('@/app/join/page')).default
    state.actor = null
    expect((await pageOutcome(() => Join({ searchParams: Promise.resolve({}) }))).outcome).toBe('sign-in')
    state.actor = actorOf('student')
    expect((await pageOutcome(() => Join({ searchParams: Promise.resolve({ code: 'ABC-123' }) }))).outcome).toBe('ok')
  })
})

describe('instructor server actions, as every role', () => {
  type ActionCase = { name: string; allowed: Who[]; call: () => Promise<unknown> }
  const refusal: Record<Exclude<Who, 'instructor'>, RegExp> = {
    anonymous: /sign in/i,
    stranger: /not found/i,
    otherInstructor: /not found/i,
    student: /^only .*instructors of this course/i,
    ta: /^only instructors of this course/i,
  }

  /** An action's outcome: its returned state, or the redirect it threw. */
  async function run(call: () => Promise<unknown>): Promise<{ ok: boolean; message?: string; redirect?: string }> {
    try {
      const r = (await call()) as { ok?: boolean; message?: string }
      return { ok: r.ok !== false, message: r.message }
    } catch (e) {
      const digest = String((e as { digest?: string }).digest ?? '')
      if (digest.startsWith('NEXT_REDIRECT')) return { ok: true, redirect: digest.split(';')[2] }
      throw e
    }
  }

  it('every action refuses the roles it does not allow, changing nothing, and works for the others', async () => {
    const A = await import('@/app/instructor/actions')
    const B = await import('@/app/instructor/assignments/actions')
    const aid = w.assignment.id
    const cid = w.course.id
    const item = w.items[1]
    const cases: ActionCase[] = [
      { name: 'createCourseAction', allowed: ANY_SIGNED_IN, call: () => A.createCourseAction({}, form({ title: 'Made in a test' })) },
      { name: 'inviteAction', allowed: INSTRUCTOR, call: () => A.inviteAction({}, form({ courseId: cid, email: newcomer.email, role: 'TA' })) },
      { name: 'changeRoleAction', allowed: INSTRUCTOR, call: () => A.changeRoleAction({}, form({ courseId: cid, userId: newcomer.id, role: 'REMOVE' })) },
      { name: 'regenerateJoinCodeAction', allowed: INSTRUCTOR, call: () => A.regenerateJoinCodeAction({}, form({ courseId: cid })) },
      {
        name: 'saveAssignmentAction (create)',
        allowed: INSTRUCTOR,
        call: () => B.saveAssignmentAction({ courseId: cid, assignment: { title: 'From an action', items: [{ templateId: item.templateId, points: 2 }] } }),
      },
      {
        name: 'saveAssignmentAction (update)',
        allowed: INSTRUCTOR,
        call: () =>
          B.saveAssignmentAction({
            assignmentId: aid,
            confirm: true,
            assignment: { title: 'Shrinkage, week 1', dueAt: w.assignment.dueAt, items: w.items.map((i) => ({ id: i.id, templateId: i.templateId, params: JSON.parse(i.params), points: i.points })) },
          }),
      },
      { name: 'sampleAction', allowed: INSTRUCTOR, call: () => B.sampleAction({ courseId: cid, templateId: item.templateId, params: {}, seed: 3 }) },
      { name: 'grantExtensionAction', allowed: INSTRUCTOR, call: () => B.grantExtensionAction({}, form({ assignmentId: aid, userId: w.student2.id, dueAt: '2099-01-01T00:00' })) },
      { name: 'revokeExtensionAction', allowed: INSTRUCTOR, call: () => B.revokeExtensionAction({}, form({ assignmentId: aid, userId: w.student2.id })) },
      { name: 'overrideGradeAction', allowed: STAFF, call: () => B.overrideGradeAction({}, form({ attemptId, percent: '50', reason: 'Method right', path: '/x' })) },
      { name: 'setToleranceAction', allowed: INSTRUCTOR, call: () => B.setToleranceAction({}, form({ itemId: item.id, rel: '0.01', abs: '0.000001' })) },
      {
        name: 'applyRegradeAction',
        allowed: INSTRUCTOR,
        call: async () => {
          const plan = await planRegrade(t.db, as(w.instructor), { itemId: item.id })
          return B.applyRegradeAction({}, form({ itemId: item.id, planHash: plan.planHash, reason: 'Tolerance changed' }))
        },
      },
      {
        name: 'giveCreditAction',
        allowed: STAFF,
        call: () => B.giveCreditAction({}, form({ itemId: w.items[2].id, userId: w.student2.id, percent: '100', reason: 'Excused absence', shareReason: 'on', path: '/x' })),
      },
      { name: 'copyAssignmentAction', allowed: INSTRUCTOR, call: () => B.copyAssignmentAction({}, form({ assignmentId: aid, courseId: cid, title: 'Copied by an action' })) },
      {
        name: 'importRosterAction',
        allowed: INSTRUCTOR,
        call: () => {
          const f = form({ courseId: cid, defaultRole: 'STUDENT' })
          f.set('file', new Blob([`email\n${newcomer.email}\n`], { type: 'text/csv' }), 'roster.csv')
          return A.importRosterAction({}, f)
        },
      },
      { name: 'deleteAssignmentAction', allowed: INSTRUCTOR, call: () => B.deleteAssignmentAction({}, form({ assignmentId: throwaway.id, confirmTitle: 'Throwaway' })) },
    ]
    for (const c of cases) {
      for (const who of WHO.filter((x) => !c.allowed.includes(x))) {
        state.actor = actorOf(who)
        const before = await fingerprint()
        const r = await run(c.call)
        expect(r.ok, `${c.name} as ${who}`).toBe(false)
        expect(r.message, `${c.name} as ${who}`).toMatch(refusal[who as Exclude<Who, 'instructor'>])
        expect(await fingerprint(), `${c.name} as ${who} changed nothing`).toBe(before)
      }
      for (const who of c.allowed) {
        state.actor = actorOf(who)
        const r = await run(c.call)
        expect(r.ok, `${c.name} as ${who}: ${r.message}`).toBe(true)
      }
    }
    expect(await t.db.assignment.findUnique({ where: { id: throwaway.id } })).toBeNull()
  })

  it('joining by code: anonymous is sent to sign in; a student joins; a bad code gets a message at the field', async () => {
    const { joinCourseAction } = await import('@/app/join/actions')
    state.actor = null
    expect(await run(() => joinCourseAction({}, form({ code: 'ANY-CODE' })))).toEqual({ ok: true, redirect: '/signin?next=/join' })
    const fresh = await makeUser(t.db)
    state.actor = as(fresh)
    const bad = (await joinCourseAction({}, form({ code: 'NO-SUCH-CODE' }))) as { fieldErrors?: Record<string, string> }
    expect(bad.fieldErrors?.code).toMatch(/Unknown/)
    const { joinCode } = await t.db.course.findUniqueOrThrow({ where: { id: w.course.id } })
    expect(await run(() => joinCourseAction({}, form({ code: joinCode })))).toEqual({ ok: true, redirect: `/dashboard?joined=${w.course.id}` })
    expect((await t.db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: fresh.id, courseId: w.course.id } } })).role).toBe('STUDENT')
  })
})

describe('instructor route handlers, as every role', () => {
  it('CSV and JSON routes answer 401, 404 or 403 with a sentence to refused roles, and the file to staff', async () => {
    const gradebook = await import('@/app/api/instructor/assignments/[assignmentId]/gradebook/route')
    const attempts = await import('@/app/api/instructor/assignments/[assignmentId]/attempts/route')
    const results = await import('@/app/api/instructor/assignments/[assignmentId]/results/route')
    const canvas = await import('@/app/api/instructor/courses/[courseId]/canvas/route')
    const req = new Request('http://127.0.0.1/api')
    const aid = { params: Promise.resolve({ assignmentId: w.assignment.id }) }
    const routes = [
      { name: 'gradebook.csv', call: () => gradebook.GET(req, aid), type: /text\/csv/ },
      { name: 'attempts.csv', call: () => attempts.GET(req, aid), type: /text\/csv/ },
      { name: 'results.json', call: () => results.GET(req, aid), type: /application\/json/ },
      { name: 'canvas.csv', call: () => canvas.GET(req, { params: Promise.resolve({ courseId: w.course.id }) }), type: /text\/csv/ },
    ]
    const status: Record<Who, number> = { anonymous: 401, stranger: 404, otherInstructor: 404, student: 403, ta: 200, instructor: 200 }
    for (const r of routes) {
      for (const who of WHO) {
        state.actor = actorOf(who)
        const res = await r.call()
        expect(res.status, `${r.name} as ${who}`).toBe(status[who])
        if (res.status === 200) {
          expect(res.headers.get('content-type')).toMatch(r.type)
          const body = await res.text()
          expect(body).toContain(w.student.email)
          if (/csv/.test(r.name)) expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.csv"$/)
        } else {
          const body = await res.json()
          expect(body.error, `${r.name} as ${who}`).toEqual(expect.any(String))
          expect(JSON.stringify(body)).not.toContain(w.student.email)
        }
      }
    }
    // An id that does not exist: not found, for staff too.
    state.actor = actorOf('instructor')
    expect((await gradebook.GET(req, { params: Promise.resolve({ assignmentId: 'nope' }) })).status).toBe(404)
  })
})
