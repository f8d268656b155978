/**
 * The process: reads the configuration, opens and migrates the database,
 * starts the job queue, listens, and shuts down cleanly on SIGTERM/SIGINT.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Express } from 'express';
import { compileAll } from './api/spec.ts';
import { buildApp } from './app.ts';
import { ensureDevApp } from './auth/bootstrap.ts';
import { startTokenCache } from './auth/token-cache.ts';
import {
  DEV_SIMULATOR_APP,
  DEV_SIMULATOR_CHANNEL,
  DEV_SIMULATOR_ENV,
  DEV_SIMULATOR_URL,
  ensureDevSimulator,
  writeEnvFile,
} from './channels/dev-simulator.ts';
import { resolveSecretsKey } from './channels/secrets.ts';
import { ConfigError, loadConfig, loadDotEnv } from './config.ts';
import { DatabaseBusyError, openDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { INVOICE_TYPE, INVOICE_TYPE_CODE, INVOICING_STATUS } from './invoice-codes.ts';
import { registerFindingsJobs } from './jobs/findings-recheck.job.ts';
import { registerRedFlushJobs } from './jobs/red-flush.jobs.ts';
import { createLogger } from './logger.ts';
import { metricsApp } from './metrics/metrics.routes.ts';
import { Metrics } from './metrics/metrics.ts';
import { createJobQueue } from './queue/queue.ts';
import { sendFormSync } from './red-flush/forms-queues.ts';
import { ensureFirstAdmin } from './users/users.service.ts';

function fail(message: string): never {
  process.stderr.write(`fapiao-hub: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  compileAll();

  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.dbPoolMax,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    statementTimeoutMs: config.dbStatementTimeoutMs,
  }).catch((error: unknown) => fail(error instanceof DatabaseBusyError ? error.message : `cannot open the database: ${String(error)}`));
  await migrateToLatest(database.db);
  logger.info({ database: database.kind, dataDir: database.kind === 'embedded' ? config.dataDir : undefined }, 'database ready');

  const metrics = new Metrics(database.pool);
  const jobs = createJobQueue({
    db: database.db,
    pglite: database.pglite,
    connectionString: config.databaseUrl,
    poolMax: config.jobsPoolMax,
    superviseIntervalSeconds: config.jobsSuperviseIntervalSeconds,
    pollIntervalMs: config.jobsPollIntervalMs,
    logger,
    metrics,
  });
  // Each capability's queues and workers are registered here, before the start.
  registerRedFlushJobs({
    db: database.db,
    jobs,
    logger,
    metrics,
    secretsKey: () => resolveSecretsKey(config),
    connectTimeoutMs: config.channelConnectTimeoutMs,
    timeoutMs: config.channelTimeoutMs,
    forms: {
      confirmWindowMs: config.formConfirmWindowMs,
      syncIntervalMs: config.formSyncIntervalMs,
      syncDays: config.formSyncDays,
      pollMs: config.formPollMs,
    },
  });
  registerFindingsJobs({ db: database.db, jobs, logger, metrics });
  await jobs.start().catch((error: unknown) => fail(`cannot start the job queue: ${String(error)}`));
  // The forms sync's chain: its first run (nothing is sent while one waits already).
  if (config.formSyncIntervalMs > 0) await sendFormSync(jobs, 'interval');

  const tokens = await startTokenCache(database, {
    maxAgeSeconds: config.tokenCacheSeconds,
    onError: (error) => logger.warn({ err: error }, 'token cache: LISTEN failed; tokens are looked up each time until it is back'),
  });
  const app = buildApp({
    db: database.db,
    tokens,
    logger,
    metrics,
    metricsToken: config.metricsToken,
    bodyLimitBytes: config.bodyLimitBytes,
    pushConcurrency: config.pushConcurrency,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    authRateLimit: config.authRateLimit,
    authRateWindowSeconds: config.authRateWindowSeconds,
    callbackRateLimit: config.callbackRateLimit,
    callbackRateWindowSeconds: config.callbackRateWindowSeconds,
    trustProxyHops: config.trustProxyHops,
    jobs,
    consoleSessions: { idleSeconds: config.consoleSessionIdleMinutes * 60, maxSeconds: config.consoleSessionMaxHours * 3600 },
    redFlushSyncWaitMs: config.redFlushSyncWaitMs,
    // Resolved when the console's admin API writes a channel secret: SECRETS_KEY, or the embedded database's key file.
    secretsKey: () => resolveSecretsKey(config),
  });
  const server = await listen(app, config.port, config.host);
  const base = urlOf(server, config.host);
  logger.info({ url: base }, 'listening');
  const metricsServer = config.metricsPort ? await listen(metricsApp(metrics), config.metricsPort, config.metricsHost) : undefined;
  if (metricsServer) logger.info({ url: `${urlOf(metricsServer, config.metricsHost)}/metrics` }, 'metrics listening');

  if (database.kind === 'embedded') {
    const dev = await ensureDevApp(database.db, config.accessTokenTtlSeconds);
    if (dev) {
      // Kept for the README's demos (the embedded database is for development): the data directory holds its secrets key too.
      writeEnvFile(path.join(config.dataDir, DEV_APP_ENV), [`The app "dev" of this embedded database (${base}).`], {
        DEV_APP_KEY: dev.credentials.appKey,
        DEV_APP_SECURITY: dev.credentials.appSecurity,
      });
      process.stderr.write(
        devBanner(base, dev.credentials.appKey, dev.credentials.appSecurity, dev.token.accessToken, path.join(config.dataDir, DEV_APP_ENV)),
      );
    }
    const simulator = await ensureDevSimulator(database.db, {
      dataDir: config.dataDir,
      hubUrl: base,
      secretsKey: () => resolveSecretsKey(config),
    });
    if (simulator) process.stderr.write(simulatorBanner(simulator.file));
    const admin = await ensureFirstAdmin(database.db);
    if (admin) process.stderr.write(adminBanner(base, admin.user.name, admin.password));
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'stopping: no new connections, finishing requests and jobs in flight');
    let forced = false;
    const grace = setTimeout(() => {
      forced = true;
      logger.error('grace period over: closing the connections still open');
      server.closeAllConnections();
    }, config.shutdownGraceMs);
    // Keep-alive connections go as soon as their request is answered.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    // Jobs get the same grace; one still running then is aborted and failed, to be retried.
    await Promise.all([
      closeServer(server).then(() => {
        clearInterval(idle);
        clearTimeout(grace);
      }),
      metricsServer && closeServer(metricsServer),
      jobs
        .stop({ timeoutMs: config.shutdownGraceMs })
        .catch((error: unknown) => logger.error({ err: error }, 'the job queue did not stop cleanly')),
    ]);
    await tokens.close();
    await database.close();
    logger.info({ forced }, 'stopped');
    process.exit(forced ? 1 : 0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function urlOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function adminBanner(base: string, name: string, password: string): string {
  return `
  fapiao-hub created the console user "${name}" (role admin) in the embedded database.
  Sign in at ${base}/console/ with this one-time password (shown this once; you choose a new one at sign-in):

    name      ${name}
    password  ${password}

`;
}

/** The dev app's credentials, in the data directory (mode 0600). */
const DEV_APP_ENV = 'dev-app.env';

