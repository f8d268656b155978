/**
 * Faults: the database going away and coming back, shutdown with pushes in
 * flight, and two instances sharing one database.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import supertest from 'supertest';
import { buildApp } from '../src/app.ts';
import { createApp, issueToken } from '../src/auth/auth.service.ts';
import { openDatabase } from '../src/db/connect.ts';
import { createLogger } from '../src/logger.ts';
import { buildDetail, buildInvoice, buildPush, type PushRequest } from './helpers/builders.ts';
import { createTestDatabase, withDatabase } from './helpers/database.ts';
import { startServer } from './helpers/server-process.ts';
import { startTcpProxy } from './helpers/tcp-proxy.ts';

const POSTGRES = process.env.DATABASE_URL;
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('when Postgres is cut away, then push answers 503 with Retry-After and /readyz goes red without hanging; when it is back, both recover without a restart' +
  (POSTGRES ? '' : ' (skipped: needs DATABASE_URL, the embedded database has no connection to cut)'), { skip: !POSTGRES }, async (t) => {
  const database = await createTestDatabase();
  cleanups.push(() => database.close());
  const proxy = await startTcpProxy('127.0.0.1', Number(new URL(database.url as string).port || 5432));
  cleanups.push(() => proxy.close());
  const viaProxy = new URL(database.url as string);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const handle = await openDatabase({ databaseUrl: viaProxy.toString(), connectTimeoutMs: 1500, statementTimeoutMs: 3000 });
  cleanups.push(() => handle.close());
  const app = buildApp({ db: handle.db, logger: createLogger('silent'), bodyLimitBytes: 1 << 20, accessTokenTtlSeconds: 3600 });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
  });
  const http = supertest(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const credentials = await createApp(database.db, { name: 'faults', scopes: ['push'] });
  const { accessToken } = await issueToken(database.db, credentials.appKey, credentials.appSecurity, 3600);
  const push = (body: PushRequest) =>
    http.post(`/api/openapi/v2/invoicing?accessToken=${accessToken}`).set('Content-Type', 'application/json').send(JSON.stringify(body));

  assert.equal((await push(buildPush())).status, 200);
  assert.equal((await http.get('/readyz')).status, 200);

  proxy.cut();
  const invoice = buildInvoice();
  const started = Date.now();
  const refused = await push(buildPush({ data: [invoice] }));
  const elapsed = Date.now() - started;
  assert.equal(refused.status, 503, JSON.stringify(refused.body));
  assert.equal(refused.body.code, 'unavailable');
  assert.equal(refused.headers['retry-after'], '5');
  assert.notDeepEqual(refused.body, { value: true });
  assert.ok(elapsed < 10_000, `answered at all (took ${elapsed} ms; DB_CONNECT_TIMEOUT_MS is 1500)`);
  t.diagnostic(`503 answered ${elapsed} ms after the push was sent, with the database cut`);
  const readyStarted = Date.now();
  const notReady = await http.get('/readyz');
  t.diagnostic(`/readyz answered 503 after ${Date.now() - readyStarted} ms`);
  assert.equal(notReady.status, 503);
  assert.deepEqual(notReady.body, { status: 'unavailable', database: 'unreachable', migrations: 'unknown' });
  assert.equal((await http.get('/healthz')).status, 200, 'the process itself is up');

  proxy.restore();
  let recovered = await push(buildPush({ data: [invoice] }));
  for (let attempt = 0; recovered.status !== 200 && attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    recovered = await push(buildPush({ data: [invoice] }));
  }
  assert.equal(recovered.status, 200, JSON.stringify(recovered.body));
  assert.equal((await http.get('/readyz')).status, 200);
  const stored = await database.db.selectFrom('invoices').select('id').where('invoice_number', '=', invoice.invoiceNumber).execute();
  assert.equal(stored.length, 1, 'the refused push stored nothing; the retried one stored the invoice once');
});

test('when SIGTERM comes while pushes are in flight, then every acknowledged push is stored, none fails, and the exit code is 0', async () => {
  let env: NodeJS.ProcessEnv;
  let accessToken: string;
  let openForCheck: () => Promise<{ db: Awaited<ReturnType<typeof openDatabase>>['db']; close(): Promise<void> }>;
  if (POSTGRES) {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const credentials = await createApp(database.db, { name: 'shutdown', scopes: ['push'] });
    accessToken = (await issueToken(database.db, credentials.appKey, credentials.appSecurity, 3600)).accessToken;
    env = { DATABASE_URL: database.url };
    openForCheck = async () => ({ db: database.db, close: async () => {} });
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fapiao-hub-shutdown-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    env = { DATABASE_URL: '', DATA_DIR: dataDir };
    accessToken = '';
    openForCheck = () => openDatabase({ dataDir });
  }
  const server = await startServer({ ...env, SHUTDOWN_GRACE_MS: '30000' });
  if (!POSTGRES) accessToken = /accessToken=([\w-]+)/.exec(server.output())?.[1] ?? '';
  assert.ok(accessToken);

  const bodies = Array.from({ length: 8 }, () =>
    buildPush({ data: Array.from({ length: 150 }, () => buildInvoice({ details: [buildDetail(), buildDetail({ billNumber: '2' })] })) }),
  );
  let signalledAt = 0;
  const results = bodies.map((body) =>
    fetch(`${server.url}/api/openapi/v2/invoicing?accessToken=${accessToken}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then(
      async (response) => ({ status: response.status, body: await response.text(), at: Date.now() }),
      (error: unknown) => ({ status: 0, body: String((error as Error).cause ?? error), at: Date.now() }),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 150));
  signalledAt = Date.now();
  const exitCode = await server.stop('SIGTERM');
  const answers = await Promise.all(results);

  assert.equal(exitCode, 0, server.output());
  for (const answer of answers) {
    assert.ok(answer.status === 200 || answer.status === 0, `no push fails once accepted: ${answer.status} ${answer.body}`);
  }
  const acknowledged = bodies.filter((_, index) => answers[index]?.status === 200);
  assert.ok(acknowledged.length > 0, 'some pushes were acknowledged');
  assert.ok(
    answers.some((answer) => answer.status === 200 && answer.at >= signalledAt),
    'at least one push in flight at SIGTERM was finished and acknowledged',
  );
  const check = await openForCheck();
  try {
    for (const body of acknowledged) {
      const numbers = (body.data ?? []).map((invoice) => invoice.invoiceNumber);
      const stored = await check.db.selectFrom('invoices').select('invoice_number').where('invoice_number', 'in', numbers).execute();
      assert.equal(stored.length, numbers.length, 'every invoice of an acknowledged push is stored');
    }
  } finally {
    await check.close();
  }
});

test('when two instances start together on an empty database and take the same pushes concurrently, then migrations run once and each invoice has one copy' +
  (POSTGRES ? '' : ' (skipped: needs DATABASE_URL, the embedded database belongs to one process)'), { skip: !POSTGRES }, async () => {
  const url = POSTGRES as string;
  const name = `fh_test_two_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const databaseUrl = withDatabase(url, name);
  cleanups.push(async () => {
    const cleanup = new pg.Client({ connectionString: url });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  });

  const [one, two] = await Promise.all([startServer({ DATABASE_URL: databaseUrl }), startServer({ DATABASE_URL: databaseUrl })]);
  cleanups.push(async () => {
    await one.stop();
    await two.stop();
  });
  const handle = await openDatabase({ databaseUrl, poolMax: 2 });
  cleanups.push(() => handle.close());
  const migrations = await handle.db
    .selectFrom('kysely_migration' as never)
    .selectAll()
    .execute();
  assert.equal(migrations.length, (await import('node:fs')).readdirSync('migrations').length, 'each migration applied once');

  const credentials = await createApp(handle.db, { name: 'two', scopes: ['push'] });
  const { accessToken } = await issueToken(handle.db, credentials.appKey, credentials.appSecurity, 3600);
  const invoices = Array.from({ length: 20 }, () => buildInvoice());
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      fetch(`${(index % 2 ? one : two).url}/api/openapi/v2/invoicing?accessToken=${accessToken}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(buildPush({ data: index % 3 ? invoices : [...invoices].reverse() })),
      }).then((response) => response.status),
    ),
  );
  assert.deepEqual(answers, Array(20).fill(200));
  const { rows } = await handle.db
    .selectFrom('invoices')
    .select((eb) => ['invoice_number', eb.fn.countAll<string>().as('copies')])
    .where(
      'invoice_number',
      'in',
      invoices.map((invoice) => invoice.invoiceNumber),
    )
    .groupBy('invoice_number')
    .execute()
    .then((list) => ({ rows: list }));
  assert.equal(rows.length, 20);
  for (const row of rows) assert.equal(Number(row.copies), 1);
  const history = await handle.db
    .selectFrom('invoice_history')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(history.n), 400, 'every receipt is in the history');
});

test('when a push waits past the statement timeout (a table locked by another session), then it answers 503 with Retry-After and stores nothing; once the lock is gone, the same push is stored' +
  (POSTGRES ? '' : ' (skipped: needs DATABASE_URL, the embedded database has one session)'), { skip: !POSTGRES }, async () => {
  const database = await createTestDatabase();
  cleanups.push(() => database.close());
  const handle = await openDatabase({ databaseUrl: database.url as string, connectTimeoutMs: 1500, statementTimeoutMs: 300 });
  cleanups.push(() => handle.close());
  const app = buildApp({ db: handle.db, logger: createLogger('silent'), bodyLimitBytes: 1 << 20, accessTokenTtlSeconds: 3600 });
  const credentials = await createApp(database.db, { name: 'statement-timeout', scopes: ['push'] });
  const { accessToken } = await issueToken(database.db, credentials.appKey, credentials.appSecurity, 3600);
  const invoice = buildInvoice();
  const push = () =>
    supertest(app)
      .post(`/api/openapi/v2/invoicing?accessToken=${accessToken}`)
      .set('Content-Type', 'application/json')
      .set('Accept-Language', 'zh-CN')
      .send(JSON.stringify(buildPush({ data: [invoice] })));

  const locker = new pg.Client({ connectionString: database.url as string });
  await locker.connect();
  cleanups.push(() => locker.end());
  await locker.query('begin');
  await locker.query('lock table invoices in access exclusive mode');
  const refused = await push();
  assert.equal(refused.status, 503, JSON.stringify(refused.body));
  assert.equal(refused.headers['retry-after'], '5');
  assert.equal(refused.body.code, 'unavailable');
  assert.equal(refused.body.detail, '数据库处理超时，未保存任何内容，请稍后重试');
  await locker.query('rollback');

  const stored = await push();
  assert.equal(stored.status, 200, JSON.stringify(stored.body));
  assert.deepEqual(stored.body, { value: true });
  const rows = await database.db.selectFrom('invoices').select('id').where('invoice_number', '=', invoice.invoiceNumber).execute();
  assert.equal(rows.length, 1, 'the refused push stored nothing; the second stored the invoice once');
});
