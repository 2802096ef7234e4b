import { z } from 'zod'

const echoSchema = z.object({ ping: z.string().max(100) })

/** Liveness, and a trivial zod-validated POST used as the baseline in `npm run bench`. */
export function GET() {
  return Response.json({ ok: true })
}

export async function POST(req: Request) {
  const body = echoSchema.safeParse(await req.json().catch(() => null))
  if (!body.success) return Response.json({ error: 'Send {"ping": "<text>"}.' }, { status: 400 })
  return Response.json({ pong: body.data.ping })
}
