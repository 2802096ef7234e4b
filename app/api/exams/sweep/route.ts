import { timingSafeEqual } from 'node:crypto'
import { db } from '@/lib/db'
import { runSweep } from '@/lib/server/exams'

/**
 * POST with `Authorization: Bearer $EXAM_SWEEP_TOKEN` → submits expired exam sittings and hands out due releases.
 * For an external scheduler; the servers also sweep on a timer (lib/server/exams/sweep.ts). Off without the token.
 */
export async function POST(req: Request) {
  const token = process.env.EXAM_SWEEP_TOKEN
  const given = Buffer.from((req.headers.get('authorization') ?? '').replace(/^Bearer\s+/i, ''))
  if (!token || given.length !== Buffer.byteLength(token) || !timingSafeEqual(given, Buffer.from(token))) {
    return Response.json({ error: 'Not allowed.' }, { status: 403 })
  }
  return Response.json(await runSweep(db()))
}
