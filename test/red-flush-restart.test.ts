/**
 * A crash between acceptance and the channel call loses nothing and makes
 * the call once: fapiao-hub as its own process (`src/server.ts`), its
 * channel down when a red flush is accepted; the process is killed
 * (SIGKILL: no shutdown at all); the channel comes up; a new process on the
 * same database finds the job, calls the channel once, and the red invoice
 * the channel pushes back closes the request. On Postgres (DATABASE_URL) or
 * on the embedded database in a data directory of its own.
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
import { buildDetail, buildInvoice, buildPush, type Json } from './helpers/builders.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { closedPort, GOODS_CODE, SELLER } from './helpers/red-flush-loop.ts';
import { type ServerProcess, startServer } from './helpers/server-process.ts';

const CHANNEL = 'nuonuo-restart';
const CREDENTIALS = { appKey: 'restart-app', appSecret: 'restart-secret-1a2b', accessToken: 'restart-token-3c4d' };
const METRICS_TOKEN = 'restart-metrics-token-0123456789';

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

interface Setup {
  readonly env: NodeJS.ProcessEnv;
  readonly accessToken: string;
  readonly simulatorApp: { appKey: string; appSecurity: string };
  readonly simPort: number;
  readonly serverPort: number;
}

/** A database of its own, with the apps and the channel set as the CLI sets them (the channel at a port where nothing listens yet). */
async function prepare(): Promise<Setup> {
  const secretsKey = randomBytes(32);
  const [simPort, serverPort] = [await closedPort(), await closedPort()];
  let env: NodeJS.ProcessEnv;
  let setup: Pick<TestDatabase, 'db' | 'close'>;
  if (process.env.DATABASE_URL) {
    const database = await createTestDatabase({ poolMax: 2 });
    cleanups.push(() => database.close());
    env = { DATABASE_URL: database.url };
    setup = { db: database.db, close: async () => {} };
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fapiao-hub-restart-'));
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
  return {
    env: {
      ...env,
      PORT: String(serverPort),
      SECRETS_KEY: secretsKey.toString('base64'),
      JOBS_POLL_INTERVAL_MS: '500',
      JOBS_SUPERVISE_INTERVAL_SECONDS: '1',
      CHANNEL_CONNECT_TIMEOUT_MS: '300',
      CHANNEL_TIMEOUT_MS: '2000',
      REDFLUSH_SYNC_WAIT_MS: '300',
      METRICS_TOKEN,
    },
    accessToken,
    simulatorApp,
    simPort,
    serverPort,
  };
}

/** Calls the server with the asking app's token (and the metrics token). */
function caller(server: () => ServerProcess, accessToken: string) {
  return (method: string, route: string, body?: Json) =>
    fetch(`${server().url}${route}`, {
      method,
      headers: { accessToken, 'content-type': 'application/json', authorization: `Bearer ${METRICS_TOKEN}` },
      ...(body && { body: JSON.stringify(body) }),
    });
}

/** Pushes a 数电 blue invoice of the channel and asks to red-flush it; the request's id. */
async function askRedFlush(call: ReturnType<typeof caller>): Promise<string> {
  const blue = buildInvoice({
    invoiceTypeCode: '02',
    invoiceCode: '',
    invoiceNumber: `2631${String(Date.now()).slice(-13)}${String(process.pid % 1000).padStart(3, '0')}`,
    sellerTaxNo: SELLER,
    details: [buildDetail({ taxTaxonomyCode: GOODS_CODE })],
  });
  const pushed = await call('POST', '/api/openapi/v2/invoicing', buildPush({ channelCode: CHANNEL, data: [blue] }));
  assert.equal(pushed.status, 200);
  const asked = await call('POST', '/api/openapi/v2/invoicing/oneKeyRedPunch', {
    channelCode: CHANNEL,
    reason: 1,
    invoiceTypeCode: 'FullDigitalNormal',
    sellerTaxNo: SELLER,
    invoiceNumber: blue.invoiceNumber,
  });
  const answer = (await asked.json()) as { code: string; success: boolean; data: { redFlushId: string; state: string } };
  assert.equal(asked.status, 200, JSON.stringify(answer));
  assert.deepEqual([answer.code, answer.success], ['200', true]);
  assert.ok(['accepted', 'submitted'].includes(answer.data.state), answer.data.state);
  return answer.data.redFlushId;
}

interface View {
  request: { state: string };
  form: { state: string | null } | null;
  redInvoice: { invoiceNumber: string } | null;
  figures: Json;
  channelCalls: { method: string; outcome: string }[];
}

async function viewOf(call: ReturnType<typeof caller>, id: string): Promise<View> {
  const response = await call('GET', `/api/openapi/v2/red-flushes/${id}`);
  return ((await response.json()) as { value: View }).value;
}

function killed(server: ServerProcess): Promise<unknown> {
  server.child.kill('SIGKILL');
  return new Promise((resolve) => server.child.once('exit', resolve));
}

test('when the server is killed between acceptance and the channel call, then after a restart the call is made once and the request ends issued', async () => {
  const { env, accessToken, simulatorApp, simPort, serverPort } = await prepare();
  let server: ServerProcess = await startServer(env);
  cleanups.push(() => void server.child.kill('SIGKILL'));
  const call = caller(() => server, accessToken);
  const id = await askRedFlush(call);

  // The first attempt finds the channel down and fails (to be retried); then the process dies.
  await waitFor('the first attempt failed', async () => {
    const metrics = await (await call('GET', '/metrics')).text();
    return /^fapiao_jobs_total\{queue="red-flush-call",outcome="retried"\} [1-9]/m.test(metrics) ? true : undefined;
  });
  await sleep(300);
  await killed(server);

  // The channel comes up, pushing back to fapiao-hub's address; fapiao-hub starts again on the same database.
  const sim: Simulator = await startSimulator({
    port: simPort,
    ...CREDENTIALS,
    userTax: SELLER,
    channelCode: CHANNEL,
    hub: { url: `http://127.0.0.1:${serverPort}`, appKey: simulatorApp.appKey, appSecurity: simulatorApp.appSecurity },
  });
  cleanups.push(() => sim.close());
  server = await startServer(env);

  const view = await waitFor('the request is issued', async () => {
    const value = await viewOf(call, id);
    return value.request.state === 'issued' ? value : undefined;
  });
  await sim.state.settled();
  assert.equal(sim.state.callsOf('saveInvoiceRedConfirm').length, 1, 'the channel was asked once, after the restart');
  assert.deepEqual([...sim.state.forms.keys()], [id]);
  assert.deepEqual(sim.state.failures, []);
  assert.equal(view.redInvoice?.invoiceNumber, sim.state.invoices.get(sim.state.forms.get(id)?.orderNo ?? '')?.invoiceNumber);
  assert.deepEqual(view.figures, { totalPriceTax: '106.00', redFlushedTotal: '106.00', heldByOpenRequests: '0', remaining: '0.00' });
  const applies = view.channelCalls.filter((entry) => entry.method.endsWith('saveInvoiceRedConfirm')).map((entry) => entry.outcome);
  assert.ok(applies.length >= 2, JSON.stringify(applies));
  assert.deepEqual(applies, [...applies.slice(0, -1).map(() => 'unavailable'), 'ok']);

  assert.equal(await server.stop(), 0);
});

test('when the server is killed while its call is at the channel, then the next attempt finds the pending call, asks the channel first, and never applies twice', async () => {
  const { env, accessToken, simulatorApp, simPort, serverPort } = await prepare();
  // The channel takes the form but its answer never comes; the bureau holds the form in 15 申请中 until the test settles it.
  const sim: Simulator = await startSimulator({
    port: simPort,
    ...CREDENTIALS,
    userTax: SELLER,
    channelCode: CHANNEL,
    hub: { url: `http://127.0.0.1:${serverPort}`, appKey: simulatorApp.appKey, appSecurity: simulatorApp.appSecurity },
    settings: { holdApplying: true },
  });
  cleanups.push(() => sim.close());
  sim.state.addFault({ method: 'saveInvoiceRedConfirm', kind: 'timeout', process: true });
  let server: ServerProcess = await startServer(env);
  cleanups.push(() => void server.child.kill('SIGKILL'));
  const call = caller(() => server, accessToken);
  const id = await askRedFlush(call);

  // The call reached the channel; the process dies before its answer (the call's record says pending).
  await waitFor('the channel got the call', async () => (sim.state.callsOf('saveInvoiceRedConfirm').length > 0 ? true : undefined));
  await killed(server);
  server = await startServer(env);

  const calls = await waitFor('the form is found', async () => {
    const value = await viewOf(call, id);
    return value.form?.state === '15' ? value.channelCalls : undefined;
  });
  assert.deepEqual(
    calls.slice(0, 2).map((entry) => [entry.method, entry.outcome]),
    [
      ['nuonuo.OpeMplatform.saveInvoiceRedConfirm', 'pending'],
      ['nuonuo.OpeMplatform.queryInvoiceRedConfirm', 'ok'],
    ],
  );
  const settled = await fetch(`${sim.url}/_sim/forms/${id}/settle`, { method: 'POST' });
  assert.equal(settled.status, 200);
  const view = await waitFor('the request is issued', async () => {
    const value = await viewOf(call, id);
    return value.request.state === 'issued' ? value : undefined;
  });
  await sim.state.settled();
  assert.equal(sim.state.callsOf('saveInvoiceRedConfirm').length, 1, 'applied once');
  assert.deepEqual([...sim.state.forms.keys()], [id]);
  assert.deepEqual(sim.state.failures, []);
  assert.equal(view.channelCalls.filter((entry) => entry.method.endsWith('saveInvoiceRedConfirm')).length, 1);
  assert.equal(await server.stop(), 0);
});
