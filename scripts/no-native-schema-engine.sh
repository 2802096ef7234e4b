#!/bin/sh
echo "The native Prisma schema engine is not available here; use npm run db:migrate / db:deploy / db:status (scripts/migrate.mjs)." >&2
exit 1
