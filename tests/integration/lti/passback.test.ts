/**
 * AGS score passback through the outbox, against the simulated platform, with two app instances: two grade
 * senders, each in a process of its own (tests/lti/outbox-worker.ts, the app's drainOutbox), on the same
 * database as this process, which stores the attempts (through two Prisma clients):
 *   - the score endpoint answers 503 for a while, then recovers: every student's score arrives exactly once,
 *     with the final value;
 *   - scores that change while senders run: the platform never receives an older score after a newer one, and
 *     ends with the final value;
 *   - a refusal (400) is marked FAILED with the LMS's message, and "send again" sends it.
 * Expected scores are computed here from the attempts stored (Σ best score × points), not by the sender.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db'
import { openItem, submitAttempt } from '@/lib/server/student'
import { drainOutbox, enqueueScorePassback, passbackStatus, resendPassback } from '@/lib/server/lti/outbox'
import { type Platform, ROLE } from '../../lti/platform'
import { launch, setupPlatform } from '../../lti/tool'
import { type TestDb, freshDb } from '../helpers'

let t: TestDb
let db2: Db
let platform: Platform
let instructorId: string
let assignmentId: string
let items: { id: string; points: number }[]
const students: { sub: string; userId: string }[] = []

beforeAll(async () => {
  t = await freshDb()
  db2 = createDb(t.url)
  ;({ platform } = await setupPlatform(t.db))
  const inst = await launch(t.db, platform, { user: { sub: 'inst', name: 'Ines', roles: [ROLE.instructor] }, contextId: 'ctx-P', resourceLinkId: 'rl-setup' })
  instructorId = inst.userId
  const a = await t.db.assignment.create({
    data: {
      courseId: inst.courseId,
      title: 'Lasso basics',
      maxAttempts: 100,
      items: { create: [{ templateId: 'lasso-1d-lambda-star', points: 10, position: 1 }, { templateId: 'lasso-1d-lambda-star', points: 5, position: 2 }] },
    },
    include: { items: true },
  })
  assignmentId = a.id
  items = a.items.map((i) => ({ id: i.id, points: i.points }))
  // The LMS has a grade column for the link (as deep linking would make it); the link opens the assignment.
  platform.addLineItem('ctx-P', { label: 'Lasso basics', scoreMaximum: 15, resourceId: a.id }, { id: 'rl-graded', title: 'Lasso basics', custom: { assignment_id: a.id } })
  await launch(t.db, platform, { user: { sub: 'inst', name: 'Ines', roles: [ROLE.instructor] }, contextId: 'ctx-P', resourceLinkId: 'rl-graded' })
  for (let i = 0; i < 5; i++) {
    const sub = `stud-${i}`
    const r = await launch(t.db, platform, { user: { sub, name: `Student ${i}`, roles: [ROLE.learner] }, contextId: 'ctx-P', resourceLinkId: 'rl-graded' })
    students.push({ sub, userId: r.userId })
  }
}, 400_000) // eight launches (argon2 + RSA) on a loaded machine
afterAll(async () => {
  await db2?.$disconnect()
  await platform?.stop()
  await t?.cleanup()
})

/** Stores an attempt with this score and queues the passback in the same transaction (as submitAttempt does). */
async function recordAttempt(db: Db, userId: string, itemIndex: number, score: number) {
  const item = items[itemIndex]
  for (let tries = 0; ; tries++) {
    try {
      await db.$transaction(async (tx) => {
        const variant = await tx.variant.upsert({
          where: { itemId_userId_index: { itemId: item.id, userId, index: 0 } },
          create: { itemId: item.id, userId, index: 0, seed: 's', templateId: 'lasso-1d-lambda-star', templateVersion: 1, solverVersion: 'x' },
          update: {},
        })
        const number = (await tx.attempt.count({ where: { itemId: item.id, userId } })) + 1
        await tx.attempt.create({
          data: { variantId: variant.id, itemId: item.id, userId, number, answers: '{}', rawScore: score, score, grade: '{}', idempotencyKey: `${userId}-${item.id}-${number}-${Math.random()}`, templateVersion: 1 },
        })
        await enqueueScorePassback(tx, assignmentId, userId)
      })
      return
    } catch (e) {
      if (tries > 20) throw e
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 20))
    }
  }
}

async function expectedScore(userId: string): Promise<number> {
  let total = 0
  for (const it of items) {
    const attempts = await t.db.attempt.findMany({ where: { userId, itemId: it.id } })
    total += Math.max(0, ...attempts.map((a) => a.score)) * it.points
  }
  return total
}

