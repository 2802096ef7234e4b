/** The mastery rule (lib/mastery/model.ts), replayed on small hand-written histories. */
import { describe, expect, it } from 'vitest'
import { type Evidence, masteryOf, reviewDue } from '@/lib/mastery/model'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 0, 5, 9)
let clock = T0
const at = (days = 0) => {
  clock += 60_000
  return clock + days * DAY
}

/** lasso-1d-lambda-star's one part exercises sums, lambda-star and conventions; other-convention is a conventions mistake. */
const lambdaStar = (correct: boolean, o: Partial<Evidence> = {}): Evidence => ({
  at: at(),
  templateId: 'lasso-1d-lambda-star',
  partId: 'lambdaStar',
  correct,
  diagnosis: null,
  reveals: [],
  source: 'practice',
  ...o,
})
const telling = (o: Partial<Evidence> = {}) => lambdaStar(true, { reveals: ['other-convention', 'forgot-abs'], ...o })
const conventionMistake = (o: Partial<Evidence> = {}) => lambdaStar(false, { diagnosis: 'other-convention', source: 'assignment', attemptId: 'att1', ...o })

describe('mastery rule', () => {
  it('no answers: every skill is not started and nothing is open', () => {
    const m = masteryOf([])
    expect(Object.values(m.skills).every((s) => s.level === 'not-started')).toBe(true)
    expect(m.mistakes).toEqual([])
  })

  it('a right answer makes each skill of the part familiar, and only those', () => {
    const m = masteryOf([lambdaStar(true)])
    expect(m.skills.sums.level).toBe('familiar')
    expect(m.skills['lambda-star'].level).toBe('familiar')
    expect(m.skills.conventions.level).toBe('familiar')
    expect(m.skills['ridge-shrinkage'].level).toBe('not-started')
  })

  it('a diagnosed mistake counts against its own skill only, and is open with an example attempt', () => {
    const m = masteryOf([conventionMistake()])
    expect(m.skills.conventions.level).toBe('practising')
    expect(m.skills.conventions.answers).toBe(1)
    expect(m.skills.sums.level).toBe('not-started')
    expect(m.mistakes).toMatchObject([{ misconceptionId: 'other-convention', skill: 'conventions', open: true, times: 1, exampleAttemptId: 'att1' }])
    expect(m.skills.conventions.open.map((x) => x.misconceptionId)).toEqual(['other-convention'])
  })

  it('a wrong answer with no named mistake counts against every skill of the part', () => {
    const m = masteryOf([lambdaStar(true), lambdaStar(false)])
    for (const s of ['sums', 'lambda-star', 'conventions'] as const) expect(m.skills[s]).toMatchObject({ level: 'practising', run: 0, answers: 2, right: 1 })
  })

  it('an open mistake closes after two right answers on variants that tell it apart (not on others)', () => {
    const notTelling = [conventionMistake(), lambdaStar(true), lambdaStar(true), lambdaStar(true)]
    const m1 = masteryOf(notTelling)
    expect(m1.skills.conventions.run).toBe(3)
    expect(m1.skills.conventions.level).toBe('practising')
    expect(m1.mistakes[0].open).toBe(true)

    const once = masteryOf([conventionMistake(), telling()])
    expect(once.skills.conventions.level).toBe('practising')
    expect(once.mistakes[0]).toMatchObject({ open: true, cleared: 1 })

    const twice = masteryOf([conventionMistake(), telling(), telling()])
    expect(twice.mistakes[0]).toMatchObject({ open: false, cleared: 2 })
    expect(twice.skills.conventions.level).toBe('familiar')
  })

  it('the same mistake again reopens it and restarts the count', () => {
    const m = masteryOf([conventionMistake(), telling(), telling(), conventionMistake({ attemptId: 'att2' }), telling()])
    expect(m.mistakes[0]).toMatchObject({ open: true, times: 2, cleared: 1, exampleAttemptId: 'att2' })
    expect(m.skills.conventions.level).toBe('practising')
  })

  it('three right in a row with nothing open is proficient; a wrong answer restarts the run', () => {
    expect(masteryOf([lambdaStar(true), lambdaStar(true)]).skills.sums.level).toBe('familiar')
    const three = masteryOf([lambdaStar(true), lambdaStar(true), lambdaStar(true)])
    expect(three.skills.sums.level).toBe('proficient')
    expect(masteryOf([lambdaStar(true), lambdaStar(true), lambdaStar(true), lambdaStar(false)]).skills.sums.level).toBe('practising')
  })

  it('evidence is replayed in time order, whatever order it comes in', () => {
    const a = lambdaStar(true)
    const b = lambdaStar(true)
    const c = lambdaStar(false)
    expect(masteryOf([c, b, a]).skills.sums.level).toBe('practising')
    const late = lambdaStar(true, { at: c.at + 1 })
    expect(masteryOf([late, c, a, b]).skills.sums.run).toBe(1)
  })

  it('mastered needs a right review a day or more after becoming proficient; gaps double', () => {
    clock = T0
    const base = [lambdaStar(true), lambdaStar(true), lambdaStar(true)]
    const proficientAt = base[2].at
    const p = masteryOf(base).skills.sums
    expect(p.reviewDueAt).toBe(proficientAt + DAY)
    expect(reviewDue(p, proficientAt + DAY - 1)).toBe(false)
    expect(reviewDue(p, proficientAt + DAY)).toBe(true)

    const sameDay = masteryOf([...base, lambdaStar(true, { at: proficientAt + 3600_000 })]).skills.sums
    expect(sameDay.level).toBe('proficient')

    const reviewAt = proficientAt + 2 * DAY
    const m = masteryOf([...base, lambdaStar(true, { at: reviewAt })]).skills.sums
    expect(m.level).toBe('mastered')
    expect(m.reviewDueAt).toBe(reviewAt + 2 * DAY)
    const m2 = masteryOf([...base, lambdaStar(true, { at: reviewAt }), lambdaStar(true, { at: reviewAt + 2 * DAY })]).skills.sums
    expect(m2.reviewDueAt).toBe(reviewAt + 2 * DAY + 4 * DAY)
    expect(m2.reviews).toBe(2)
  })

  it('the review gap stops growing at 32 days', () => {
    clock = T0
    const ev = [lambdaStar(true), lambdaStar(true), lambdaStar(true)]
    let t = ev[2].at
    for (let k = 0; k < 10; k++) {
      t += 40 * DAY
      ev.push(lambdaStar(true, { at: t }))
    }
    expect(masteryOf(ev).skills.sums.reviewDueAt).toBe(t + 32 * DAY)
  })

  it('a mistake on a mastered skill drops it to practising', () => {
    clock = T0
    const base = [lambdaStar(true), lambdaStar(true), lambdaStar(true)]
    const later = base[2].at + 2 * DAY
    const m = masteryOf([...base, lambdaStar(true, { at: later }), conventionMistake({ at: later + 1 })])
    expect(m.skills.conventions.level).toBe('practising')
    expect(m.skills.conventions.reviewDueAt).toBeNull()
    expect(m.skills.sums.level).toBe('mastered')
  })
})
