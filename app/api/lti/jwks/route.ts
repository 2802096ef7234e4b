import { db } from '@/lib/db'
import { toolJwks } from '@/lib/server/lti/keys'

/** The tool's public keys (JWKS), for platforms verifying client assertions and deep-linking responses. */
export async function GET() {
  return Response.json(await toolJwks(db()), { headers: { 'cache-control': 'public, max-age=300' } })
}
