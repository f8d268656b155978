/**
 * What storing a push costs Postgres: the receiver's own `receivePush` (the
 * same statements, parameters and transaction) for the doc example as a
 * single push or as a batch of 100, one push after another on one
 * connection of a fresh database, with nothing else running against it. It
 * prints the CPU the connection's backend used per push (from /proc, so
 * Postgres must run on this machine), round by round: the steadier figure
 * for a change to the push's SQL or the schema than the load scenarios of
 * `npm run bench`, where the backends, autovacuum and the WAL writer share
 * two cores with the receiver and the load generator.
 *
 * `--compare-compression` alternates rounds with `pushes.body` compressed
 * with pglz and with lz4 (migrations/0019_push_body_lz4.ts), so that both
 * meet the same drift of a shared machine.
 *
 *   DATABASE_URL=postgres://… node bench/store-cpu.ts [single|batch] [--rounds N] [--compare-compression]
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { parseJson } from '../src/api/json.ts';
import { MAX_DEPTH } from '../src/api/normalize.ts';
import { createApp } from '../src/auth/auth.service.ts';
import { openDatabase } from '../src/db/connect.ts';
import { validBody } from '../src/http/validate.ts';
import { receivePush } from '../src/push/push.service.ts';
import { batchPush, singlePush } from './bodies.ts';
import { createBenchDatabase, emptyPushTables } from './database.ts';
import { cpuSeconds } from './processes.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '8' }, 'compare-compression': { type: 'boolean', default: false } },
});
const kind = positionals[0] ?? 'single';
if (kind !== 'single' && kind !== 'batch') throw new Error(`store-cpu: single or batch, not ${kind}`);
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error('store-cpu: set DATABASE_URL (a Postgres server on this machine)');
const rounds = Number(values.rounds);
const compare = values['compare-compression'];
/** Pushes per round: about a second of the backend's CPU either way. */
const perRound = kind === 'single' ? 1500 : 60;

const database = await createBenchDatabase(serverUrl);
const handle = await openDatabase({ databaseUrl: database.url, poolMax: 1 });
try {
  await createApp(handle.db, { name: 'bench', scopes: ['push'] });
  const app = await handle.db.selectFrom('apps').select(['id', 'name']).where('name', '=', 'bench').executeTakeFirstOrThrow();
  const principal = { appId: app.id, appName: app.name, scopes: ['push'], channels: null, sellers: null };
  const backend = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db)).rows[0]?.pid;
  if (backend === undefined) throw new Error('store-cpu: no backend pid');

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
    if (!parsed.ok) throw new Error(`store-cpu: the body is not JSON: ${parsed.reason}`);
    const body = validBody('PushRequest', parsed.value);
    await receivePush(handle.db, { principal, body, rawBody: text, contentType: 'application/json', requestId: 'store-cpu' });
  };

  const perMethod = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    const method = compare ? (round % 2 === 0 ? 'pglz' : 'lz4') : 'as migrated';
    if (compare) await database.client.query(`alter table pushes alter column body set compression ${method}`);
    await emptyPushTables(database.client);
    await database.client.query('checkpoint').catch(() => {});
    // Warm up: plans prepared, the tables' first pages allocated.
    for (let i = 0; i < perRound / 4; i++) await push();
    const before = cpuSeconds(backend);
    for (let i = 0; i < perRound; i++) await push();
    const ms = ((cpuSeconds(backend) - before) * 1000) / perRound;
    perMethod.set(method, [...(perMethod.get(method) ?? []), ms]);
    console.log(`round ${round + 1}, ${method}: ${ms.toFixed(3)} ms of Postgres CPU per ${kind} push`);
  }
  for (const [method, figures] of perMethod) {
    const mean = figures.reduce((sum, figure) => sum + figure, 0) / figures.length;
    console.log(`${method}: mean ${mean.toFixed(3)} ms (${figures.map((figure) => figure.toFixed(2)).join(', ')})`);
  }
} finally {
  await handle.close();
  await database.drop();
}
