/**
 * One "app instance" for the two-sweepers test: its own Prisma client (own connection pool / SQLite handle) in its
 * own process. Waits until START_AT (epoch ms) so both processes sweep at the same moment, then prints
 * {"submitted": n} — how many sessions THIS process claimed.
 */
import { createDb } from '@/lib/db'
import { sweepExpiredSessions } from '@/lib/server/exams'

const db = createDb(process.env.DATABASE_URL)
await db.examSession.count() // connect before the start line
const startAt = Number(process.env.START_AT)
await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())))
let submitted = 0
// Several passes, as a timer would, until nothing is left that this process can claim.
for (let i = 0; i < 5; i++) submitted += await sweepExpiredSessions(db, new Date(), 7)
console.log(JSON.stringify({ submitted }))
await db.$disconnect()
