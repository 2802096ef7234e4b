import path from 'node:path'
import { defineConfig } from 'vitest/config'

const alias = { '@': path.resolve(import.meta.dirname) }

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      // Pure computation: both cores (vitest's default on a 2-core machine is one worker), and the files of a worker
      // share one module graph (isolate: false; importing the catalog once per file cost ~60 s of the run). No unit
      // test mocks modules; the two that set environment variables put them back.
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts', 'lib/**/*.test.ts'], environment: 'node', maxWorkers: 2, isolate: false },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // One migrated template database per run; each file gets a copy of it (helpers.ts freshDb()).
          globalSetup: ['tests/integration/global-setup.ts'],
          environment: 'node',
          // What `experimental.authInterrupts` in next.config.mjs sets for the app: pages may call forbidden().
          env: { __NEXT_EXPERIMENTAL_AUTH_INTERRUPTS: 'true' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // One build, one database and one `next start` for every e2e file (harness.ts startApp()).
          globalSetup: ['tests/e2e/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