const root = path.resolve(import.meta.dirname, '../../..')

interface WorkerTotals {
  instance: string
  pid: number
  passes: number
  sent: number
  retried: number
  failed: number
}

/** Worker processes still running (a failed test must not leave senders behind for the next one). */
const live = new Set<ChildProcessWithoutNullStreams>()
afterEach(() => {
  for (const p of live) if (p.exitCode === null) p.kill('SIGKILL')
  live.clear()
})

/** One grade sender in a process of its own (an app instance's outbox worker) on this test's database. */
function startWorker(instance: string) {
  const proc: ChildProcessWithoutNullStreams = spawn(path.join(root, 'node_modules/.bin/tsx'), ['tests/lti/outbox-worker.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: t.url, OUTBOX_INSTANCE: instance, OUTBOX_BACKOFF_MS: '15' },
  })
  live.add(proc)
  let out = ''
  let err = ''
  let onReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => {
    onReady = resolve
  })
  proc.stdout.on('data', (d) => {
    out += String(d)
    if (out.split('\n').includes('ready')) onReady()
  })
  proc.stderr.on('data', (d) => {
    err += String(d)
  })
  const exited = new Promise<WorkerTotals>((resolve, reject) => {
    proc.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? ''
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as WorkerTotals)
      else reject(new Error(`outbox worker ${instance} exited with ${code}: ${err.slice(-2000)}`))
    })
  })
  exited.catch(() => {}) // reported where awaited
  return {
    proc,
    ready: Promise.race([ready, exited.then(() => Promise.reject(new Error(`outbox worker ${instance} ended before it was ready: ${err}`)))]),
    exited,
  }
}

/**
 * Two app instances (two processes) send the outbox while `during` runs, until `until` holds (or the deadline
 * passes); returns what each instance did.
 */
async function withTwoInstances(during: () => Promise<void>, until: () => Promise<boolean>, deadlineMs = 120_000): Promise<WorkerTotals[]> {
  const workers = [startWorker('instance-A'), startWorker('instance-B')]
  try {
    const t0 = Date.now()
    await Promise.all(workers.map((w) => w.ready))
    console.info(`[passback] both instances ready after ${Date.now() - t0} ms`)
    for (const w of workers) w.proc.stdin.write('go\n')
    await during()
    const stop = Date.now() + deadlineMs
    while (!(await until())) {
      if (Date.now() > stop) throw new Error('the two instances did not send every queued score in time')
      await new Promise((r) => setTimeout(r, 50))
    }
  } finally {
    for (const w of workers) if (w.proc.exitCode === null) w.proc.stdin.write('stop\n')
  }
  const totals = await Promise.all(workers.map((w) => w.exited))
  console.info(`[passback] ${JSON.stringify(totals)}`)
  return totals
}

/** Both instances really sent: each claimed rows and posted to the LMS. */
function expectBothPosted(totals: WorkerTotals[]) {
  expect(totals.map((x) => x.instance).sort()).toEqual(['instance-A', 'instance-B'])
  expect(new Set(totals.map((x) => x.pid)).size).toBe(2)
  for (const x of totals) expect(x.sent + x.retried + x.failed, `${x.instance} posted nothing`).toBeGreaterThan(0)
}

const allSent = async () => (await t.db.ltiScoreOutbox.count({ where: { status: { not: 'SENT' } } })) === 0
const accepted = (sub: string) => platform.scores.filter((s) => s.userId === sub && s.status === 200)

