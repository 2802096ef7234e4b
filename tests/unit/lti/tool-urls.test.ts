/**
 * The tool's base URL is chosen as `npm start` (scripts/start.mjs) chooses the one it prints for LMS
 * administrators: LTI_TOOL_URL, else PUBLIC_URL (an empty value counts as unset), else the request's origin.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { toolBaseUrl } from '@/lib/server/lti/urls'

const saved = { LTI_TOOL_URL: process.env.LTI_TOOL_URL, PUBLIC_URL: process.env.PUBLIC_URL }
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
})

describe('toolBaseUrl', () => {
  it('takes LTI_TOOL_URL, then PUBLIC_URL (empty counts as unset), then the request origin, without a trailing slash', () => {
    process.env.LTI_TOOL_URL = 'https://lab.example.edu/'
    process.env.PUBLIC_URL = 'https://public.example.edu'
    expect(toolBaseUrl('http://127.0.0.1:3000')).toBe('https://lab.example.edu')
    process.env.LTI_TOOL_URL = ''
    expect(toolBaseUrl('http://127.0.0.1:3000')).toBe('https://public.example.edu')
    delete process.env.LTI_TOOL_URL
    process.env.PUBLIC_URL = ''
    expect(toolBaseUrl('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000')
  })
})
