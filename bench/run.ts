/**
 * `npm run bench`: how fast a channel can push, side by side with what this
 * machine allows (the ceilings), in one run against the Postgres server of
 * DATABASE_URL. Prints a table and writes it to bench/RESULTS.md.
 *
 *   npm run bench                      the full run (about 10 minutes)
 *   npm run bench -- --smoke           every scenario for 3 s (CI); writes nothing
 *   npm run bench -- --note "quiet"    a line about the conditions, kept in RESULTS.md
 *   npm run bench -- --only single,batch   some scenarios only (development); writes nothing
 *                                      (http-ceiling, db-ceiling, single, repush, blue, red, bulk-ceiling, batch, scale)
 *   npm run bench -- --profile         the receiver writes a CPU profile to bench/profiles/
 *   npm run bench -- --node-options="--max-old-space-size=96"
 *                                      the receiver runs with these node options instead of package.json
 *                                      start's (experiments; writes nothing)
 *
 * The run works in a database of its own (fh_bench_<random>) that it drops
 * at the end, and stops every process it started, also when interrupted.
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp, issueToken } from '../src/auth/auth.service.ts';
import { openDatabase } from '../src/db/connect.ts';
import {
  BLUE_CODE,
  batchPush,
  blueBatchPush,
  bluePush,
  EXAMPLE_INVOICE_CODE,
  InvoiceNumbers,
  RED_CODE,
  redPush,
  singlePush,
} from './bodies.ts';
import {
  type BenchDatabase,
  checkpoint,
  countRows,
  createBenchDatabase,
  emptyPushTables,
  postgresCpu,
  serverSettings,
  serverVersion,
  settle,
} from './database.ts';
import { connectAll, endAll, PushWriter, STRATEGIES } from './db-ceiling.ts';
import { directLoad, httpLoad, type Measurement, type Measuring, type Phase, type UnderLoad } from './load.ts';
import { FULL, RECEIVER_ENV, RECEIVER_NODE_OPTIONS, SMOKE } from './plan.ts';
import { build, killAll, type ServerProcess, startServer } from './processes.ts';
import { queryScenarios } from './queries.ts';
import { type Ceiling, machine, measurements, type Report, render, writeResults } from './report.ts';
import { seed } from './seed.ts';

const GROUPS = ['http-ceiling', 'db-ceiling', 'single', 'repush', 'blue', 'red', 'bulk-ceiling', 'batch', 'scale'] as const;
type Group = (typeof GROUPS)[number];

const PUSH_PATH = '/api/openapi/v2/invoicing';

function usage(message: string): never {
  process.stderr.write(
    `bench: ${message}\nusage: npm run bench [-- --smoke] [--note TEXT] [--only ${GROUPS.join(',')}] [--profile] [--node-options=OPTIONS]\n`,
  );
  process.exit(2);
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function cpuOf(result: UnderLoad): string {
  const server =
    result.cpuMs === undefined
      ? ''
      : `, peak RSS ${((result.rss ?? 0) / 1048576).toFixed(0)} MB, server CPU ${result.cpuMs.toFixed(2)} ms, ${result.faults?.toFixed(0)} page faults`;
  const postgres = result.dbCpuMs === undefined ? '' : `, Postgres CPU ${result.dbCpuMs.toFixed(2)} ms`;
  return `${server}${postgres} per operation`;
}

function describe(result: Measurement | UnderLoad): string {
  const m = 'measurement' in result ? result.measurement : result;
  const cpu = 'measurement' in result ? cpuOf(result) : '';
  const errors = m.errors > 0 ? `, ${m.errors} errors (first: ${m.firstError})` : '';
  return `${m.rate.toFixed(1)}/s, p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms${cpu}${errors}`;
}

async function main(): Promise<void> {
  let values: {
    smoke: boolean;
    note?: string | undefined;
    only?: string | undefined;
    profile: boolean;
    'node-options'?: string | undefined;
  };
  try {
    ({ values } = parseArgs({
      options: {
        smoke: { type: 'boolean', default: false },
        note: { type: 'string' },
        only: { type: 'string' },
        profile: { type: 'boolean', default: false },
        'node-options': { type: 'string' },
      },
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    usage('DATABASE_URL is required: the bench runs against a real Postgres server (it creates and drops a database of its own)');
  const only = values.only?.split(',').map((group) => group.trim());
  for (const group of only ?? []) if (!(GROUPS as readonly string[]).includes(group)) usage(`unknown scenario group ${group}`);
  const runs = (group: Group) => !only || only.includes(group);
  const plan = values.smoke ? SMOKE : FULL;
  const started = Date.now();
  const startMachine = await machine();

  let database: BenchDatabase | undefined;
  const servers: ServerProcess[] = [];
  const cleanup = async () => {
    for (const server of servers) await server.stop().catch(() => {});
    await database?.drop().catch((error: unknown) => log(`could not drop ${database?.name}: ${String(error)}`));
  };
  const interrupted = (signal: string) => {
    log(`${signal}: stopping`);
    killAll();
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const report: Report = {
    plan,
    startMachine,
    command: '',
    receiverEnv: Object.entries(RECEIVER_ENV)
      .map(([name, value]) => `${name}=${value}`)
      .join(', '),
  };
  try {
    build();
    log('compiled to dist/ (npm run build)');
    database = await createBenchDatabase(serverUrl);
    const client = database.client;
    log(`database ${database.name} created and migrated (${plan.name} run)`);
    report.postgres = `${await serverVersion(client)} (${await serverSettings(client)})`;

    const handle = await openDatabase({ databaseUrl: database.url, poolMax: 1 });
    const credentials = await createApp(handle.db, { name: 'bench', scopes: ['push', 'read'] });
    const token = await issueToken(handle.db, credentials.appKey, credentials.appSecurity, 3 * 3600);
    const appId = (await handle.db.selectFrom('apps').select('id').where('name', '=', 'bench').executeTakeFirstOrThrow()).id;
    await handle.close();
    const pushPath = `${PUSH_PATH}?accessToken=${encodeURIComponent(token.accessToken)}`;

    const numbers = new InvoiceNumbers();
    const pushPhase: Phase = { warmupSeconds: plan.warmupSeconds, seconds: plan.seconds, connections: plan.pushConnections };
    const nextSingle = () => ({ method: 'POST' as const, path: pushPath, body: singlePush(numbers.take()) });

    // The HTTP ceiling: a bare Express app, same body, same load.
    if (runs('http-ceiling')) {
      const bare = await startServer({ name: 'bare Express', script: 'dist/bench/bare-server.js', env: { NODE_ENV: 'production' } });
      servers.push(bare);
      report.httpCeiling = await measureOn(undefined, bare, (measuring) =>
        httpLoad(bare.url, pushPhase, () => ({ method: 'POST', path: PUSH_PATH, body: singlePush(numbers.take()) }), measuring),
      );
      log(`HTTP ceiling: ${describe(report.httpCeiling)}`);
      await bare.stop();
    }

    // The database ceiling of a single push: the same rows, straight through pg, each way of sending them.
    const databaseCeiling = async (invoicesPerPush: number) => {
      const results: Ceiling[] = [];
      for (const strategy of STRATEGIES) {
        await emptyPushTables(client);
        await checkpoint(client);
        const clients = await connectAll(database!.url, plan.pushConnections);
        const writer = new PushWriter(strategy, appId);
        let serial = 0;
        const result = await measureOn(client, undefined, (measuring) =>
          directLoad(clients, pushPhase, (worker) => writer.write(worker, takeMany(numbers, invoicesPerPush), ++serial), measuring),
        );
        await endAll(clients);
        await verifyStored(client, result.measurement.count, invoicesPerPush, 2);
        log(`database ceiling (${invoicesPerPush} per push, ${strategy}): ${describe(result)}`);
        results.push({ strategy, result });
      }
      await emptyPushTables(client);
      return results;
    };
    if (runs('db-ceiling')) report.dbCeiling = await databaseCeiling(1);

    const receiverNodeOptions = values['node-options']?.split(/\s+/).filter(Boolean) ?? RECEIVER_NODE_OPTIONS;
    if (values['node-options'] !== undefined) report.receiverNodeOptions = receiverNodeOptions.join(' ');
    const receiver = await startServer({
      name: 'receiver',
      script: 'dist/src/server.js',
      env: { ...RECEIVER_ENV, DATABASE_URL: database.url },
      nodeOptions: [...receiverNodeOptions, ...(values.profile ? ['--cpu-prof', '--cpu-prof-dir=bench/profiles'] : [])],
    });
    if (values.profile) mkdirSync(new URL('profiles/', import.meta.url), { recursive: true });
    servers.push(receiver);
    const underLoad = async (run: (measuring: Measuring) => Promise<Measurement>) => {
      await checkpoint(client);
      const result = await measureOn(client, receiver, run);
      await settle(client);
      return result;
    };

    // The receiver's own warm-up, then empty tables again.
    await httpLoad(receiver.url, { ...pushPhase, warmupSeconds: 0, seconds: plan.receiverWarmupSeconds }, nextSingle);
    await settle(client);
    await emptyPushTables(client);

    // 1. Single push, empty tables.
    if (runs('single') || runs('repush')) {
      const result = await underLoad((measuring) => httpLoad(receiver.url, pushPhase, nextSingle, measuring));
      report.single = { ...result, stored: await verifyStored(client, result.measurement.count, 1, 2) };
      log(`single push: ${describe(result)}`);
    }

    // 3. Re-push: the invoices of scenario 1 again, unchanged (the idempotent path).
    if (runs('repush')) {
      const before = await countRows(client, 'invoices');
      const stored = await storedNumbers(client);
      let next = 0;
      const result = await underLoad((measuring) =>
        httpLoad(
          receiver.url,
          pushPhase,
          () => ({ method: 'POST', path: pushPath, body: singlePush(stored[next++ % stored.length]!) }),
          measuring,
        ),
      );
      const after = await countRows(client, 'invoices');
      if (after !== before) throw new Error(`re-push stored new invoices: ${before} before, ${after} after`);
      report.repush = result;
      log(`re-push: ${describe(result)}`);
    }

    // 6. Single push of a blue invoice (new numbers): the push path that no red-flush work may slow down.
    if (runs('blue')) {
      await emptyPushTables(client);
      const result = await underLoad((measuring) =>
        httpLoad(receiver.url, pushPhase, () => ({ method: 'POST', path: pushPath, body: bluePush(numbers.take()) }), measuring),
      );
      report.blue = { ...result, stored: await verifyStored(client, result.measurement.count, 1, 2) };
      log(`blue push: ${describe(result)}`);
    }

    // 7. Single push of a red invoice naming a stored blue one (each its own), which the push links and recomputes.
    if (runs('red')) {
      await emptyPushTables(client);
      const blueRate = report.blue?.measurement.rate ?? 0;
      const count = Math.max(plan.redBlues, Math.ceil(1.5 * blueRate * (plan.warmupSeconds + plan.seconds)));
      const blues = takeMany(numbers, count);
      await storeBlues(receiver.url, pushPath, blues, 100);
      const seedPushes = await countRows(client, 'pushes');
      log(`stored ${count.toLocaleString('en')} blue invoices for the red pushes`);
      let next = 0;
      const result = await underLoad((measuring) =>
        httpLoad(receiver.url, pushPhase, () => ({ method: 'POST', path: pushPath, body: redPush(blues[next++ % count]!) }), measuring),
      );
      if (next > count)
        throw new Error(`the red pushes ran out of blue invoices: ${count} stored, ${next} red pushes made (raise redBlues)`);
      report.red = { ...result, blues: count, stored: await verifyReds(client, result.measurement.count, count, seedPushes) };
      log(`red push: ${describe(result)}`);
    }

    // The bulk database ceiling: pushes of the same size, multi-row statements.
    if (runs('bulk-ceiling')) report.bulkCeiling = await databaseCeiling(plan.batchSize);

    // 2. Batch push: 100 invoices per push.
    if (runs('batch')) {
      await emptyPushTables(client);
      let serial = 0;
      const result = await underLoad((measuring) =>
        httpLoad(
          receiver.url,
          pushPhase,
          () => ({ method: 'POST', path: pushPath, body: batchPush(`BENCH-${++serial}`, takeMany(numbers, plan.batchSize)) }),
          measuring,
        ),
      );
      report.batch = { ...result, stored: await verifyStored(client, result.measurement.count, plan.batchSize, 2) };
      log(`batch push: ${describe(result)} (× ${plan.batchSize} invoices)`);
    }

    // 4, 5. At scale: seeded tables, then single push again and the queries.
    if (runs('scale')) {
      await emptyPushTables(client);
      log(`seeding ${plan.seedInvoices.toLocaleString('en')} invoices`);
      const seedStart = Date.now();
      await seed(client, appId, plan.seedInvoices);
      report.seedSeconds = (Date.now() - seedStart) / 1000;
      log(`seeded in ${report.seedSeconds.toFixed(0)} s`);

      const result = await underLoad((measuring) => httpLoad(receiver.url, pushPhase, nextSingle, measuring));
      report.growth = result;
      log(`single push at ${plan.seedInvoices.toLocaleString('en')} invoices: ${describe(result)}`);

      report.queries = await queryScenarios({
        client,
        url: receiver.url,
        accessToken: token.accessToken,
        plan,
        underLoad,
        log,
      });
    }
    if (measurements(report).some(([, m]) => m.errors > 0)) log(`the receiver's last log lines:\n${receiver.output().trim()}`);
    await receiver.stop();
  } finally {
    await cleanup();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }

  report.seconds = (Date.now() - started) / 1000;
  report.endMachine = await machine();
  report.note = values.note;
  report.command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const text = render(report);
  process.stdout.write(`${text}\n`);
  if (plan.name === 'full' && !only && values['node-options'] === undefined) {
    writeResults(text);
    log('written to bench/RESULTS.md');
  }
  log(`done in ${report.seconds.toFixed(0)} s`);
  // A scenario without one successful request means the bench is broken; in a smoke run, so does any error.
  const broken = measurements(report).filter(([, m]) => m.count === 0 || (plan.name === 'smoke' && m.errors > 0));
  if (broken.length > 0) {
    log(`failed: ${broken.map(([name, m]) => `${name} (${m.count} succeeded, ${m.errors} failed)`).join(', ')}`);
    process.exitCode = 1;
  }
}

/** The numbers of the invoices stored by pushes of the example. */
async function storedNumbers(client: BenchDatabase['client']): Promise<number[]> {
  const { rows } = await client.query<{ invoice_number: string }>(
    'select invoice_number from invoices where invoice_code = $1 order by id',
    [EXAMPLE_INVOICE_CODE],
  );
  if (rows.length === 0) throw new Error('nothing stored to push again');
  return rows.map((row) => Number(row.invoice_number));
}

