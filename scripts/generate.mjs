#!/usr/bin/env node
// postinstall: generate the Prisma client for each provider (lib/generated/prisma, lib/generated/prisma-pg).
// A generated client is tied to its provider, so lib/db.ts picks one by DATABASE_URL.
import { execFileSync } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const prisma = path.join(root, 'node_modules/.bin/prisma')
for (const config of ['prisma.config.ts', 'prisma.pg.config.ts']) {
  execFileSync(prisma, ['generate', '--config', config], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
  })
}
