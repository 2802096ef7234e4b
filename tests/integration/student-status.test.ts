/**
 * What a student reads about their own standing, on SQLite and PostgreSQL: their own due date when they have an
 * extension (dashboard and assignment page), the attempts left on each question and why a question is closed,
 * and the demo assignment stating the same penalty convention as the landing page in every variant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getTemplate } from '@/lib/questions/registry'
import { makeVariant } from '@/lib/questions/variant'
import { seedDemo } from '@/lib/server/demo'
import { grantExtension } from '@/lib/server/instructor'
import { assignmentView, dashboard, openItem } from '@/lib/server/student'
import { type TestDb, freshDb } from './helpers'
import { as, submit, world } from './instructor/setup'

let t: TestDb
let w: Awaited<ReturnType<typeof world>>
beforeAll(async () => {
  t = await freshDb()
  w = await world(t.db)
})
afterAll(async () => t?.cleanup())

/** A named mistake in the first part it applies to: a wrong attempt, whatever the template. */
const wrong = { mistake: 0 }

describe('a student reads their own standing', () => {
  it('sees their extended due date on the dashboard and the assignment page, and others still see the original', async () => {
    const extended = new Date(Date.now() + 30 * 86400_000)
    extended.setUTCMilliseconds(0)
    await grantExtension(t.db, as(w.instructor), { assignmentId: w.assignment.id, userId: w.student.id, dueAt: extended.toISOString() })
    const mine = (await dashboard(t.db, as(w.student)))[0].assignments.find((a) => a.id === w.assignment.id)!
    expect(mine.dueAt?.toISOString()).toBe(extended.toISOString())
    expect(mine.extended).toBe(true)
    const page = await assignmentView(t.db, as(w.student), w.assignment.id)
    expect(page.dueAt?.toISOString()).toBe(extended.toISOString())
    const q = await openItem(t.db, as(w.student), w.items[0].id)
    expect(q.assignment.dueAt?.toISOString()).toBe(extended.toISOString())
    const other = (await dashboard(t.db, as(w.student2)))[0].assignments.find((a) => a.id === w.assignment.id)!
    expect(other.extended).toBe(false)
    expect(other.dueAt?.toISOString()).not.toBe(extended.toISOString())
  })

  it('counts the attempts left per question and names why a question is closed', async () => {
    const [first, second, third] = w.items
    const before = (await dashboard(t.db, as(w.student2)))[0].assignments[0]
    expect(before).toMatchObject({ openItems: 3, attemptsLeft: 9, closed: null })

    await submit(t.db, as(w.student2), first.id, wrong)
    let page = await assignmentView(t.db, as(w.student2), w.assignment.id)
    expect(page.items[0].status).toEqual({ attemptsUsed: 1, attemptsLeft: 2, closed: null })

    for (let i = 0; i < 2; i++) await submit(t.db, as(w.student2), first.id, wrong)
    await submit(t.db, as(w.student2), second.id, 'correct')
    page = await assignmentView(t.db, as(w.student2), w.assignment.id)
    expect(page.items.map((i) => i.status.closed)).toEqual(['no-attempts-left', 'solved', null])
    const q = await openItem(t.db, as(w.student2), first.id)
    expect(q.status).toEqual({ attemptsUsed: 3, attemptsLeft: 0, closed: 'no-attempts-left' })

    const dash = (await dashboard(t.db, as(w.student2)))[0].assignments[0]
    expect(dash).toMatchObject({ openItems: 1, attemptsLeft: 3, closed: null })
    await submit(t.db, as(w.student2), third.id, 'correct')
    expect((await dashboard(t.db, as(w.student2)))[0].assignments[0]).toMatchObject({ openItems: 0, attemptsLeft: 0, closed: 'finished' })
  })

  it('the demo assignment uses the landing page convention (λ* = 2|S_xy|, loss … + λ|m|) in every variant', async () => {
    const { courseId } = await seedDemo(t.db)
    const item = await t.db.assignmentItem.findFirstOrThrow({ where: { assignment: { courseId } } })
    const template = getTemplate(item.templateId)!
    const conventions = new Set<string>()
    for (let i = 0; i < 40; i++) conventions.add((makeVariant(template, JSON.parse(item.params), (0xabc000 + i).toString(16).padStart(32, '0')) as { convention: string }).convention)
    expect([...conventions]).toEqual(['lambda'])
  })
})