/**
 * Runs load, and reads what its measured part cost: the server process's
 * peak memory and CPU (when there is a server), and Postgres's CPU.
 */
async function measureOn(
  client: BenchDatabase['client'] | undefined,
  server: ServerProcess | undefined,
  run: (measuring: Measuring) => Promise<Measurement>,
): Promise<UnderLoad> {
  let cpuAtStart = 0;
  let faultsAtStart = 0;
  let postgres: (() => Promise<number>) | undefined;
  const measurement = await run(async () => {
    server?.resetPeak();
    cpuAtStart = server?.cpuSeconds() ?? 0;
    faultsAtStart = server?.minorFaults() ?? 0;
    postgres = client && (await postgresCpu(client));
  });
  const perOperation = (seconds: number) => (seconds * 1000) / Math.max(1, measurement.count);
  const cpuMs = server ? perOperation(server.cpuSeconds() - cpuAtStart) : undefined;
  const faults = server ? (server.minorFaults() - faultsAtStart) / Math.max(1, measurement.count) : undefined;
  const dbCpuMs = postgres && perOperation(await postgres());
  return { measurement, ...(server && { rss: server.peakRss(), cpuMs, faults }), ...(dbCpuMs !== undefined && { dbCpuMs }) };
}

/** Stores blue invoices through the receiver, in batch pushes of `size`, a few at a time (not measured). */
async function storeBlues(url: string, pushPath: string, numbers: readonly number[], size: number): Promise<void> {
  let at = 0;
  let serial = 0;
  const worker = async () => {
    while (at < numbers.length) {
      const slice = numbers.slice(at, at + size);
      at += size;
      const response = await fetch(`${url}${pushPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: blueBatchPush(`BENCH-BLUE-${++serial}`, slice),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`storing blue invoices: HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/**
 * What the database holds after the red pushes: the blue invoices stored
 * before, every acknowledged red push stored with its invoice, detail rows
 * and history, each red invoice linked to its blue one, and each blue
 * invoice that a red one names red-flushed in full (the others untouched).
 * Returns the red invoice count.
 */
async function verifyReds(client: BenchDatabase['client'], acknowledged: number, blues: number, seedPushes: number): Promise<number> {
  const pushes = (await countRows(client, 'pushes')) - seedPushes;
  const invoices = await countRows(client, 'invoices');
  const details = await countRows(client, 'invoice_details');
  const history = await countRows(client, 'invoice_history');
  const { rows } = await client.query<{ reds: number; linked: number; full: number; untouched: number }>(
    `select count(*) filter (where invoice_type = 1 and invoice_code = $1)::int as reds,
       count(*) filter (where invoice_type = 1 and red_flush_status = 'linked' and red_flush_blue_id is not null)::int as linked,
       count(*) filter (where invoice_type = 0 and invoice_code = $2 and red_flush_status = 'full' and red_flushed_total = invoice_total_price_tax)::int as full,
       count(*) filter (where invoice_type = 0 and invoice_code = $2 and red_flush_status = 'none')::int as untouched
     from invoices`,
    [RED_CODE, BLUE_CODE],
  );
  const { reds, linked, full, untouched } = rows[0]!;
  if (
    pushes < acknowledged ||
    reds !== pushes ||
    invoices !== blues + reds ||
    details !== invoices * 2 ||
    history !== invoices ||
    linked !== reds ||
    full !== reds ||
    untouched !== blues - reds
  ) {
    throw new Error(
      `stored rows do not match the acknowledged red pushes: ${acknowledged} acknowledged, ${pushes} red pushes, ${reds} red invoices (${linked} linked) for ${blues} blue ones (${full} red-flushed in full, ${untouched} untouched), ${details} detail rows, ${history} history entries`,
    );
  }
  return reds;
}

function takeMany(numbers: InvoiceNumbers, count: number): number[] {
  return Array.from({ length: count }, () => numbers.take());
}

/**
 * What the database holds after a push scenario: every acknowledged push
 * stored, with its invoices, their detail rows and one history entry each.
 * Returns the invoice count.
 */
async function verifyStored(
  client: BenchDatabase['client'],
  acknowledged: number,
  invoicesPerPush: number,
  detailsPerInvoice: number,
): Promise<number> {
  const pushes = await countRows(client, 'pushes');
  const invoices = await countRows(client, 'invoices');
  const details = await countRows(client, 'invoice_details');
  const history = await countRows(client, 'invoice_history');
  if (pushes < acknowledged || invoices !== pushes * invoicesPerPush || details !== invoices * detailsPerInvoice || history !== invoices) {
    throw new Error(
      `stored rows do not match the acknowledged pushes: ${acknowledged} acknowledged, ${pushes} pushes, ${invoices} invoices, ${details} detail rows, ${history} history entries`,
    );
  }
  return invoices;
}

await main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
