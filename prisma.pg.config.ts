import { defineConfig } from 'prisma/config'

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= 'scripts/no-native-schema-engine.sh'

export default defineConfig({
  schema: 'prisma/pg/schema.prisma',
  migrations: { path: 'prisma/pg/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://127.0.0.1:5432/test' },
})
