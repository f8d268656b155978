/**
 * `npm run bench:console`: "no console page takes over a second with
 * 1,000,000 invoices stored", measured. Seeds the invoices (bench/seed.ts)
 * into a database of its own on the Postgres server of DATABASE_URL, starts
 * the server compiled (as `npm run bench` does), signs a console user in,
 * and times, one request at a time as a person's browser makes them, every
 * API call a console page makes when it is first opened (the session, then
 * the page's list or record with the console's default filters), and the
 * static files the browser loads before any of them (the page, its entry
 * scripts and stylesheet, fetched six at a time as a browser does).
 * Prints p50/p99 per call and per page (the page's calls one after the
 * other: an upper bound, the browser runs the list calls side by side).
 *
 *   npm run bench:console                          1,000,000 invoices, 100 timed requests per call
 *   npm run bench:console -- --invoices 20000 --requests 20   a quick look
 *
 * Not part of `npm test` (it takes minutes). The database is dropped at the
 * end, and the server stopped, also when interrupted.
 */
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../src/audit/audit.service.ts';
import { createApp } from '../src/auth/auth.service.ts';
import { openDatabase } from '../src/db/connect.ts';
import { createUser } from '../src/users/users.service.ts';
import { type BenchDatabase, createBenchDatabase } from './database.ts';
import { RECEIVER_ENV, RECEIVER_NODE_OPTIONS } from './plan.ts';
import { build, killAll, type ServerProcess, startServer } from './processes.ts';
import { machine } from './report.ts';
import { seed } from './seed.ts';

const WARMUP = 10;
const BROWSER_CONNECTIONS = 6;

function log(message: string): void {
  process.stderr.write(`[bench:console ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface Timing {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly bytes: number;
}

/** Runs `call` WARMUP times, then `count` times timed, one after the other. */
async function time(count: number, call: (i: number) => Promise<number>): Promise<Timing> {
  for (let i = 0; i < WARMUP; i++) await call(i);
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    bytes = await call(WARMUP + i);
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1) ?? Number.NaN, bytes };
}

/** A GET with the session cookie; fails on anything but 200. Returns the body's size. */
async function get(url: string, cookie: string): Promise<number> {
  const response = await fetch(url, { headers: { cookie, accept: 'application/json' } });
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status}: ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
  return body.byteLength;
}

async function signIn(url: string, name: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/console/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const session = (await login.json()) as { value: { csrfToken: string } };
  if (login.status !== 200) throw new Error(`sign-in: HTTP ${login.status}: ${JSON.stringify(session)}`);
  const cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
  const changed = await fetch(`${url}/api/console/session/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.value.csrfToken },
    body: JSON.stringify({ currentPassword: password, newPassword: `${password}-bench-own` }),
  });
  if (changed.status !== 200) throw new Error(`password change: HTTP ${changed.status}: ${await changed.text()}`);
  return cookie;
}

/** The page and what it loads before any script runs: entry script, module preloads, stylesheets. */
async function staticFiles(url: string): Promise<string[]> {
  const html = await (await fetch(`${url}/console/invoices`)).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((match) => match[1] as string);
  if (assets.length === 0) throw new Error('the console page names no assets: is console/dist built?');
  return ['/console/invoices', ...assets];
}

