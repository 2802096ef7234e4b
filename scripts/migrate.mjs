#!/usr/bin/env node
// Prisma Migrate without the native schema-engine binary (it cannot be downloaded here):
// drives @prisma/schema-engine-wasm (same version as prisma's engines) through a driver adapter.
//
//   node scripts/migrate.mjs dev --name <name> [--create-only] [--accept-data-loss]
//   node scripts/migrate.mjs deploy | status | push [--accept-data-loss] | reset --force
//   node scripts/migrate.mjs resolve --applied <name> | --rolled-back <name>
//   node scripts/migrate.mjs diff [--from-empty]     (prints SQL: migrations dir / empty -> schema)
//
// The provider follows DATABASE_URL: a postgresql:// URL uses prisma.pg.config.ts (prisma/pg/), anything else
// prisma.config.ts (SQLite, prisma/). `--config` overrides. `dev` on SQLite also re-derives the PostgreSQL
// schema; create PostgreSQL migrations with DATABASE_URL=postgresql://… npm run db:migrate -- <name>.
import fs from 'node:fs/promises'
import path from 'node:path'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const require = createRequire(import.meta.url)
const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    'create-only': { type: 'boolean' },
    'accept-data-loss': { type: 'boolean' },
    'from-empty': { type: 'boolean' },
    force: { type: 'boolean' },
    config: { type: 'string' },
    applied: { type: 'string' },
    'rolled-back': { type: 'string' },
  },
})
const command = positionals[0]
const debug = (process.env.DEBUG ?? '').includes('prisma')

// ---- config (same file the prisma CLI uses) ----
const { loadConfigFromFile } = require('@prisma/config')
const isPg = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '')
const configFile = opts.config ?? (isPg ? 'prisma.pg.config.ts' : 'prisma.config.ts')
const loaded = await loadConfigFromFile({ configFile })
if (loaded.error) throw new Error(`prisma.config: ${loaded.error._tag} ${loaded.error.error ?? ''}`)
const cfg = loaded.config
const root = process.cwd()
const schemaPath = cfg.schema ?? path.join(root, 'prisma/schema.prisma')
const migrationsDir = cfg.migrations?.path ?? path.join(path.dirname(schemaPath), 'migrations')
const url = cfg.datasource?.url
if (!url) throw new Error('datasource.url missing in prisma.config.ts')
const filters = {
  externalTables: cfg.tables?.external ?? [],
  externalEnums: cfg.enums?.external ?? [],
}
const shadowDbInitScript = cfg.migrations?.initShadowDb ?? ''

async function readSchemaFiles(p) {
  const st = await fs.stat(p)
  if (st.isFile()) return [{ path: p, content: await fs.readFile(p, 'utf8') }]
  const out = []
  for (const e of await fs.readdir(p, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.prisma')) {
      const f = path.join(e.parentPath ?? e.path, e.name)
      out.push({ path: f, content: await fs.readFile(f, 'utf8') })
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path))
}
const schemaFiles = await readSchemaFiles(schemaPath)
const provider = schemaFiles
  .map((f) => /datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"(\w+)"/s.exec(f.content)?.[1])
  .find(Boolean)

// ---- driver adapter (migration-aware factory: connect + connectToShadowDb) ----
async function makeAdapter() {
  if (provider === 'sqlite') {
    const file = url.replace(/^file:/, '')
    if (file !== ':memory:') await fs.mkdir(path.dirname(path.resolve(root, file)), { recursive: true })
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3')
    return new PrismaBetterSqlite3({ url }, { shadowDatabaseUrl: ':memory:' })
  }
  if (provider === 'postgresql' || provider === 'postgres') {
    const { PrismaPg } = await import('@prisma/adapter-pg')
    // Pass discrete fields, not { connectionString }: adapter-pg's connectToShadowDb() does
    // new Pool({ ...config, database: shadow }) and pg lets connectionString override `database`,
    // so the "shadow" pool would hit the main DB.
    const { schema, ...conn } = require('pg-connection-string').parse(url)
    const pgOptions = schema ? { schema } : undefined
    if (schema) {
      // The engine creates _prisma_migrations unqualified: make the schema exist and put it first on the
      // search_path, or the table lands in public while the engine looks for it in `schema`.
      const pg = require('pg')
      const c = new pg.Client(conn)
      await c.connect()
      await c.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '""')}"`)
      await c.end()
      conn.options = `${conn.options ?? ''} -c search_path="${schema.replaceAll('"', '""')}"`.trim()
    }
    const factory = new PrismaPg(conn, pgOptions)
    // adapter-pg's own connectToShadowDb() drops the shadow DB *before* closing its pool
    // ("database ... is being accessed by other users") and leaks it; do it in the right order.
    factory.connectToShadowDb = async () => {
      const main = await factory.connect()
      const db = `prisma_migrate_shadow_db_${crypto.randomUUID()}`
      await main.executeScript(`CREATE DATABASE "${db}"`)
      const shadow = await new PrismaPg({ ...conn, database: db }, pgOptions).connect()
      const dispose = shadow.dispose.bind(shadow)
      shadow.dispose = async () => {
        await dispose()
        await main.executeScript(`DROP DATABASE IF EXISTS "${db}"`)
        await main.dispose()
      }
      return shadow
    }
    return factory
  }
  throw new Error(`unsupported provider ${provider}`)
}

