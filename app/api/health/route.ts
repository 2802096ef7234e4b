import { z } from 'zod'
import { UserError } from '@/lib/server/errors'
import { jsonHandler, readJson } from '@/lib/server/http'

const echoSchema = z.object({ ping: z.string().max(100) })

/** Liveness, and a trivial zod-validated POST used as the baseline in `npm run bench`. */
export function GET() {
  return Response.json({ ok: true })
}

export async function POST(req: Request) {
  return jsonHandler(async () => {
    const body = echoSchema.safeParse(await readJson(req))
    if (!body.success) throw new UserError('invalid', 'Send {"ping": "<text>"}.')
    return { pong: body.data.ping }
  })
}
