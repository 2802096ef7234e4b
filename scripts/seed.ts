// Seeds the demo course (idempotent) and prints the demo accounts.
import { createDb } from '@/lib/db'
import { DEMO_COURSE_TITLE, DEMO_JOIN_CODE, DEMO_PASSWORD, DEMO_USERS, seedDemo } from '@/lib/server/demo'

const db = createDb()
const { created } = await seedDemo(db)
await db.$disconnect()
console.log(created ? `Seeded the demo course "${DEMO_COURSE_TITLE}" (join code ${DEMO_JOIN_CODE}).` : `Demo course "${DEMO_COURSE_TITLE}" already present.`)
console.log(`Demo accounts (password for all: ${DEMO_PASSWORD}):`)
for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(10)} ${u.email}`)
