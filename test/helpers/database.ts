/**
 * A fresh database for each test file. With DATABASE_URL (real Postgres):
 * a new database cloned from a migrated template (`CREATE DATABASE …
 * TEMPLATE …`, fast); the template is rebuilt whenever the migrations
 * change. Without it: a new in-memory embedded Postgres (PGlite), migrated.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

const MIGRATIONS = new URL('../../migrations/', import.meta.url);

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS).sort()) hash.update(file).update(readFileSync(new URL(file, MIGRATIONS)));
  return hash.digest('hex').slice(0, 12);
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function ensureTemplate(admin: pg.Client, url: string): Promise<string> {
  const template = `fh_template_${migrationsHash()}`;
  await admin.query(`select pg_advisory_lock(hashtext('fapiao-hub test template'))`);
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      const building = `${template}_building`;
      await admin.query(`drop database if exists ${building}`);
      await admin.query(`create database ${building}`);
      const handle = await openDatabase({ databaseUrl: withDatabase(url, building), poolMax: 1 });
      try {
        await migrateToLatest(handle.db);
      } finally {
        await handle.close();
      }
      await admin.query(`alter database ${building} rename to ${template}`);
    }
  } finally {
    await admin.query(`select pg_advisory_unlock(hashtext('fapiao-hub test template'))`);
  }
  return template;
}

export interface TestDatabase extends DatabaseHandle {
  /** The connection string, for Postgres databases (child processes use it). */
  readonly url?: string;
}

/**
 * A migrated embedded cluster, dumped once per migrations version into the
 * temp directory: starting from it takes about a second, a fresh cluster
 * (initdb) several.
 */
async function embeddedSnapshot(): Promise<Blob> {
  const pgliteVersion = (
    JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;
  const file = path.join(tmpdir(), `fapiao-hub-test-pglite-${pgliteVersion}-${migrationsHash()}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const handle = await openDatabase({});
  try {
    await migrateToLatest(handle.db);
    const snapshot = await (handle.pglite as NonNullable<typeof handle.pglite>).dumpDataDir('none');
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await snapshot.arrayBuffer()));
    renameSync(partial, file);
    return snapshot;
  } finally {
    await handle.close();
  }
}

export async function createTestDatabase(options: { poolMax?: number } = {}): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({ snapshot: await embeddedSnapshot() });
    await migrateToLatest(handle.db);
    return handle;
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const name = `fh_test_${randomBytes(6).toString('hex')}`;
  try {
    const template = await ensureTemplate(admin, url);
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = withDatabase(url, name);
  // A generous pool wait: on a loaded test machine 50 concurrent pushes can queue past the production 1.5 s.
  const handle = await openDatabase({ databaseUrl, poolMax: options.poolMax ?? 10, connectTimeoutMs: 15_000 });
  return {
    ...handle,
    url: databaseUrl,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** Row counts of every table, to prove that a refused request changed nothing. */
const TABLES = [
  'apps',
  'access_tokens',
  'pushes',
  'batches',
  'invoices',
  'invoice_details',
  'invoice_history',
  'channels',
  'invoice_findings',
  'console_users',
  'console_sessions',
  'audit_log',
] as const;

export async function tableCounts(handle: DatabaseHandle): Promise<Record<(typeof TABLES)[number], number>> {
  const tables = TABLES;
  const counts = {} as Record<(typeof TABLES)[number], number>;
  for (const table of tables) {
    const { rows } = await sql<{ count: string }>`select count(*)::text as count from ${sql.table(table)}`.execute(handle.db);
    counts[table] = Number(rows[0]?.count);
  }
  return counts;
}

/** Tables whose rows a refused request must leave as they were (`console_sessions` moves its `last_seen_at` on every request). */
const CONTENT_TABLES = [
  ...TABLES.filter((table) => table !== 'console_sessions'),
  'red_flush_requests',
  'red_flush_request_rows',
  'red_flush_events',
  'channel_calls',
  'finding_rechecks',
  'red_confirm_forms',
  'red_confirm_form_events',
  'channel_callbacks',
] as const;

/** Every row of every table but the sessions, as JSON text in a stable order: equal before and after a refused request. */
export async function tableRows(handle: DatabaseHandle): Promise<Record<string, string[]>> {
  const contents: Record<string, string[]> = {};
  for (const table of CONTENT_TABLES) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(handle.db);
    contents[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return contents;
}
