/**
 * Builds the Express app (no listen): the server and the tests share it.
 */
import express from 'express';
import helmet from 'helmet';
import type { Kysely } from 'kysely';
import { appsAndChannelsRoutes } from './admin/apps-channels.routes.ts';
import { findingsRecheckRoutes } from './admin/findings-recheck.routes.ts';
import { formsSyncRoutes } from './admin/forms-sync.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import type { TokenCache } from './auth/token-cache.ts';
import { batchRoutes } from './batches/batches.routes.ts';
import { callbackRoutes } from './callbacks/callbacks.routes.ts';
import { SecretsKeyError } from './channels/secrets.ts';
import { consoleRoutes } from './console/console.routes.ts';
import type { Database } from './db/database.ts';
import { docsRoutes } from './docs/docs.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { errorHandler, notFound } from './http/errors.ts';
import { methodNotAllowed } from './http/method-not-allowed.ts';
import { requestLog } from './http/request-log.ts';
import { invoiceRoutes } from './invoices/invoices.routes.ts';
import type { Logger } from './logger.ts';
import { metricsRoutes } from './metrics/metrics.routes.ts';
import { Metrics } from './metrics/metrics.ts';
import { pushRoutes } from './push/push.routes.ts';
import type { JobQueue } from './queue/queue.ts';
import { redConfirmFormRoutes } from './red-flush/forms.routes.ts';
import { countByState } from './red-flush/progress.repository.ts';
import { redFlushRoutes } from './red-flush/requests.routes.ts';
import { adminRoutes } from './users/admin.routes.ts';
import { sessionRoutes } from './users/session.routes.ts';
import type { SessionSettings } from './users/sessions.service.ts';

export interface AppOptions {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  readonly bodyLimitBytes: number;
  /** Pushes read and stored at once (the others wait their turn); by default 10, the default pool size. */
  readonly pushConcurrency?: number;
  readonly accessTokenTtlSeconds: number;
  /** Verified access tokens kept in memory, dropped when the database announces a change (auth/token-cache.ts); absent: none kept. */
  readonly tokens?: TokenCache | undefined;
  readonly metrics?: Metrics;
  /** Serve GET /metrics on this app behind this bearer token; absent: not served here. */
  readonly metricsToken?: string | undefined;
  readonly authRateLimit?: number;
  readonly authRateWindowSeconds?: number;
  /** Channel callbacks taken from one address per window; by default 300 a minute. */
  readonly callbackRateLimit?: number;
  readonly callbackRateWindowSeconds?: number;
  /** Proxies in front whose X-Forwarded-For is trusted (the client address is used for rate limits). */
  readonly trustProxyHops?: number;
  /** The started job queue, for routes that send jobs; absent (tests that need none): no route may send one. */
  readonly jobs?: JobQueue;
  /** Console session lifetimes; by default 30 minutes idle, 12 hours at most. */
  readonly consoleSessions?: SessionSettings;
  /** The built console (default: console/dist of the project). */
  readonly consoleDir?: string;
  /** How long a red-flush answer waits for the channel's first answer (REDFLUSH_SYNC_WAIT_MS; with `jobs`). */
  readonly redFlushSyncWaitMs?: number;
  /** The key channel secrets are encrypted with (channels/secrets.ts), asked when the admin API writes one; absent: it cannot. */
  readonly secretsKey?: () => Buffer;
}

function noSecretsKey(): Buffer {
  throw new SecretsKeyError('this server was started without a key for channel secrets');
}

export function buildApp(options: AppOptions): express.Express {
  const { db, logger, tokens } = options;
  const metrics = options.metrics ?? new Metrics();
  metrics.labelledGauge('fapiao_red_flush_requests', 'Red-flush requests by state (read at each scrape).', 'state', async () =>
    (await countByState(db)).map((row) => [row.state, row.count] as const),
  );
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', options.trustProxyHops ?? 0);
  app.use(requestLog(logger));
  app.use(metrics.timer());
  // Security headers on every route; no CORS headers are ever sent (server-to-server API).
  app.use(helmet());
  app.use(healthRoutes(db));
  if (options.metricsToken) app.use(metricsRoutes(metrics, options.metricsToken));
  app.use(
    authRoutes({
      db,
      tokens,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
      rateLimit: options.authRateLimit ?? 10,
      rateWindowSeconds: options.authRateWindowSeconds ?? 60,
    }),
  );
  app.use(pushRoutes({ db, tokens, bodyLimitBytes: options.bodyLimitBytes, metrics, concurrency: options.pushConcurrency ?? 10 }));
  app.use(
    redFlushRoutes({ db, tokens, bodyLimitBytes: options.bodyLimitBytes, jobs: options.jobs, syncWaitMs: options.redFlushSyncWaitMs }),
  );
  app.use(
    callbackRoutes({
      db,
      jobs: options.jobs,
      rateLimit: options.callbackRateLimit ?? 300,
      rateWindowSeconds: options.callbackRateWindowSeconds ?? 60,
    }),
  );
  app.use(
    redConfirmFormRoutes({
      db,
      tokens,
      bodyLimitBytes: options.bodyLimitBytes,
      jobs: options.jobs,
      syncWaitMs: options.redFlushSyncWaitMs,
    }),
  );
  app.use(invoiceRoutes({ db, tokens }));
  app.use(batchRoutes({ db, tokens }));
  app.use(docsRoutes());
  app.use(
    sessionRoutes({
      db,
      sessions: options.consoleSessions ?? { idleSeconds: 30 * 60, maxSeconds: 12 * 3600 },
      rateLimit: options.authRateLimit ?? 10,
      rateWindowSeconds: options.authRateWindowSeconds ?? 60,
    }),
  );
  app.use(adminRoutes({ db }));
  app.use(appsAndChannelsRoutes({ db, tokens, secretsKey: options.secretsKey ?? noSecretsKey }));
  app.use(findingsRecheckRoutes({ db, jobs: options.jobs }));
  app.use(formsSyncRoutes({ db, jobs: options.jobs }));
  app.use(consoleRoutes({ dir: options.consoleDir }));
  app.use(methodNotAllowed(app.router));
  app.use(notFound);
  app.use(
    errorHandler((error) => {
      if (error.code === 'validation_failed' || error.code === 'findings_rejected') {
        for (const field of error.errors ?? []) metrics.validationFailures.inc({ rule: field.rule ?? 'other' });
      } else if (error.code === 'bad_json') {
        metrics.validationFailures.inc({ rule: 'bad_json' });
      }
    }),
  );
  return app;
}
