/**
 * Variant seeds are derived on the server and never chosen by the client:
 * HMAC-SHA256(server secret, course · item · user · variant index), hex-encoded.
 * The seed is stored on the Variant row, so a variant can be re-created (and re-graded) from the row alone.
 */
import { createHmac } from 'node:crypto'

export interface SeedParts {
  courseId: string
  itemId: string
  userId: string
  index: number
}

export function variantSecret(): string {
  const s = process.env.VARIANT_SECRET ?? process.env.AUTH_SECRET
  if (!s) throw new Error('VARIANT_SECRET (or AUTH_SECRET) must be set to derive variant seeds')
  return s
}

export function deriveVariantSeed(parts: SeedParts, secret: string = variantSecret()): string {
  const msg = ['lassolab-variant-v1', parts.courseId, parts.itemId, parts.userId, String(parts.index)].join('\u001f')
  return createHmac('sha256', secret).update(msg).digest('hex')
}
