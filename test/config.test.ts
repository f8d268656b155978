import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig, loadDotEnv } from '../src/config.ts';

test('when nothing is set, then the documented defaults apply and the object is frozen', () => {
  const config = loadConfig({});
  assert.deepEqual(
    { ...config, dataDir: undefined },
    {
      databaseUrl: undefined,
      dataDir: undefined,
      host: '127.0.0.1',
      port: 3000,
      bodyLimitBytes: 10 * 1024 * 1024,
      accessTokenTtlSeconds: 7200,
      tokenCacheSeconds: 30,
      dbPoolMax: 10,
      pushConcurrency: 10,
      dbConnectTimeoutMs: 1500,
      dbStatementTimeoutMs: 10_000,
      shutdownGraceMs: 10_000,
      jobsPollIntervalMs: 2000,
      jobsPoolMax: 3,
      authRateLimit: 10,
      authRateWindowSeconds: 60,
      callbackRateLimit: 300,
      callbackRateWindowSeconds: 60,
      trustProxyHops: 0,
      metricsToken: undefined,
      metricsPort: undefined,
      metricsHost: '127.0.0.1',
      logLevel: 'info',
      secretsKey: undefined,
      channelConnectTimeoutMs: 3000,
      channelTimeoutMs: 15_000,
      consoleSessionIdleMinutes: 30,
      consoleSessionMaxHours: 12,
      redFlushSyncWaitMs: 3000,
      formConfirmWindowMs: 72 * 3_600_000,
      formSyncIntervalMs: 600_000,
      formSyncDays: 7,
      formPollMs: 60_000,
      jobsSuperviseIntervalSeconds: 60,
    },
  );
  assert.ok(config.dataDir.endsWith('data'));
  assert.ok(Object.isFrozen(config));
});

test('when values are set, then they are parsed', () => {
  const config = loadConfig({
    DATABASE_URL: 'postgres://u@db:5432/x',
    PORT: '8080',
    BODY_LIMIT: '2mb',
    ACCESS_TOKEN_TTL_SECONDS: '600',
    TOKEN_CACHE_SECONDS: '0',
    METRICS_TOKEN: 'a-long-enough-token',
    METRICS_PORT: '9464',
    LOG_LEVEL: 'warn',
    JOBS_POLL_INTERVAL_MS: '750',
    JOBS_POOL_MAX: '5',
    CONSOLE_SESSION_IDLE_MINUTES: '15',
    CONSOLE_SESSION_MAX_HOURS: '8',
    REDFLUSH_SYNC_WAIT_MS: '0',
    REDFLUSH_CONFIRM_HOURS: '0.001',
    REDFLUSH_FORM_SYNC_INTERVAL_SECONDS: '0',
    REDFLUSH_FORM_SYNC_DAYS: '30',
    REDFLUSH_FORM_POLL_SECONDS: '5',
  });
  assert.equal(config.consoleSessionIdleMinutes, 15);
  assert.equal(config.consoleSessionMaxHours, 8);
  assert.equal(config.databaseUrl, 'postgres://u@db:5432/x');
  assert.equal(config.port, 8080);
  assert.equal(config.bodyLimitBytes, 2 * 1024 * 1024);
  assert.equal(config.accessTokenTtlSeconds, 600);
  assert.equal(config.tokenCacheSeconds, 0);
  assert.equal(config.metricsToken, 'a-long-enough-token');
  assert.equal(config.metricsPort, 9464);
  assert.equal(config.logLevel, 'warn');
  assert.equal(config.jobsPollIntervalMs, 750);
  assert.equal(config.jobsPoolMax, 5);
  assert.equal(config.redFlushSyncWaitMs, 0);
  assert.deepEqual([config.formConfirmWindowMs, config.formSyncIntervalMs, config.formSyncDays, config.formPollMs], [3600, 0, 30, 5000]);
});

