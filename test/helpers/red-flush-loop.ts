/**
 * The whole red-flush loop for a test file: a running fapiao-hub (real
 * HTTP, the test's database) with its job queue and the red-flush jobs, the
 * Nuonuo channel simulator on a loopback port pushing back to it with an
 * app of its own, and the channel configured as `channel set` stores it
 * (secrets encrypted). Intervals and retries are short; nothing is mocked.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import supertest from 'supertest';
import { type Simulator, startSimulator } from '../../simulator/simulator.ts';
import { buildApp } from '../../src/app.ts';
import { setChannel } from '../../src/channels/channels.service.ts';
import { registerRedFlushJobs } from '../../src/jobs/red-flush.jobs.ts';
import { createLogger } from '../../src/logger.ts';
import { createJobQueue, type JobQueue } from '../../src/queue/queue.ts';
import type { FormSettings } from '../../src/red-flush/forms-queues.ts';
import { assertValid } from './api.ts';
import { startTestApp, type TestApp, type TestToken } from './app.ts';
import { buildDetail, buildInvoice, buildPush, type Json } from './builders.ts';

export const SELLER = '91310000MA1FL0XX2Y';
/** A buyer the simulated bureau asks to confirm (02). */
export const CONFIRMING_BUYER = '91440101MA5APD8X8J';
/** A buyer whose forms the simulated bureau fails (16). */
export const FAILING_BUYER = '91440101MA5APD8X9K';
export const GOODS_CODE = '3040201000000000000';
/** The channel's credentials, as the simulator checks them (another system applying at the channel signs with them too). */
export const LOOP_CREDENTIALS = { appKey: 'loop-app', appSecret: 'loop-secret-5e6f', accessToken: 'loop-token-7a8b' };

export interface LoopOptions {
  /** How long the main server's answers wait for the channel (default 8000: generous, the answer comes as soon as the channel does). */
  readonly syncWaitMs?: number;
  /** The channel's total timeout (default 1500). */
  readonly timeoutMs?: number;
  /** The pace of the polls (default: fast, 100 ms to 800 ms). */
  readonly pacing?: { fastMs: number; fastMaxMs: number; slowMs: number; slowMaxMs: number };
  /** How forms are kept track of (default: fast polls, the bureau's 72 hours). */
  readonly forms?: Partial<FormSettings>;
}

export interface Loop {
  readonly app: TestApp;
  readonly sim: Simulator;
  readonly channel: string;
  /** push, read and redflush. */
  readonly token: TestToken;
  readonly secretsKey: Buffer;
  /** The job queue of the main server. */
  readonly jobs: JobQueue;
  /** A server on the same database and job queue whose answers wait `syncWaitMs` (0: answer at once). */
  server(syncWaitMs: number): Promise<string>;
  /** Pushes a blue invoice of the channel's seller (数电 02 by default, unique 20-digit number). */
  pushBlue(overrides?: Json): Promise<Json>;
  /** POSTs a red flush (to the main server, or to `url`). */
  redFlush(body: Json, url?: string): Promise<supertest.Response>;
  view(id: string): Promise<RedFlushView>;
  /** Waits until the request is in this state (checked through the API every 100 ms). */
  until(id: string, state: string): Promise<RedFlushView>;
  /** Waits until `condition` holds. */
  waitFor(what: string, condition: () => Promise<boolean> | boolean): Promise<void>;
  /** Points the channel at another endpoint (a closed port: the channel is down). */
  pointChannelAt(endpoint: string): Promise<void>;
  close(): Promise<void>;
}

export interface RedFlushView {
  request: Json & { id: string; state: string; redInvoiceId: string | null };
  form: { billId: string; state: string | null } | null;
  lastAnswer: Json | null;
  figures: { totalPriceTax: string; redFlushedTotal: string; heldByOpenRequests: string; remaining: string };
  rows: Json[];
  redInvoice: (Json & { id: string; invoiceNumber: string }) | null;
  events: { fromState: string | null; toState: string; source: string; detail: Json; at: number }[];
  channelCalls: {
    method: string;
    outcome: string;
    answerCode: string | null;
    answerMessage: string | null;
    startedAt: number;
    durationMs: number | null;
  }[];
}

