/**
 * The assignment builder's refusals (SQLite and PostgreSQL): every wrong field is reported at once, on the field
 * that caused it, in words (parameter labels, not code names); nothing is saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as I from '@/lib/server/instructor'
import { type TestDb, freshDb, makeUser } from '../helpers'
import { as } from './setup'

let t: TestDb
let instructor: { id: string }
let course: { id: string }
beforeAll(async () => {
  t = await freshDb()
  instructor = await makeUser(t.db)
  course = await I.createCourse(t.db, as(instructor), { title: 'Builder errors' })
})
afterAll(async () => t?.cleanup())

const refusal = (assignment: unknown) => I.createAssignment(t.db, as(instructor), { courseId: course.id, assignment }).then(() => null, (e) => e)

describe('assignment builder errors', () => {
  it('reports every wrong field at once, each on its own field, including the questions’ parameters', async () => {
    const e = await refusal({
      title: '',
      opensAt: '2027-01-10T10:00',
      dueAt: '2027-01-05T10:00',
      maxAttempts: 0,
      items: [
        { templateId: 'ols-1d', points: 5, params: { nMin: 1, nMax: 8 } },
        { templateId: 'lasso-1d-slope', points: -1, params: { nMin: 9, nMax: 4 } },
        { templateId: 'sparsity-concepts', points: 1, params: { stems: [] } },
        { templateId: 'ridge-1d-slope', points: 1, params: { fractions: [0.5, 2, 'abc'] } },
        { templateId: 'lasso-1d-lambda-star', points: 1, params: { convention: 'sideways' } },
      ],
    })
    expect(e?.code).toBe('invalid')
    expect(Object.keys(e.fieldErrors).sort()).toEqual(
      [
        'title',
        'dueAt',
        'maxAttempts',
        'items.0.params.nMin',
        'items.1.points',
        'items.1.params.nMin',
        'items.4.params.convention',
        'items.2.params.stems',
        'items.3.params.fractions',
      ].sort(),
    )
    expect(e.fieldErrors['items.0.params.nMin']).toBe('At least 3.')
    expect(e.fieldErrors['items.1.params.nMin']).toMatch(/“Fewest data points”.*“Most data points”/)
    expect(e.fieldErrors['items.4.params.convention']).toBe('Choose a value from the list.')
    expect(e.fieldErrors['items.2.params.stems']).toBe('Choose at least one.')
    expect(e.fieldErrors['items.3.params.fractions']).toBe('Below 1 (each number).')
    expect(e.fieldErrors.dueAt).toMatch(/after the opening date/)
    expect(e.message).toMatch(/^9 fields need correcting/)
    expect(JSON.stringify(Object.values(e.fieldErrors))).not.toMatch(/nMin|nMax|expected|NaN|Too (big|small)/)
    expect(await t.db.assignment.count()).toBe(0)
  })

  it('names the parameter by its label in the summary of a single problem', async () => {
    const e = await refusal({ title: 'One problem', items: [{ templateId: 'ols-1d', points: 5, params: { nMax: 99 } }] })
    expect(e.message).toBe('One field needs correcting: Question 1, Most data points: At most 30.')
  })

  it('reports a cross-field check (min above max) together with another parameter’s error, not after it is fixed', async () => {
    // nMin is not a number (zod then skips the object's cross-field checks); x from 9 down to 2 and y from 12 down
    // to 4 are each wrong as a pair.
    const e = await refusal({ title: 'Cross', items: [{ templateId: 'ols-1d', points: 5, params: { nMin: 'abc', xMin: 9, xMax: 2, yMin: 12, yMax: 4 } }] })
    expect(Object.keys(e.fieldErrors).sort()).toEqual(['items.0.params.nMin', 'items.0.params.xMin', 'items.0.params.yMin'])
    expect(e.fieldErrors['items.0.params.nMin']).toBe('Enter a number.')
    expect(e.fieldErrors['items.0.params.xMin']).toMatch(/“Smallest x value”.*“Largest x value”/)
    expect(e.fieldErrors['items.0.params.yMin']).toMatch(/“Smallest y value”.*“Largest y value”/)
    // A cross-field check that involves the wrong parameter is not reported against a stand-in default (nMax 8).
    const f = await refusal({ title: 'Cross 2', items: [{ templateId: 'ols-1d', points: 5, params: { nMin: 9, nMax: 'abc' } }] })
    expect(Object.keys(f.fieldErrors)).toEqual(['items.0.params.nMax'])
  })
})
