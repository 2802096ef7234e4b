/**
 * When an exam's score may be sent to the LMS, from its review matrix: the first column that shows the score
 * decides ("right after submitting" → at once; "after the exam closes" → once the close was handed out;
 * "after release" only, or no column → at release), and a released exam always sends.
 */
import { describe, expect, it } from 'vitest'
import { scoreShownFrom } from '@/lib/server/exams/review'
import { scoreMayLeave } from '@/lib/server/exams/visibility'

const flags = (score: boolean) => ({ score, correctness: true, diagnosis: false, correctAnswer: false, derivation: false })
const review = (submit: boolean, close: boolean, release: boolean) => ({ afterSubmit: flags(submit), afterClose: flags(close), afterRelease: flags(release) })

const now = new Date('2026-12-03T09:00:00Z')
const before = new Date('2026-12-03T08:00:00Z')
const after = new Date('2026-12-03T10:00:00Z')

describe('scoreShownFrom', () => {
  it.each([
    [review(true, false, false), 'afterSubmit'],
    [review(true, true, true), 'afterSubmit'],
    [review(false, true, false), 'afterClose'],
    [review(false, true, true), 'afterClose'],
    [review(false, false, true), 'afterRelease'],
    [review(false, false, false), 'afterRelease'],
  ] as const)('%j → %s', (r, moment) => {
    expect(scoreShownFrom(r)).toBe(moment)
  })
})

describe('scoreMayLeave', () => {
  // [score shown after submit, after close, after release], release date, close handed out at, may leave now
  it.each([
    ['shown at submit, nothing else yet', [true, false, false], null, null, true],
    ['shown at submit, released later', [true, false, true], after, null, true],
    ['shown after close, not closed yet', [false, true, true], null, null, false],
    ['shown after close, close handed out', [false, true, true], null, before, true],
    ['shown after close, release scheduled later', [false, true, true], after, null, false],
    ['shown after release, closed, not released', [false, false, true], null, before, false],
    ['shown after release, release date in the future', [false, false, true], after, before, false],
    ['shown after release, released', [false, false, true], before, null, true],
    ['never shown, released', [false, false, false], before, null, true],
    ['never shown, closed', [false, false, false], null, before, false],
    ['shown after close only, released before the close', [false, true, false], before, null, true],
  ] as const)('%s', (_label, [s, c, r], releaseAt, closeNotifiedAt, expected) => {
    expect(scoreMayLeave({ review: JSON.stringify(review(s, c, r)), releaseAt, closeNotifiedAt }, now)).toBe(expected)
  })

  it('reads unreadable review options as the default (hidden until release)', () => {
    expect(scoreMayLeave({ review: 'not json', releaseAt: null, closeNotifiedAt: before }, now)).toBe(false)
    expect(scoreMayLeave({ review: 'not json', releaseAt: before, closeNotifiedAt: null }, now)).toBe(true)
  })
})
