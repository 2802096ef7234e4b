/** The address the per-address limits count under: never a hop the client could have written itself. */
import { describe, expect, it } from 'vitest'
import { clientAddress } from '@/lib/server/edge/rateLimit'

const h = (init: Record<string, string>) => new Headers(init)

describe('clientAddress', () => {
  it('behind one proxy, takes the hop that proxy appended, not the forged ones to its left', () => {
    expect(clientAddress(h({ 'x-forwarded-for': '1.1.1.1, 203.0.113.7' }), 1)).toBe('203.0.113.7')
    expect(clientAddress(h({ 'x-forwarded-for': '9.9.9.9,8.8.8.8 , 203.0.113.7' }), 1)).toBe('203.0.113.7')
  })
  it('behind two proxies, takes the second hop from the right', () => {
    expect(clientAddress(h({ 'x-forwarded-for': '6.6.6.6, 198.51.100.4, 10.0.0.2' }), 2)).toBe('198.51.100.4')
  })
  it('with fewer hops than proxies configured, takes the leftmost (the client that reached the first proxy)', () => {
    expect(clientAddress(h({ 'x-forwarded-for': '198.51.100.4' }), 3)).toBe('198.51.100.4')
  })
  it('reads TRUST_PROXY_HOPS when no count is given', () => {
    const before = process.env.TRUST_PROXY_HOPS
    try {
      process.env.TRUST_PROXY_HOPS = '2'
      expect(clientAddress(h({ 'x-forwarded-for': 'a, b, c' }))).toBe('b')
      delete process.env.TRUST_PROXY_HOPS
      expect(clientAddress(h({ 'x-forwarded-for': 'a, b, c' }))).toBe('c')
    } finally {
      if (before === undefined) delete process.env.TRUST_PROXY_HOPS
      else process.env.TRUST_PROXY_HOPS = before
    }
  })
  it('without the header, uses X-Real-IP, else a shared key', () => {
    expect(clientAddress(h({ 'x-real-ip': '192.0.2.1' }), 1)).toBe('192.0.2.1')
    expect(clientAddress(h({}), 1)).toBe('unknown')
    expect(clientAddress(h({ 'x-forwarded-for': ' , ' }), 1)).toBe('unknown')
  })
})
