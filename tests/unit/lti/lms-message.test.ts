/**
 * The LMS's message shown to the instructor for a refused score, token or roster: the words the LMS wrote, from
 * the error shapes Canvas, Moodle and OAuth 2 token endpoints answer with, or its text without markup.
 */
import { describe, expect, it } from 'vitest'
import { lmsMessage } from '@/lib/server/lti/http'

describe('lmsMessage', () => {
  it('reads the message fields of JSON error answers', () => {
    expect(lmsMessage('{"error":"The gradebook is temporarily unavailable."}')).toBe('The gradebook is temporarily unavailable.')
    expect(lmsMessage('{"errors":[{"message":"user not found in course"},{"message":"line item closed"}]}')).toBe('user not found in course · line item closed')
    expect(lmsMessage('{"error":"invalid_client","error_description":"Client authentication failed"}')).toBe('Client authentication failed · invalid_client')
    expect(lmsMessage('{"status":400,"error":{"message":"Incorrect score received"}}')).toBe('Incorrect score received')
    expect(lmsMessage('{"message":"Forbidden","error":"Forbidden"}')).toBe('Forbidden')
  })

  it('falls back to the text, without HTML markup, cut to the limit', () => {
    expect(lmsMessage('<html><head><style>p{}</style><title>503</title></head><body><h1>Service Unavailable</h1></body></html>')).toBe('503 Service Unavailable')
    expect(lmsMessage('Too many requests')).toBe('Too many requests')
    expect(lmsMessage('{"unrelated":true}')).toBe('{"unrelated":true}')
    expect(lmsMessage('')).toBe('(no message)')
    expect(lmsMessage('x'.repeat(500))).toHaveLength(300)
    expect(lmsMessage('{"message":"' + 'y'.repeat(500) + '"}', 50)).toBe('y'.repeat(50))
  })
})