// ---- Wasm schema engine (Node 20 cannot `import` .wasm, so instantiate by hand) ----
async function loadSchemaEngineClass() {
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
  const bg = await import(pathToFileURL(bgPath).href)
  const bytes = await fs.readFile(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'))
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg })
  bg.__wbg_set_wasm(instance.exports)
  instance.exports.__wbindgen_start()
  return bg.SchemaEngine
}

async function migrationsList() {
  const lockPath = 'migration_lock.toml'
  const lock = await fs.readFile(path.join(migrationsDir, lockPath), 'utf8').catch(() => null)
  let dirs = []
  try {
    dirs = (await fs.readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory())
  } catch {}
  const migrationDirectories = []
  for (const d of dirs) {
    const content = await fs
      .readFile(path.join(migrationsDir, d.name, 'migration.sql'), 'utf8')
      .then((value) => ({ tag: 'ok', value }))
      .catch((e) => ({ tag: 'error', value: e.message }))
    migrationDirectories.push({ path: d.name, migrationFile: { path: 'migration.sql', content } })
  }
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path))
  return { baseDir: migrationsDir, lockfile: { path: lockPath, content: lock }, migrationDirectories, shadowDbInitScript }
}

// schema-engine-wasm replays migrations on the shadow DB with executeRaw(<whole migration.sql>);
// better-sqlite3's prepare() rejects multi-statement SQL, so fall back to executeScript for that case.
function withMultiStatementFallback(factory) {
  const fix = (conn) => {
    const raw = conn.executeRaw.bind(conn)
    conn.executeRaw = async (q) => {
      try {
        return await raw(q)
      } catch (e) {
        const msg = `${e?.message ?? ''} ${e?.cause?.message ?? ''}`
        if ((q.args?.length ?? 0) === 0 && /more than one statement|cannot insert multiple commands/i.test(msg)) {
          await conn.executeScript(q.sql)
          return 0
        }
        throw e
      }
    }
    // schema-engine-wasm's Postgres introspection selects pg_catalog columns of type "char" (OID 18), which
    // @prisma/adapter-pg 7.10 rejects (UnsupportedNativeDataType); report them as text (OID 25) instead.
    if (typeof conn.performIO === 'function') {
      const io = conn.performIO.bind(conn)
      conn.performIO = async (q) => {
        const res = await io(q)
        for (const f of res?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25
        return res
      }
    }
    if (typeof conn.startTransaction === 'function') {
      const st = conn.startTransaction.bind(conn)
      conn.startTransaction = async (...a) => fix(await st(...a))
    }
    return conn
  }
  return {
    adapterName: factory.adapterName,
    provider: factory.provider,
    connect: async () => fix(await factory.connect()),
    connectToShadowDb: async () => fix(await factory.connectToShadowDb()),
  }
}

// engine.reset() is a no-op for SQLite through the adapter; reset = delete the file (what the native engine does).
if (command === 'reset' && opts.force && provider === 'sqlite') {
  const file = url.replace(/^file:/, '')
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) await fs.rm(f, { force: true })
}

const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils')
const adapter = bindMigrationAwareSqlAdapterFactory(withMultiStatementFallback(await makeAdapter()))
const SchemaEngine = await loadSchemaEngineClass()
const engine = await SchemaEngine.new(
  { datamodels: schemaFiles.map((f) => [f.path, f.content]) },
  (log) => debug && console.error('[schema-engine]', log),
  adapter,
)
const schema = { files: schemaFiles }
const log = (...a) => console.log(...a)

async function applyPending() {
  const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: await migrationsList(), filters })
  if (appliedMigrationNames.length) log(`Applied migrations: ${appliedMigrationNames.join(', ')}`)
  else log('No pending migrations to apply.')
  return appliedMigrationNames
}

