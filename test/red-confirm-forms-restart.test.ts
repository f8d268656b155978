/**
 * A server restart with a 红字确认单 in flight (issue 12): fapiao-hub as its
 * own process (`src/server.ts`) syncs a buyer's form (03) and is killed
 * (SIGKILL: no shutdown at all); the buyer revokes it at the channel; a new
 * process on the same database, without any sync, finds the form's poll
 * waiting in the queue and records 08. On Postgres (DATABASE_URL) or on the
 * embedded database in a data directory of its own.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Simulator, startSimulator } from '../simulator/simulator.ts';
import { createApp, issueToken } from '../src/auth/auth.service.ts';
import { setChannel } from '../src/channels/channels.service.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildDetail, buildInvoice, buildPush } from './helpers/builders.ts';
import { createTestDatabase } from './helpers/database.ts';
import { closedPort, GOODS_CODE, SELLER } from './helpers/red-flush-loop.ts';
import { type ServerProcess, startServer } from './helpers/server-process.ts';

const CHANNEL = 'nuonuo-forms';
const CREDENTIALS = { appKey: 'forms-app', appSecret: 'forms-secret-1a2b', accessToken: 'forms-token-3c4d' };

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await sleep(200);
  }
}

function killed(server: ServerProcess): Promise<unknown> {
  server.child.kill('SIGKILL');
  return new Promise((resolve) => server.child.once('exit', resolve));
}

interface Form {
  id: string;
  billId: string;
  state: string;
  final: boolean;
  origin: string;
  events: { fromState: string | null; toState: string; source: string }[];
}

test('when the server is killed with a buyer form in flight, then after a restart its poll resumes and records what became of it', async () => {
  const secretsKey = randomBytes(32);
  const [simPort, serverPort] = [await closedPort(), await closedPort()];
  let env: NodeJS.ProcessEnv;
  let setup: { db: Awaited<ReturnType<typeof openDatabase>>['db']; close: () => Promise<void> };
  if (process.env.DATABASE_URL) {
    const database = await createTestDatabase({ poolMax: 2 });
    cleanups.push(() => database.close());
    env = { DATABASE_URL: database.url };
    setup = { db: database.db, close: async () => {} };
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fapiao-hub-forms-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const handle = await openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    env = { DATABASE_URL: '', DATA_DIR: dataDir };
    setup = handle;
  }
  const asker = await createApp(setup.db, { name: 'erp', scopes: ['push', 'read', 'redflush'] });
  const simulatorApp = await createApp(setup.db, { name: 'channel-simulator', scopes: ['push', 'read'], channels: [CHANNEL] });
  await setChannel(
    setup.db,
    CHANNEL,
    { adapter: 'nuonuo', endpoint: `http://127.0.0.1:${simPort}`, userTax: SELLER, ...CREDENTIALS },
    () => secretsKey,
  );
  const { accessToken } = await issueToken(setup.db, asker.appKey, asker.appSecurity, 7200);
  await setup.close();
  env = {
    ...env,
    PORT: String(serverPort),
    SECRETS_KEY: secretsKey.toString('base64'),
    JOBS_POLL_INTERVAL_MS: '500',
    JOBS_SUPERVISE_INTERVAL_SECONDS: '1',
    CHANNEL_CONNECT_TIMEOUT_MS: '300',
    CHANNEL_TIMEOUT_MS: '2000',
    REDFLUSH_FORM_POLL_SECONDS: '1',
  };
  const sim: Simulator = await startSimulator({
    port: simPort,
    ...CREDENTIALS,
    userTax: SELLER,
    channelCode: CHANNEL,
    hub: { url: `http://127.0.0.1:${serverPort}`, appKey: simulatorApp.appKey, appSecurity: simulatorApp.appSecurity },
  });
  cleanups.push(() => sim.close());

  // The first process syncs every 2 seconds.
  let server: ServerProcess = await startServer({ ...env, REDFLUSH_FORM_SYNC_INTERVAL_SECONDS: '2' });
  cleanups.push(() => void server.child.kill('SIGKILL'));
  const call = async (method: string, route: string, body?: unknown) =>
    fetch(`${server.url}${route}`, {
      method,
      headers: { accessToken, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const blue = buildInvoice({
    invoiceTypeCode: '02',
    invoiceCode: '',
    invoiceNumber: `2632${String(Date.now()).slice(-13)}${String(process.pid % 1000).padStart(3, '0')}`,
    sellerTaxNo: SELLER,
    details: [buildDetail({ taxTaxonomyCode: GOODS_CODE })],
  });
  assert.equal((await call('POST', '/api/openapi/v2/invoicing', buildPush({ channelCode: CHANNEL, data: [blue] }))).status, 200);
  const entered = await sim.state.enterBuyerForm({ blueInvoiceNumber: blue.invoiceNumber });
  const synced = await waitFor('the sync recorded the buyer form', async () => {
    const response = await call('GET', '/api/openapi/v2/red-confirm-forms?origin=counterparty');
    const items = ((await response.json()) as { value: { items: Form[] } }).value.items;
    return items.find((form) => form.billId === entered.billId);
  });
  assert.equal(synced.state, '03');
  await killed(server);

  // Meanwhile the buyer revokes its form; the next process runs no sync at all.
  sim.state.buyerRevokes(entered.billId);
  server = await startServer({ ...env, REDFLUSH_FORM_SYNC_INTERVAL_SECONDS: '0' });
  const form = await waitFor('the form is recorded revoked', async () => {
    const response = await call('GET', `/api/openapi/v2/red-confirm-forms/${synced.id}`);
    const value = ((await response.json()) as { value: Form }).value;
    return value.state === '08' ? value : undefined;
  });
  assert.equal(form.final, true);
  assert.deepEqual(form.events.at(-1), { ...form.events.at(-1), fromState: '03', toState: '08', source: 'poll' });
  assert.deepEqual(sim.state.failures, []);
  assert.equal(await server.stop(), 0);
});