function simulatorBanner(file: string): string {
  const command =
    path.relative(process.cwd(), file) === path.join('data', DEV_SIMULATOR_ENV)
      ? 'npm run simulator:dev'
      : `node --env-file=${file} simulator/main.ts`;
  return `
  fapiao-hub configured the channel "${DEV_SIMULATOR_CHANNEL}" to call the bundled Nuonuo simulator at ${DEV_SIMULATOR_URL}, and the app
  "${DEV_SIMULATOR_APP}" for the simulator to push red invoices back (credentials in ${file}). Start it in another terminal:

    ${command}

`;
}

function devBanner(base: string, appKey: string, appSecurity: string, accessToken: string, devEnv: string): string {
  const body = JSON.stringify({
    channelCode: 'jcsk',
    serialNo: 'demo-1',
    data: [
      {
        invoiceType: INVOICE_TYPE.BLUE,
        invoiceTypeCode: INVOICE_TYPE_CODE.VATElectronicInvoice,
        buyerName: '北京文化产业有限公司',
        sellerName: '示例销售有限公司',
        sellerTaxNo: '91110105MA01G6XXX5',
        originals: 0,
        invoicingStatus: INVOICING_STATUS.ISSUED,
        invoiceCode: '011002100111',
        invoiceNumber: '00000001',
        invoiceDate: Date.UTC(2026, 0, 1),
        invoiceAmount: '100.00',
        invoiceTaxAmount: '6.00',
        invoiceTotalPriceTax: '106.00',
        details: [
          {
            billNumber: '1',
            detailRowNo: '1',
            goodsName: '*信息技术服务*技术服务费',
            goodsCost: '100.00',
            goodsVat: '6.00',
            taxRate: '0.06',
          },
        ],
      },
    ],
  });
  return `
  fapiao-hub created the app "dev" (scopes push, read and redflush, any channel) in the embedded database.
  Its credentials (also kept, for the README's demos, in ${devEnv}):

    appKey       ${appKey}
    appSecurity  ${appSecurity}

  Push a demo invoice with this access token (valid for the token lifetime):

    curl -s -X POST '${base}/api/openapi/v2/invoicing?accessToken=${accessToken}' \\
      -H 'Content-Type: application/json' -d '${body}'

  To run the README's examples as pasted, first in that shell:

    export TOKEN='${accessToken}' APP_KEY='${appKey}' APP_SECURITY='${appSecurity}'

  Get a new access token:

    curl -s -X POST '${base}/api/openapi/v1/auth/getAccessToken' \\
      -H 'Content-Type: application/json' -d '{"appKey":"${appKey}","appSecurity":"${appSecurity}"}'

`;
}

await main();