describe('AGS passback through the outbox', () => {
  it('LMS answers 503 for a while, then recovers: each score arrives exactly once, with the final value', async () => {
    platform.faults.scoreFailures = 12 // the first 12 score posts get 503
    const scores = [0.2, 0.5, 0.4, 1, 0.7]
    for (const [i, s] of students.entries()) {
      await recordAttempt(t.db, s.userId, 0, scores[i] / 2)
      await recordAttempt(db2, s.userId, 0, scores[i]) // a better second attempt, from another client
      await recordAttempt(t.db, s.userId, 1, scores[(i + 1) % 5])
    }
    const totals = await withTwoInstances(async () => {}, allSent)
    expectBothPosted(totals)
    expect(platform.faults.scoreFailures).toBe(0) // the outage was really hit
    expect(platform.requests.filter((r) => r.path.endsWith('/scores') && r.status === 503).length).toBe(12)
    // Between them, the two instances retried the 12 refused posts and sent each student's row once.
    expect(totals.reduce((n, x) => n + x.retried, 0)).toBe(12)
    expect(totals.reduce((n, x) => n + x.sent, 0)).toBe(students.length)
    const rows = await t.db.ltiScoreOutbox.findMany()
    expect(rows.every((r) => r.status === 'SENT')).toBe(true)
    expect(rows.some((r) => r.lastHttpStatus === 200)).toBe(true)
    for (const s of students) {
      const got = accepted(s.sub)
      expect(got.length).toBe(1)
      expect(got[0].scoreGiven).toBeCloseTo(await expectedScore(s.userId), 9)
      expect(got[0].scoreMaximum).toBe(15)
    }
  }, 300_000) // two processes start (tsx, Prisma) on a loaded machine

  it('scores changing while two senders run: never an older score after a newer one; the final value wins', async () => {
    const before = platform.scores.length
    const totals = await withTwoInstances(async () => {
      for (let round = 0; round < 6; round++) {
        for (const [i, s] of students.entries()) await recordAttempt(round % 2 ? db2 : t.db, s.userId, round % 2, ((round * 7 + i * 3) % 10) / 10)
        await new Promise((r) => setTimeout(r, 20))
      }
    }, allSent)
    expectBothPosted(totals)
    const posted = platform.scores.slice(before)
    expect(posted.filter((s) => s.status === 409)).toEqual([]) // no out-of-order post reached the LMS
    for (const s of students) {
      const mine = posted.filter((p) => p.userId === s.sub && p.status === 200)
      expect(mine.length).toBeGreaterThan(0)
      const times = mine.map((p) => Date.parse(p.timestamp))
      expect([...times].sort((a, b) => a - b)).toEqual(times)
      expect(platform.results.get(`${mine[0].lineItemId}|${s.sub}`)?.scoreGiven).toBeCloseTo(await expectedScore(s.userId), 9)
    }
  }, 300_000)

  it('a refusal is shown to the instructor with the LMS’s message, and “send again” sends it', async () => {
    platform.faults.scoreFailures = 1
    platform.faults.scoreStatus = 400
    await recordAttempt(t.db, students[0].userId, 1, 1)
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    const { rows: status } = await passbackStatus(t.db, { userId: instructorId }, assignmentId)
    const row = status.find((r) => r.student === 'Student 0')
    expect(row?.status).toBe('FAILED')
    expect(row?.lastError).toMatch(/400.*temporarily unavailable/)
    await expect(passbackStatus(t.db, { userId: students[1].userId }, assignmentId)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(resendPassback(t.db, { userId: students[1].userId }, row?.id)).rejects.toMatchObject({ code: 'forbidden' })
    await resendPassback(t.db, { userId: instructorId }, row?.id)
    await drainOutbox(t.db, { instance: 'A', backoffMs: 10 })
    const after = (await passbackStatus(t.db, { userId: instructorId }, assignmentId)).rows.find((r) => r.student === 'Student 0')
    expect(after?.status).toBe('SENT')
    expect(platform.results.get(`${platform.scores.at(-1)?.lineItemId}|${students[0].sub}`)?.scoreGiven).toBeCloseTo(await expectedScore(students[0].userId), 9)
  })

  it('a real submission queues the passback in the same write (submitAttempt hook)', async () => {
    platform.faults.scoreStatus = 503
    const r0 = await launch(t.db, platform, { user: { sub: 'stud-hook', name: 'Hook', roles: [ROLE.learner] }, contextId: 'ctx-P', resourceLinkId: 'rl-graded' })
    const s = { userId: r0.userId }
    const row = () => t.db.ltiScoreOutbox.findFirstOrThrow({ where: { userId: s.userId } })
    expect(await t.db.ltiScoreOutbox.count({ where: { userId: s.userId } })).toBe(0)
    const q = await openItem(t.db, { userId: s.userId }, items[0].id)
    const r = await submitAttempt(t.db, { userId: s.userId }, { itemId: items[0].id, variantId: q.variantId, idempotencyKey: `hook-${Date.now()}`, answers: { lambdaStar: '1' } })
    expect(r.ok).toBe(true)
    const before = { version: 0 }
    const after = await row()
    expect(after.version).toBe(before.version + 1)
    expect(after.status).toBe('PENDING')
    // Malformed input costs no attempt and queues nothing.
    await submitAttempt(t.db, { userId: s.userId }, { itemId: items[0].id, variantId: q.variantId, idempotencyKey: `hook2-${Date.now()}`, answers: { lambdaStar: 'abc' } })
    expect((await row()).version).toBe(after.version)
  })
})
