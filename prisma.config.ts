import { defineConfig } from 'prisma/config'

// The native schema engine cannot be downloaded here: point the CLI at a stub that fails loudly.
// Migrations run through scripts/migrate.mjs (@prisma/schema-engine-wasm driven through a driver adapter).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= 'scripts/no-native-schema-engine.sh'

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL?.startsWith('file:') ? process.env.DATABASE_URL : 'file:./data/lassolab.db' },
})
