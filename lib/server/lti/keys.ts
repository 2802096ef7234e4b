/**
 * The tool's RSA signing keys: generated and stored by the app, the private half encrypted at rest (a compact
 * JWE, `dir` + A256GCM, under a 256-bit key derived by HKDF-SHA256 from the server secret), the public halves
 * published as a JWKS. Rotation makes a new active key and keeps the old one published for a grace period, so
 * tokens a platform already holds still verify.
 */
import { hkdfSync, randomUUID } from 'node:crypto'
import { CompactEncrypt, compactDecrypt, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT, type JWTPayload } from 'jose'
import type { Db } from '@/lib/db'

const ALG = 'RS256'
/** How long a rotated-out key stays in the JWKS. */
export const RETIRED_KEY_GRACE_MS = 7 * 24 * 3600_000

function serverSecret(): string {
  const s = process.env.LTI_KEY_SECRET ?? process.env.AUTH_SECRET
  if (!s || s.length < 16) throw new Error('LTI_KEY_SECRET (or AUTH_SECRET) must be set, at least 16 characters, to protect the LTI signing keys.')
  return s
}

/** The key-encryption key: HKDF-SHA256(secret, salt, info) → 32 bytes. */
function keyEncryptionKey(): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', serverSecret(), 'lassolab-lti-tool-key', 'private JWK encryption v1', 32))
}

export async function encryptPrivateJwk(jwk: JWK): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(jwk))).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(keyEncryptionKey())
}

export async function decryptPrivateJwk(jwe: string): Promise<JWK> {
  const { plaintext } = await compactDecrypt(jwe, keyEncryptionKey())
  return JSON.parse(new TextDecoder().decode(plaintext)) as JWK
}

async function createKey(db: Db) {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true })
  const kid = randomUUID()
  const pub = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' }
  const priv = { ...(await exportJWK(privateKey)), kid, alg: ALG }
  return db.ltiToolKey.create({ data: { kid, publicJwk: JSON.stringify(pub), privateJwe: await encryptPrivateJwk(priv) } })
}

/** The newest active key, created on first use. */
async function activeKey(db: Db) {
  const key = await db.ltiToolKey.findFirst({ where: { status: 'ACTIVE' }, orderBy: { createdAt: 'desc' } })
  return key ?? createKey(db)
}

/** Signs `payload` as a JWT with the active tool key (RS256, kid in the header). */
export async function signToolJwt(db: Db, payload: JWTPayload, expiresIn = '5m'): Promise<string> {
  const key = await activeKey(db)
  const jwk = await decryptPrivateJwk(key.privateJwe)
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .setJti(randomUUID())
    .sign(await importJWK(jwk, ALG))
}

/** The public JWKS: active keys and retired keys still in their grace period. */
export async function toolJwks(db: Db, now = new Date()): Promise<{ keys: JWK[] }> {
  await activeKey(db)
  const rows = await db.ltiToolKey.findMany({
    where: { OR: [{ status: 'ACTIVE' }, { status: 'RETIRED', publishUntil: { gt: now } }] },
    orderBy: { createdAt: 'desc' },
  })
  return { keys: rows.map((r) => JSON.parse(r.publicJwk) as JWK) }
}

/** Makes a new active key; the previous ones are retired but stay published for the grace period. */
export async function rotateToolKey(db: Db, now = new Date()) {
  const fresh = await createKey(db)
  await db.ltiToolKey.updateMany({
    where: { status: 'ACTIVE', id: { not: fresh.id } },
    data: { status: 'RETIRED', publishUntil: new Date(now.getTime() + RETIRED_KEY_GRACE_MS) },
  })
  return { kid: fresh.kid }
}

export async function listToolKeys(db: Db) {
  const rows = await db.ltiToolKey.findMany({ orderBy: { createdAt: 'desc' } })
  return rows.map((r) => ({ kid: r.kid, status: r.status, createdAt: r.createdAt, publishUntil: r.publishUntil }))
}