test('when a value is wrong, then loading stops with the variable named and what it expects', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /^PORT="eighty" is not valid: expected a whole number from 0 to 65535$/],
    [{ PORT: '70000' }, /^PORT=/],
    [{ BODY_LIMIT: '10 parsecs' }, /^BODY_LIMIT=.*expected a size from 1kb to 1gb/],
    [{ ACCESS_TOKEN_TTL_SECONDS: '5' }, /^ACCESS_TOKEN_TTL_SECONDS=/],
    [{ TOKEN_CACHE_SECONDS: '3601' }, /^TOKEN_CACHE_SECONDS="3601" is not valid: expected a whole number from 0 to 3600$/],
    [{ DB_POOL_MAX: '0' }, /^DB_POOL_MAX=/],
    [{ DB_CONNECT_TIMEOUT_MS: '-1' }, /^DB_CONNECT_TIMEOUT_MS=/],
    [{ SHUTDOWN_GRACE_MS: '1.5' }, /^SHUTDOWN_GRACE_MS=/],
    [{ JOBS_POLL_INTERVAL_MS: '100' }, /^JOBS_POLL_INTERVAL_MS="100" is not valid: expected a whole number from 500 to 600000$/],
    [{ JOBS_POOL_MAX: '0' }, /^JOBS_POOL_MAX=/],
    [{ AUTH_RATE_LIMIT: 'many' }, /^AUTH_RATE_LIMIT=/],
    [{ CALLBACK_RATE_LIMIT: '0' }, /^CALLBACK_RATE_LIMIT="0" is not valid: expected a whole number from 1 to 1000000$/],
    [{ METRICS_PORT: '0' }, /^METRICS_PORT=/],
    [{ CONSOLE_SESSION_IDLE_MINUTES: '0' }, /^CONSOLE_SESSION_IDLE_MINUTES="0" is not valid: expected a whole number from 1 to 1440$/],
    [{ CONSOLE_SESSION_MAX_HOURS: '721' }, /^CONSOLE_SESSION_MAX_HOURS=/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL="loud" is not valid: expected one of fatal, error/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL=.*expected a postgres:\/\/ or postgresql:\/\/ URL/],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL=/],
    [{ SECRETS_KEY: 'short' }, /^SECRETS_KEY="\(hidden\)" is not valid: expected 32 bytes as 64 hex digits or as base64/],
    [{ SECRETS_KEY: 'ab'.repeat(31) }, /^SECRETS_KEY="\(hidden\)"/],
    [{ CHANNEL_TIMEOUT_MS: '50' }, /^CHANNEL_TIMEOUT_MS=/],
    [{ REDFLUSH_SYNC_WAIT_MS: '70000' }, /^REDFLUSH_SYNC_WAIT_MS="70000" is not valid: expected a whole number from 0 to 60000$/],
    [{ REDFLUSH_CONFIRM_HOURS: '0' }, /^REDFLUSH_CONFIRM_HOURS="0" is not valid: expected a number of hours above 0, at most 720/],
    [{ REDFLUSH_CONFIRM_HOURS: '-1' }, /^REDFLUSH_CONFIRM_HOURS=/],
    [{ REDFLUSH_FORM_SYNC_DAYS: '91' }, /^REDFLUSH_FORM_SYNC_DAYS=/],
    [
      { CHANNEL_CONNECT_TIMEOUT_MS: '5000', CHANNEL_TIMEOUT_MS: '4000' },
      /^CHANNEL_CONNECT_TIMEOUT_MS="5000" is not valid: expected less than CHANNEL_TIMEOUT_MS \(4000\)$/,
    ],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && message.test(error.message),
      JSON.stringify(env),
    );
  }
});

test('when SECRETS_KEY is 64 hex digits or base64 of 32 bytes, then it is read as those 32 bytes', () => {
  const key = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
  assert.deepEqual(loadConfig({ SECRETS_KEY: key.toString('hex') }).secretsKey, key);
  assert.deepEqual(loadConfig({ SECRETS_KEY: key.toString('base64') }).secretsKey, key);
  assert.deepEqual(loadConfig({ SECRETS_KEY: key.toString('base64url') }).secretsKey, key);
  const timeouts = loadConfig({ CHANNEL_CONNECT_TIMEOUT_MS: '500', CHANNEL_TIMEOUT_MS: '2000' });
  assert.deepEqual([timeouts.channelConnectTimeoutMs, timeouts.channelTimeoutMs], [500, 2000]);
});

test('when METRICS_TOKEN is too short, then loading stops without printing the secret', () => {
  assert.throws(
    () => loadConfig({ METRICS_TOKEN: 'short' }),
    (error: unknown) =>
      error instanceof ConfigError && error.message === 'METRICS_TOKEN="(too short)" is not valid: expected at least 16 characters',
  );
});

test('when a .env file is present, then its values are read and real environment variables win', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fapiao-hub-env-'));
  const file = path.join(dir, '.env');
  writeFileSync(file, 'FAPIAO_TEST_FROM_FILE=file\nFAPIAO_TEST_BOTH=file\n');
  process.env.FAPIAO_TEST_BOTH = 'environment';
  try {
    loadDotEnv(file);
    assert.equal(process.env.FAPIAO_TEST_FROM_FILE, 'file');
    assert.equal(process.env.FAPIAO_TEST_BOTH, 'environment');
  } finally {
    delete process.env.FAPIAO_TEST_FROM_FILE;
    delete process.env.FAPIAO_TEST_BOTH;
    rmSync(dir, { recursive: true, force: true });
  }
});
