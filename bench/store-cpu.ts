/**
 * What storing a push costs Postgres: the receiver's own `receivePush` (the
 * same statements, parameters and transaction) for the doc example as a
 * single push or as a batch of 100, one push after another on one
 * connection of a fresh database, with nothing else running against it. It
 * prints the CPU the connection's backend used per push (from /proc, so
 * Postgres must run on this machine), round by round: the steadier figure
 * for a change to the push's SQL or the schema than the load scenarios of
 * `npm run bench`, where the backends, autovacuum and the WAL writer share
 * two cores with the receiver and the load generator. /proc counts in
 * ticks of 10 ms; a round is about 2 s of the backend's CPU, so a round's
 * figure is good to about half a percent.
 *
 * `--compare-compression` sets `pushes.body` to pglz and to lz4
 * (migrations/0019_push_body_lz4.ts) in rounds ordered pglz, lz4, lz4,
 * pglz, …, so that both meet the same drift of a shared machine; the rounds
 * must then be a multiple of 4.
 *
 *   DATABASE_URL=postgres://… node bench/store-cpu.ts [single|batch] [--rounds N] [--compare-compression]
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { parseJson } from '../src/api/json.ts';
import { MAX_DEPTH } from '../src/api/normalize.ts';
import { createApp } from '../src/auth/auth.service.ts';
import { type DatabaseHandle, openDatabase } from '../src/db/connect.ts';
import { validBody } from '../src/http/validate.ts';
import { receivePush } from '../src/push/push.service.ts';
import { batchPush, singlePush } from './bodies.ts';
import { type BenchDatabase, createBenchDatabase, emptyPushTables } from './database.ts';
import { cpuSeconds, processName } from './processes.ts';

const USAGE = 'usage: DATABASE_URL=postgres://… node bench/store-cpu.ts [single|batch] [--rounds N] [--compare-compression]';

function usage(message: string): never {
  process.stderr.write(`store-cpu: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: { rounds: string; 'compare-compression': boolean };
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rounds: { type: 'string', default: '8' }, 'compare-compression': { type: 'boolean', default: false } },
  }));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
if (positionals.length > 1) usage(`one kind of push, not ${positionals.join(' ')}`);
const kind = positionals[0] ?? 'single';
if (kind !== 'single' && kind !== 'batch') usage(`the kind of push is single or batch, not ${kind}`);
const compare = values['compare-compression'];
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) usage(`--rounds takes a whole number of at least 1, not ${values.rounds}`);
if (compare && rounds % 4 !== 0) usage(`--compare-compression takes rounds in fours (pglz, lz4, lz4, pglz), not ${rounds}`);
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) usage('DATABASE_URL is required: a Postgres server on this machine (a database of its own is created and dropped)');
/** Pushes per round: about 2 s of the backend's CPU either way. */
const perRound = kind === 'single' ? 3000 : 150;

let database: BenchDatabase | undefined;
let handle: DatabaseHandle | undefined;
const cleanup = async () => {
  await handle?.close().catch(() => {});
  await database?.drop().catch((error: unknown) => process.stderr.write(`store-cpu: could not drop ${database?.name}: ${String(error)}\n`));
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`store-cpu: ${signal}: stopping\n`);
    void cleanup().finally(() => process.exit(130));
  });
}

try {
  database = await createBenchDatabase(serverUrl);
  handle = await openDatabase({ databaseUrl: database.url, poolMax: 1 });
  const db = handle.db;
  await createApp(db, { name: 'bench', scopes: ['push'] });
  const app = await db.selectFrom('apps').select(['id', 'name']).where('name', '=', 'bench').executeTakeFirstOrThrow();
  const principal = { appId: app.id, appName: app.name, scopes: ['push'], channels: null, sellers: null };
  const backendPid = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]?.pid;
  const backend = await backendPid();
  if (backend === undefined || processName(backend) !== 'postgres') {
    throw new Error(`the connection's backend (pid ${backend}) is not a postgres process of this machine: run Postgres here`);
  }
  const compression = async () =>
    (
      await sql<{ method: string }>`
        select case attcompression when 'p' then 'pglz' when 'l' then 'lz4' else 'default (' || current_setting('default_toast_compression') || ')' end as method
        from pg_attribute where attrelid = 'pushes'::regclass and attname = 'body'`.execute(db)
    ).rows[0]?.method;

  let next = 1;
  const push = async () => {
    const text =
      kind === 'single'
        ? singlePush(next++)
        : batchPush(
            `BENCH-${next}`,
            Array.from({ length: 100 }, () => next++),
          );
    const parsed = parseJson(text, MAX_DEPTH);
    if (!parsed.ok) throw new Error(`the body is not JSON: ${parsed.reason}`);
    const body = validBody('PushRequest', parsed.value);
    await receivePush(db, { principal, body, rawBody: text, contentType: 'application/json', requestId: 'store-cpu' });
  };

  const perMethod = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    if (compare) {
      const method = round % 4 === 0 || round % 4 === 3 ? 'pglz' : 'lz4';
      await database.client.query(`alter table pushes alter column body set compression ${method}`);
    }
    const method = (await compression()) ?? 'unknown';
    await emptyPushTables(database.client);
    await database.client.query('checkpoint').catch(() => {});
    // Warm up: plans prepared, the tables' first pages allocated.
    for (let i = 0; i < perRound / 4; i++) await push();
    const before = cpuSeconds(backend);
    for (let i = 0; i < perRound; i++) await push();
    const ms = ((cpuSeconds(backend) - before) * 1000) / perRound;
    if ((await backendPid()) !== backend) throw new Error('the connection to Postgres changed during the round: its CPU cannot be read');
    perMethod.set(method, [...(perMethod.get(method) ?? []), ms]);
    console.log(`round ${round + 1}, body compression ${method}: ${ms.toFixed(3)} ms of Postgres CPU per ${kind} push`);
  }
  for (const [method, figures] of perMethod) {
    const mean = figures.reduce((sum, figure) => sum + figure, 0) / figures.length;
    console.log(`${method}: mean ${mean.toFixed(3)} ms (${figures.map((figure) => figure.toFixed(2)).join(', ')})`);
  }
} catch (error) {
  process.stderr.write(`store-cpu: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