async function loadStatic(url: string, files: readonly string[]): Promise<number> {
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++] as string;
      const response = await fetch(`${url}${file}`);
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ${file}: HTTP ${response.status}`);
      bytes += body.byteLength;
    }
  };
  await Promise.all(Array.from({ length: BROWSER_CONNECTIONS }, worker));
  return bytes;
}

interface Call {
  readonly page: string;
  readonly what: string;
  readonly path: (i: number) => string;
}

/** A number from 1 to `max`, spread over the range (the same for the same i: a run can be repeated). */
function spread(i: number, max: number): number {
  return ((i * 7919) % max) + 1;
}

function calls(invoices: number): Call[] {
  const pushes = Math.ceil(invoices / 100);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return [
    { page: '(every page)', what: 'GET /api/console/session', path: () => '/api/console/session' },
    { page: '发票查询', what: 'invoice list, no filter (limit 50)', path: () => '/api/openapi/v2/invoices?limit=50' },
    {
      page: '发票查询（按销方、月份）',
      what: 'invoice list, one seller and a month (limit 50)',
      path: (i) =>
        `/api/openapi/v2/invoices?limit=50&sellerTaxNo=9131000000BEN${String(i % 200).padStart(5, '0')}&invoiceDateFrom=2025-06-01&invoiceDateTo=2025-06-30`,
    },
    {
      page: '发票详情',
      what: 'one invoice (header, rows, findings, red flush, receipts)',
      path: (i) => `/api/openapi/v2/invoices/${spread(i, invoices)}`,
    },
    {
      page: '发票红冲',
      what: 'red-flush candidates (blue, issued, none or partial; limit 50)',
      path: () => '/api/openapi/v2/invoices?redFlushStatus=none%2Cpartial&invoiceType=0&invoicingStatus=00&limit=50',
    },
    { page: '红冲申请', what: 'red-flush requests (limit 50)', path: () => '/api/openapi/v2/red-flushes?limit=50' },
    { page: '红字确认单', what: 'red confirmation forms (limit 50)', path: () => '/api/openapi/v2/red-confirm-forms?limit=50' },
    {
      page: '推送记录',
      what: "today's rejected or in-progress batches (limit 50)",
      path: () => `/api/openapi/v2/invoicing/batch-list?result=1%2C2&updatedFrom=${today}&limit=50`,
    },
    { page: '推送记录', what: 'push list (limit 50)', path: () => '/api/openapi/v2/invoicing/pushes?limit=50' },
    { page: '推送详情', what: 'one push with its body', path: (i) => `/api/openapi/v2/invoicing/pushes/${spread(i, pushes)}` },
    {
      page: '批次详情',
      what: 'one batch (its pushes and 100 invoices)',
      path: (i) => `/api/openapi/v2/invoicing/batches?channelCode=seed&serialNo=SEED-${spread(i, pushes)}`,
    },
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { invoices: { type: 'string', default: '1000000' }, requests: { type: 'string', default: '100' } },
  });
  const invoices = Number(values.invoices);
  const requests = Number(values.requests);
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl || !(invoices >= 1000) || !(requests >= 10)) {
    process.stderr.write('usage: DATABASE_URL=postgres://… npm run bench:console [-- --invoices N (≥ 1000)] [--requests N (≥ 10)]\n');
    process.exit(2);
  }
  const started = Date.now();
  const before = await machine();
  let database: BenchDatabase | undefined;
  let server: ServerProcess | undefined;
  const cleanup = async () => {
    await server?.stop().catch(() => {});
    await database?.drop().catch((error: unknown) => log(`could not drop ${database?.name}: ${String(error)}`));
  };
  process.once('SIGINT', () => {
    killAll();
    void cleanup().finally(() => process.exit(130));
  });
  try {
    build();
    log('compiled to dist/ and console/dist (npm run build)');
    database = await createBenchDatabase(serverUrl);
    const handle = await openDatabase({ databaseUrl: database.url, poolMax: 1 });
    await createApp(handle.db, { name: 'bench', scopes: ['push', 'read'] });
    const appId = (await handle.db.selectFrom('apps').select('id').where('name', '=', 'bench').executeTakeFirstOrThrow()).id;
    const user = await createUser(handle.db, { actor: CLI_ACTOR }, { name: 'bench.viewer', role: 'viewer' });
    await handle.close();
    log(`seeding ${invoices.toLocaleString('en')} invoices into ${database.name}`);
    const seedStart = Date.now();
    await seed(database.client, appId, invoices);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    log(`seeded in ${seedSeconds.toFixed(0)} s`);

    server = await startServer({
      name: 'server',
      script: 'dist/src/server.js',
      env: { ...RECEIVER_ENV, DATABASE_URL: database.url },
      nodeOptions: [...RECEIVER_NODE_OPTIONS],
    });
    const cookie = await signIn(server.url, user.user.name, user.password);
    const rows: string[] = [];
    const byPage = new Map<string, { p50: number; p99: number }>();
    for (const call of calls(invoices)) {
      const url = server.url;
      const timing = await time(requests, (i) => get(`${url}${call.path(i)}`, cookie));
      log(`${call.page} ${call.what}: p50 ${timing.p50.toFixed(1)} ms, p99 ${timing.p99.toFixed(1)} ms`);
      rows.push(
        `| ${call.page} | ${call.what} | ${timing.p50.toFixed(1)} | ${timing.p99.toFixed(1)} | ${timing.max.toFixed(1)} | ${timing.bytes.toLocaleString('en')} |`,
      );
      const page = byPage.get(call.page) ?? { p50: 0, p99: 0 };
      byPage.set(call.page, { p50: page.p50 + timing.p50, p99: page.p99 + timing.p99 });
    }
    const files = await staticFiles(server.url);
    const url = server.url;
    const statics = await time(requests, () => loadStatic(url, files));
    log(`static files (${files.length}): p50 ${statics.p50.toFixed(1)} ms, p99 ${statics.p99.toFixed(1)} ms`);
    rows.push(
      `| (first visit) | the page and its ${files.length - 1} entry files, ${BROWSER_CONNECTIONS} at a time (not compressed) | ${statics.p50.toFixed(1)} | ${statics.p99.toFixed(1)} | ${statics.max.toFixed(1)} | ${statics.bytes.toLocaleString('en')} |`,
    );
    const session = byPage.get('(every page)') ?? { p50: 0, p99: 0 };
    const pages = [...byPage.entries()]
      .filter(([page]) => !page.startsWith('('))
      .map(
        ([page, sum]) =>
          `| ${page} | ${(sum.p50 + session.p50).toFixed(1)} | ${(sum.p99 + session.p99).toFixed(1)} | ${(sum.p99 + session.p99 + statics.p99).toFixed(1)} |`,
      );
    const after = await machine();
    const text = [
      `- **Run**: ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC, \`npm run bench:console${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`, ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
      `- **Data**: ${invoices.toLocaleString('en')} invoices seeded in ${seedSeconds.toFixed(0)} s (bench/seed.ts), ${Math.ceil(invoices / 100).toLocaleString('en')} pushes and batches`,
      `- **Load**: one request at a time, as one person's browser; ${WARMUP} untimed, then ${requests} timed per line; load average (1 / 5 / 15 min) ${before.loadAverage.map((l) => l.toFixed(2)).join(' / ')} at the start, ${after.loadAverage.map((l) => l.toFixed(2)).join(' / ')} at the end`,
      '',
      '| page | call | p50 ms | p99 ms | max ms | bytes |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      "| page | its calls after the session, one after the other: p50 ms | p99 ms | p99 ms with the first visit's static files |",
      '| --- | ---: | ---: | ---: |',
      ...pages,
    ].join('\n');
    process.stdout.write(`${text}\n`);
  } finally {
    await cleanup();
  }
}

await main();
