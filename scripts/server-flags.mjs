// Node.js flags of the production server, shared by `npm start` and `npm run bench` so the bench measures the
// server as it is deployed.
//
// --max-semi-space-size=32: each of V8's two young-generation halves may grow to 32 MB (default 16 MB on 64-bit).
// A request allocates short-lived objects (headers, JSON, rows, the grade); with many requests in flight, a small young
// generation is collected while they are still alive, so they are copied and promoted to the old generation, whose
// collection costs far more. On this machine's bench (2 cores, PostgreSQL) it lowered the server's CPU per
// submission by about a fifth. It costs up to 3 × 32 MB more memory for the young generation at peak.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32']

/** NODE_OPTIONS with the server's flags added (an operator's own setting of the same flag wins). */
export function serverNodeOptions(existing = '') {
  const own = SERVER_NODE_FLAGS.filter((f) => !existing.includes(f.split('=')[0]))
  return [existing, ...own].filter(Boolean).join(' ')
}
