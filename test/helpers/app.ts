/**
 * A running fapiao-hub for a test file: a fresh database, the real Express
 * app listening on a loopback port, and helpers to get tokens and push.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { compileAll } from '../../src/api/spec.ts';
import { buildApp } from '../../src/app.ts';
import { createApp, issueToken, type Scope } from '../../src/auth/auth.service.ts';
import { startTokenCache, type TokenCache } from '../../src/auth/token-cache.ts';
import { createLogger } from '../../src/logger.ts';
import { Metrics } from '../../src/metrics/metrics.ts';
import type { JobQueue } from '../../src/queue/queue.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  readonly database: TestDatabase;
  readonly db: TestDatabase['db'];
  readonly url: string;
  /** The app's token cache (auth/token-cache.ts), listening on the test's database. */
  readonly tokens: TokenCache;
  /** A supertest client bound to the running server. */
  readonly http: () => supertest.Agent;
  /** Creates an app and returns a fresh access token (and the app's credentials). */
  token(options?: { scopes?: Scope[]; channels?: string[]; sellers?: string[] }): Promise<TestToken>;
  /** POSTs a body (object → JSON; string → sent as is) to the push endpoint. */
  push(body: unknown, accessToken: string): supertest.Test;
  close(): Promise<void>;
}

export interface TestToken {
  readonly name: string;
  readonly appKey: string;
  readonly appSecurity: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expireTime: number;
}

export interface TestAppOptions {
  readonly bodyLimitBytes?: number;
  readonly accessTokenTtlSeconds?: number;
  /** Where log lines go (default: nowhere). */
  readonly logStream?: { write(line: string): void };
  readonly metricsToken?: string;
  readonly authRateLimit?: number;
  readonly authRateWindowSeconds?: number;
  readonly trustProxyHops?: number;
  readonly pushConcurrency?: number;
  readonly consoleSessions?: { readonly idleSeconds: number; readonly maxSeconds: number };
  readonly consoleDir?: string;
  /** Serve the app on this database instead of a fresh one (a second instance); it is not closed with the app. */
  readonly database?: TestDatabase;
  /** A job queue for the app (started by the callback, on the test's database); stopped before the database closes. */
  readonly jobs?: (database: TestDatabase, metrics: Metrics) => Promise<JobQueue>;
  readonly redFlushSyncWaitMs?: number;
  /** Seconds a verified token is kept (TOKEN_CACHE_SECONDS; default 30, as in production; 0: none). */
  readonly tokenCacheSeconds?: number;
  /** The key for channel secrets (default: one random key per test process, so instances on one database share it). */
  readonly secretsKey?: Buffer;
}

/** The channel secrets key of this test process. */
export const TEST_SECRETS_KEY = randomBytes(32);

let appCounter = 0;

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  compileAll();
  const shared = options.database;
  const database = shared ?? (await createTestDatabase());
  const ttl = options.accessTokenTtlSeconds ?? 7200;
  const metrics = new Metrics(database.pool);
  const jobs = options.jobs ? await options.jobs(database, metrics) : undefined;
  const tokens = await startTokenCache(database, { maxAgeSeconds: options.tokenCacheSeconds ?? 30 });
  const app = buildApp({
    db: database.db,
    tokens,
    logger: options.logStream ? createLogger('info', options.logStream) : createLogger('silent'),
    bodyLimitBytes: options.bodyLimitBytes ?? 10 * 1024 * 1024,
    accessTokenTtlSeconds: ttl,
    metrics,
    metricsToken: options.metricsToken,
    authRateLimit: options.authRateLimit ?? 1000,
    authRateWindowSeconds: options.authRateWindowSeconds,
    trustProxyHops: options.trustProxyHops,
    pushConcurrency: options.pushConcurrency,
    consoleSessions: options.consoleSessions,
    consoleDir: options.consoleDir,
    ...(jobs && { jobs, redFlushSyncWaitMs: options.redFlushSyncWaitMs }),
    secretsKey: () => options.secretsKey ?? TEST_SECRETS_KEY,
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = () => supertest.agent(url);
  return {
    database,
    db: database.db,
    url,
    tokens,
    http,
    async token({ scopes = ['push', 'read'] as Scope[], channels, sellers } = {}) {
      const credentials = await createApp(database.db, { name: `app-${process.pid}-${++appCounter}`, scopes, channels, sellers });
      const pair = await issueToken(database.db, credentials.appKey, credentials.appSecurity, ttl);
      return { ...credentials, ...pair };
    },
    push(body, accessToken) {
      return http()
        .post(`/api/openapi/v2/invoicing?accessToken=${encodeURIComponent(accessToken)}`)
        .set('Content-Type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body));
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await jobs?.stop({ timeoutMs: 1000 });
      await tokens.close();
      if (!shared) await database.close();
    },
  };
}