let sequence = 0;

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startLoop(options: LoopOptions = {}): Promise<Loop> {
  const channel = `sim${process.pid % 1000}`;
  const secretsKey = randomBytes(32);
  const logger = createLogger(process.env.TEST_LOG ? 'info' : 'silent');
  const timeoutMs = options.timeoutMs ?? 1500;
  let queue: JobQueue | undefined;
  const app = await startTestApp({
    redFlushSyncWaitMs: options.syncWaitMs ?? 8000,
    metricsToken: 'loop-metrics-token-0123456789',
    jobs: async (database, metrics) => {
      queue = createJobQueue({
        db: database.db,
        pglite: database.pglite,
        connectionString: database.url,
        pollIntervalMs: 500,
        logger,
        metrics,
      });
      registerRedFlushJobs({
        db: database.db,
        jobs: queue,
        logger,
        metrics,
        secretsKey: () => secretsKey,
        connectTimeoutMs: 500,
        timeoutMs,
        callRetries: { retryLimit: 30, retryDelaySeconds: 1, retryDelayMaxSeconds: 1 },
        callbackRetries: { retryLimit: 30, retryDelaySeconds: 1, retryDelayMaxSeconds: 1 },
        pacing: options.pacing ?? { fastMs: 100, fastMaxMs: 400, slowMs: 300, slowMaxMs: 800 },
        forms: { pollMs: 300, pollMaxMs: 800, deadlineGraceMs: 200, syncIntervalMs: 0, ...options.forms },
      });
      await queue.start();
      return queue;
    },
  });
  const token = await app.token({ scopes: ['push', 'read', 'redflush'] });
  const simulatorApp = await app.token({ scopes: ['push', 'read'], channels: [channel] });
  const sim = await startSimulator({
    ...LOOP_CREDENTIALS,
    userTax: SELLER,
    channelCode: channel,
    hub: { url: app.url, appKey: simulatorApp.appKey, appSecurity: simulatorApp.appSecurity },
    settings: { buyers: { [CONFIRMING_BUYER]: 'required', [FAILING_BUYER]: 'fail' } },
  });
  const pointChannelAt = async (endpoint: string) => {
    await setChannel(app.db, channel, { adapter: 'nuonuo', endpoint, userTax: SELLER, ...LOOP_CREDENTIALS }, () => secretsKey);
  };
  await pointChannelAt(sim.url);

  const servers = new Map<number, { url: string; close: () => void }>();
  const get = (path: string) => app.http().get(path).set('accessToken', token.accessToken);
  const view = async (id: string): Promise<RedFlushView> => {
    const response = await get(`/api/openapi/v2/red-flushes/${id}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assertValid('RedFlushViewResponse', response.body);
    return response.body.value as RedFlushView;
  };
  const waitFor = async (what: string, condition: () => Promise<boolean> | boolean) => {
    const deadline = Date.now() + 60_000;
    while (!(await condition())) {
      if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
      await sleep(100);
    }
  };
  return {
    app,
    sim,
    channel,
    token,
    secretsKey,
    jobs: queue as JobQueue,
    async server(syncWaitMs) {
      const known = servers.get(syncWaitMs);
      if (known) return known.url;
      const other = buildApp({
        db: app.db,
        logger,
        bodyLimitBytes: 10 * 1024 * 1024,
        accessTokenTtlSeconds: 7200,
        jobs: queue,
        redFlushSyncWaitMs: syncWaitMs,
      });
      const server = other.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
      servers.set(syncWaitMs, {
        url,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      });
      return url;
    },
    async pushBlue(overrides = {}) {
      sequence += 1;
      const number = `26${String(process.pid % 1e6).padStart(6, '0')}${String(Date.now() % 1e9).padStart(9, '0')}${String(sequence % 1000).padStart(3, '0')}`;
      const blue = buildInvoice({
        invoiceTypeCode: '02',
        invoiceCode: '',
        invoiceNumber: number,
        sellerTaxNo: SELLER,
        details: [buildDetail({ taxTaxonomyCode: GOODS_CODE })],
        ...overrides,
      });
      const response = await app.push(buildPush({ channelCode: channel, data: [blue] }), token.accessToken);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return blue;
    },
    async redFlush(body, url = app.url) {
      return supertest(url)
        .post(`/api/openapi/v2/invoicing/oneKeyRedPunch?accessToken=${encodeURIComponent(token.accessToken)}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
    },
    view,
    async until(id, state) {
      let last: RedFlushView | undefined;
      await waitFor(`request ${id} is ${state} (it is ${last?.request.state})`, async () => {
        last = await view(id);
        return last.request.state === state;
      });
      return last as RedFlushView;
    },
    waitFor,
    pointChannelAt,
    async close() {
      for (const server of servers.values()) server.close();
      await sim.close();
      await app.close();
    },
  };
}

/** The body of a red flush of a stored blue invoice, in seed 000's names. */
export function redFlushBody(loop: Loop, blue: Json, overrides: Json = {}): Json {
  const names: Record<string, string> = {
    '004': 'VATSpecialInvoice',
    '007': 'VATOrdinaryInvoice',
    '026': 'VATElectronicInvoice',
    '028': 'VATElectronicSpecialInvoice',
    '01': 'FullDigitalSpecial',
    '02': 'FullDigitalNormal',
  };
  return {
    channelCode: loop.channel,
    reason: 2,
    invoiceTypeCode: names[blue.invoiceTypeCode as string],
    sellerTaxNo: blue.sellerTaxNo,
    invoiceCode: blue.invoiceCode,
    invoiceNumber: blue.invoiceNumber,
    ...overrides,
  };
}
