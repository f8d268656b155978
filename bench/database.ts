/**
 * The bench's own database: created on the server of DATABASE_URL under a
 * fresh name (`fh_bench_<random>`), migrated, and dropped at the end, so a
 * run never touches anybody's data.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { cpuSeconds, processName } from './processes.ts';

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  /** A connection for the bench's own statements (seeding, counting, checkpoints). */
  readonly client: pg.Client;
  drop(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `fh_bench_${randomBytes(5).toString('hex')}`;
  const url = withDatabase(serverUrl, name);
  await adminQuery(serverUrl, `create database ${name}`);
  let dropped = false;
  const client = new pg.Client({ connectionString: url });
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await client.end().catch(() => {});
    await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  };
  try {
    const handle = await openDatabase({ databaseUrl: url, poolMax: 1 });
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.close();
    }
    await client.connect();
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url, client, drop };
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** What was pushed, for a clean start of the next scenario (and whatever hangs off it, such as findings); apps and tokens stay. */
export async function emptyPushTables(client: pg.Client): Promise<void> {
  await client.query('truncate invoice_history, invoice_details, invoices, batches, pushes restart identity cascade');
}

/**
 * Writes dirty pages out before a scenario, so that no scenario pays for
 * the previous one's checkpoint. Needs superuser or pg_checkpoint; without
 * them the bench goes on without.
 */
export async function checkpoint(client: pg.Client): Promise<void> {
  await client.query('checkpoint').catch(() => {});
}

export async function countRows(client: pg.Client, table: 'pushes' | 'invoices' | 'invoice_details' | 'invoice_history'): Promise<number> {
  const { rows } = await client.query<{ count: string }>(`select count(*)::text as count from ${table}`);
  return Number(rows[0]?.count);
}

/**
 * Waits until the server is done: when the load generator stops, the server
 * still finishes (and commits) the requests it had in hand. Done means no
 * other session of the bench database busy, and no new push, twice in a row.
 */
export async function settle(client: pg.Client): Promise<void> {
  let quiet = 0;
  let last = -1;
  for (let waited = 0; quiet < 2 && waited < 60_000; waited += 200) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { rows } = await client.query<{ busy: number; pushes: number }>(
      `select (select count(*)::int from pg_stat_activity
               where datname = current_database() and pid <> pg_backend_pid() and state not in ('idle')) as busy,
              (select count(*)::int from pushes) as pushes`,
    );
    const { busy, pushes } = rows[0]!;
    quiet = busy === 0 && pushes === last ? quiet + 1 : 0;
    last = pushes;
  }
}

/**
 * A meter of the CPU that Postgres spends on the bench database: the CPU
 * time of its backend processes (this machine's /proc, so only for a
 * Postgres on the same machine; NaN otherwise). Backends that come and go
 * in between are missed, as is the shared work of the WAL writer and
 * checkpointer, so it slightly undercounts.
 */
export async function postgresCpu(client: pg.Client): Promise<() => Promise<number>> {
  const backends = async () => {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    // A backend id that is not a local postgres process: the server is elsewhere.
    return new Map(rows.map((row) => [row.pid, processName(row.pid) === 'postgres' ? cpuSeconds(row.pid) : Number.NaN]));
  };
  const before = await backends();
  return async () => {
    let seconds = 0;
    for (const [pid, now] of await backends()) seconds += now - (before.get(pid) ?? now);
    return seconds;
  };
}

export async function serverVersion(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ server_version: string }>('show server_version');
  return rows[0]?.server_version ?? 'unknown';
}

/** The settings that decide write throughput, for the record. */
export async function serverSettings(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ name: string; setting: string }>(
    `select name, current_setting(name) as setting from unnest(array['shared_buffers', 'synchronous_commit', 'fsync', 'max_connections']) as name`,
  );
  return rows.map((row) => `${row.name}=${row.setting}`).join(', ');
}
