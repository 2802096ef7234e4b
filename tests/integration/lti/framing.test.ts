/**
 * Who may frame LassoLab, as the production server answers (proxy.ts and the LTI protocol pages): a page loaded
 * into a frame allows the origins of the registered LMS platforms in `frame-ancestors` (an LTI launch opens the
 * deep-linking picker, assignments and questions inside the LMS iframe); a top-level page, an unregistered site
 * and a removed platform get no framing at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deletePlatform } from '@/lib/server/lti/platforms'
import type { Platform } from '../../lti/platform'
import { setupPlatform } from '../../lti/tool'
import { startServer, type Server } from '../edge/server'
import { type TestDb, freshDb } from '../helpers'

let t: TestDb
let server: Server
let platform: Platform
let admin: { userId: string }
let platformId: string

beforeAll(async () => {
  t = await freshDb()
  const s = await setupPlatform(t.db)
  platform = s.platform
  admin = s.admin
  platformId = s.platformRow?.id ?? ''
  server = await startServer(t.url)
}, 900_000) // includes `next build` when the sources changed
afterAll(async () => {
  await server?.stop()
  await platform?.stop()
  await t?.cleanup()
})

async function headersOf(path: string, dest: string | null, init: RequestInit = {}) {
  const res = await fetch(`${server.baseUrl}${path}`, { redirect: 'manual', ...init, headers: { ...(dest ? { 'sec-fetch-dest': dest } : {}), ...(init.headers ?? {}) } })
  await res.arrayBuffer()
  const csp = res.headers.get('content-security-policy') ?? ''
  return { status: res.status, frameAncestors: /frame-ancestors ([^;]*)/.exec(csp)?.[1] ?? '', xfo: res.headers.get('x-frame-options') }
}

describe('framing by the registered LMS', () => {
  it('a page loaded into a frame may be framed by the registered platform, and by no other site', async () => {
    for (const path of ['/signin', '/catalog', '/dashboard']) {
      for (const dest of ['iframe', null]) {
        const h = await headersOf(path, dest)
        expect(h.frameAncestors.split(' ').sort(), `${path} ${dest}`).toEqual(["'self'", platform.base].sort())
        expect(h.xfo, `${path} ${dest}`).toBeNull()
      }
    }
  })

  it('a top-level page or a client-side fetch is not framable', async () => {
    for (const dest of ['document', 'empty']) {
      const h = await headersOf('/catalog', dest)
      expect(h.frameAncestors, dest).toBe("'none'")
      expect(h.xfo, dest).toBe('DENY')
    }
  })

  it('the launch pages name the same framer; a platform removed by the admin frames nothing any more', async () => {
    const launch = await headersOf('/api/lti/launch', 'iframe', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'state=x' })
    expect(launch.status).toBe(400)
    expect(launch.frameAncestors.split(' ').sort()).toEqual(["'self'", platform.base].sort())
    await deletePlatform(t.db, admin, platformId)
    const after = await headersOf('/signin', 'iframe')
    expect(after.frameAncestors).toBe("'none'")
    expect(after.xfo).toBe('DENY')
  })
})
