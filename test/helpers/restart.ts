/**
 * The harness of the kill-and-restart tests: fapiao-hub as its own process
 * (`src/server.ts`) on a database that outlives it (Postgres when
 * DATABASE_URL is set, else the embedded database in a data directory of
 * its own), with an asking app and a Nuonuo channel set as the CLI sets
 * them, the channel at a port where nothing listens until the test starts
 * the simulator there.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Simulator, type SimulatorSettings, startSimulator } from '../../simulator/simulator.ts';
import { createApp, issueToken } from '../../src/auth/auth.service.ts';
import { setChannel } from '../../src/channels/channels.service.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { buildDetail, buildInvoice, type Invoice } from './builders.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { closedPort, GOODS_CODE, SELLER } from './red-flush-loop.ts';
import { type ServerProcess, startServer } from './server-process.ts';

export interface RestartChannel {
  readonly code: string;
  readonly credentials: { readonly appKey: string; readonly appSecret: string; readonly accessToken: string };
}

export interface Restart {
  /** The asking app's token (`push`, `read`, `redflush`). */
  readonly accessToken: string;
  /** Starts fapiao-hub on the database (the harness's environment, then `env`); killed at cleanup if still running. */
  start(env?: NodeJS.ProcessEnv): Promise<ServerProcess>;
  /** Starts the channel at its port, pushing back to fapiao-hub's address as the simulator app. */
  startChannel(settings?: Partial<SimulatorSettings>): Promise<Simulator>;
}

export interface RestartHarness {
  /** A database of its own, the apps and the channel; `env` is added to every start (timings, intervals). */
  prepare(env: NodeJS.ProcessEnv): Promise<Restart>;
  /** Kills what is still running and removes the databases and data directories (the test file's `after`). */
  cleanup(): Promise<void>;
}

export function restartHarness(channel: RestartChannel): RestartHarness {
  const cleanups: (() => Promise<void> | void)[] = [];
  return {
    async prepare(env) {
      const secretsKey = randomBytes(32);
      const [simPort, serverPort] = [await closedPort(), await closedPort()];
      let databaseEnv: NodeJS.ProcessEnv;
      let setup: Pick<TestDatabase, 'db' | 'close'>;
      if (process.env.DATABASE_URL) {
        const database = await createTestDatabase({ poolMax: 2 });
        cleanups.push(() => database.close());
        databaseEnv = { DATABASE_URL: database.url };
        setup = { db: database.db, close: async () => {} };
      } else {
        const dataDir = mkdtempSync(path.join(tmpdir(), 'fapiao-hub-restart-'));
        cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
        const handle = await openDatabase({ dataDir });
        await migrateToLatest(handle.db);
        databaseEnv = { DATABASE_URL: '', DATA_DIR: dataDir };
        setup = handle;
      }
      const asker = await createApp(setup.db, { name: 'erp', scopes: ['push', 'read', 'redflush'] });
      const simulatorApp = await createApp(setup.db, { name: 'channel-simulator', scopes: ['push', 'read'], channels: [channel.code] });
      await setChannel(
        setup.db,
        channel.code,
        { adapter: 'nuonuo', endpoint: `http://127.0.0.1:${simPort}`, userTax: SELLER, ...channel.credentials },
        () => secretsKey,
      );
      const { accessToken } = await issueToken(setup.db, asker.appKey, asker.appSecurity, 7200);
      await setup.close();
      const serverEnv: NodeJS.ProcessEnv = {
        ...databaseEnv,
        PORT: String(serverPort),
        SECRETS_KEY: secretsKey.toString('base64'),
        JOBS_POLL_INTERVAL_MS: '500',
        JOBS_SUPERVISE_INTERVAL_SECONDS: '1',
        CHANNEL_CONNECT_TIMEOUT_MS: '300',
        CHANNEL_TIMEOUT_MS: '2000',
        ...env,
      };
      return {
        accessToken,
        async start(more = {}) {
          const server = await startServer({ ...serverEnv, ...more });
          cleanups.push(() => void server.child.kill('SIGKILL'));
          return server;
        },
        async startChannel(settings) {
          const sim = await startSimulator({
            port: simPort,
            ...channel.credentials,
            userTax: SELLER,
            channelCode: channel.code,
            hub: { url: `http://127.0.0.1:${serverPort}`, appKey: simulatorApp.appKey, appSecurity: simulatorApp.appSecurity },
            ...(settings && { settings }),
          });
          cleanups.push(() => sim.close());
          return sim;
        },
      };
    },
    async cleanup() {
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}

/** SIGKILL: no shutdown at all; resolves once the process is gone. */
export function killed(server: ServerProcess): Promise<unknown> {
  server.child.kill('SIGKILL');
  return new Promise((resolve) => server.child.once('exit', resolve));
}

/** Polls `check` (its failures count as not yet) until it gives a value; fails the test after `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await sleep(200);
  }
}

/** A 数电 blue invoice of the seller, with a number of its own starting with `prefix` (four digits). */
export function digitalBlue(prefix: string): Invoice {
  return buildInvoice({
    invoiceTypeCode: '02',
    invoiceCode: '',
    invoiceNumber: `${prefix}${String(Date.now()).slice(-13)}${String(process.pid % 1000).padStart(3, '0')}`,
    sellerTaxNo: SELLER,
    details: [buildDetail({ taxTaxonomyCode: GOODS_CODE })],
  });
}