async function main() {
  log(`Schema engine wasm ${(await import(pathToFileURL(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')).href)).version?.() ?? ''} | ${provider} via ${adapter.adapterName} | migrations: ${path.relative(root, migrationsDir)}`)
  switch (command) {
    case 'deploy':
      await applyPending()
      return 0
    case 'status': {
      const r = await engine.diagnoseMigrationHistory({ migrationsList: await migrationsList(), optInToShadowDatabase: false, filters })
      log(JSON.stringify(r, null, 2))
      return r.history || r.failedMigrationNames.length ? 1 : 0
    }
    case 'diff': {
      const from = opts['from-empty'] ? { tag: 'empty' } : { tag: 'migrations', ...(await migrationsList()) }
      const r = await engine.diff({ from, to: { tag: 'schemaDatamodel', files: schemaFiles }, script: true, exitCode: null, filters })
      process.stdout.write(r.stdout ?? '')
      return 0
    }
    case 'push': {
      const r = await engine.schemaPush({ force: !!opts['accept-data-loss'], schema, filters })
      if (r.unexecutable.length) console.error('Unexecutable:', r.unexecutable)
      if (r.warnings.length && !opts['accept-data-loss']) {
        console.error('Data loss warnings (use --accept-data-loss):', r.warnings)
        return 1
      }
      log(`db push: executed ${r.executedSteps} step(s)`)
      return 0
    }
    case 'reset':
      if (!opts.force) throw new Error('reset drops all data; pass --force')
      await engine.reset({ filter: filters })
      await applyPending()
      return 0
    case 'resolve':
      if (opts.applied) await engine.markMigrationApplied({ migrationName: opts.applied, migrationsList: await migrationsList() })
      else if (opts['rolled-back']) await engine.markMigrationRolledBack({ migrationName: opts['rolled-back'] })
      else throw new Error('resolve needs --applied <name> or --rolled-back <name>')
      log('Migration history updated.')
      return 0
    case 'dev': {
      if (!opts.name) throw new Error('dev needs --name <migration_name>')
      let diag
      try {
        diag = await engine.devDiagnostic({ migrationsList: await migrationsList(), filters })
      } catch (e) {
        // schema-engine-wasm + adapter: a DB without _prisma_migrations yields P1014 instead of "not initialized".
        // applyMigrations initializes the table (and applies committed migrations), then diagnose again.
        if (e?.code !== 'P1014' || !/_prisma_migrations/.test(e.message)) throw e
        log('No _prisma_migrations table yet: initializing it.')
        await applyPending()
        diag = await engine.devDiagnostic({ migrationsList: await migrationsList(), filters })
      }
      if (diag.action.tag === 'reset') {
        console.error(`Drift detected, reset required: ${diag.action.reason}\nRun "reset --force" on a dev database.`)
        return 1
      }
      await applyPending()
      const dl = await engine.evaluateDataLoss({ migrationsList: await migrationsList(), schema, filters })
      if (dl.unexecutableSteps.length) {
        console.error('Unexecutable steps:', dl.unexecutableSteps.map((s) => s.message))
        return 1
      }
      if (dl.warnings.length && !opts['accept-data-loss']) {
        console.error('Data loss warnings (use --accept-data-loss):', dl.warnings.map((s) => s.message))
        return 1
      }
      const list = await migrationsList()
      const r = await engine.createMigration({ draft: !!opts['create-only'], migrationName: opts.name, migrationsList: list, schema, filters })
      if (r.migrationScript === null) {
        log('Already in sync, no schema change or pending migration was found.')
        return 0
      }
      const dir = path.join(migrationsDir, r.generatedMigrationName)
      await fs.mkdir(dir, { recursive: true })
      await fs.writeFile(path.join(dir, `migration.${r.extension}`), r.migrationScript)
      await fs.writeFile(
        path.join(migrationsDir, list.lockfile.path),
        `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${r.connectorType}"\n`,
      )
      log(`Created ${path.relative(root, dir)}/migration.${r.extension}`)
      if (!opts['create-only']) await applyPending()
      return 0
    }
    default:
      console.error('usage: migrate.mjs dev --name <n> [--create-only] | deploy | status | diff [--from-empty] | push | reset --force | resolve --applied|--rolled-back <name>')
      return 2
  }
}

let code = 1
try {
  code = await main()
} catch (e) {
  // Engine errors carry a P-code; adapter (JS) errors are parked in the error registry as "External error id#N".
  const m = /External error id#(\d+)/.exec(e?.message ?? '')
  const ext = m ? adapter.errorRegistry.consumeError(Number(m[1]))?.error : undefined
  console.error(`Error${e?.code ? ' ' + e.code : ''}: ${e?.message ?? e}`)
  if (ext) console.error('Caused by:', ext)
} finally {
  try { engine.free() } catch {}
}
process.exit(code)
