/**
 * The one place the environment is read. Every setting is parsed and
 * checked here once, at start; a wrong value stops the start with a message
 * naming the variable. The README's configuration table mirrors this file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface Config {
  /** Postgres connection string; absent means the embedded database (PGlite). */
  readonly databaseUrl: string | undefined;
  /** Where the embedded database keeps its files. */
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** Largest accepted request body, in bytes. */
  readonly bodyLimitBytes: number;
  readonly accessTokenTtlSeconds: number;
  /** Seconds a verified access token is kept in memory at most (revocations reach it at once by LISTEN/NOTIFY); 0: not kept. */
  readonly tokenCacheSeconds: number;
  readonly dbPoolMax: number;
  /** Pushes read and stored at once; the others wait their turn (by default as many as DB_POOL_MAX). */
  readonly pushConcurrency: number;
  /** Milliseconds to wait for a database connection before answering 503. */
  readonly dbConnectTimeoutMs: number;
  /** Milliseconds after which a database statement is cancelled. */
  readonly dbStatementTimeoutMs: number;
  /** Milliseconds that SIGTERM/SIGINT wait for requests and jobs in flight. */
  readonly shutdownGraceMs: number;
  /** Milliseconds between two looks of an idle job worker for jobs that came due (new jobs wake it at once). */
  readonly jobsPollIntervalMs: number;
  /** Postgres connections of the job queue's own pool (pg-boss), besides DB_POOL_MAX. */
  readonly jobsPoolMax: number;
  /** Seconds between two looks for job attempts that ran past their expiry (a process that died holding them). */
  readonly jobsSuperviseIntervalSeconds: number;
  /** Failed getAccessToken/refreshToken calls allowed per client address and window. */
  readonly authRateLimit: number;
  readonly authRateWindowSeconds: number;
  /** Channel callbacks taken from one address per window (CALLBACK_RATE_LIMIT per CALLBACK_RATE_WINDOW_SECONDS). */
  readonly callbackRateLimit: number;
  readonly callbackRateWindowSeconds: number;
  /** Proxies in front of the server whose X-Forwarded-For is trusted (0: none). */
  readonly trustProxyHops: number;
  /** Bearer token for GET /metrics on the main port; unset: not served there. */
  readonly metricsToken: string | undefined;
  /** Separate port serving GET /metrics without a token; unset: none. */
  readonly metricsPort: number | undefined;
  readonly metricsHost: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Key (32 bytes) that encrypts channel secrets at rest; unset: the embedded database keeps one in DATA_DIR (src/channels/secrets.ts). */
  readonly secretsKey: Buffer | undefined;
  /** Milliseconds a call to a channel may take to connect (then: not sent, safe to retry). */
  readonly channelConnectTimeoutMs: number;
  /** Milliseconds a call to a channel may take in all (then: outcome unknown, ask the channel). */
  readonly channelTimeoutMs: number;
  /** A console session unused this many minutes ends. */
  readonly consoleSessionIdleMinutes: number;
  /** A console session ends this many hours after sign-in, used or not. */
  readonly consoleSessionMaxHours: number;
  /** Milliseconds a red-flush answer waits for the channel's first answer (0: answer at once). */
  readonly redFlushSyncWaitMs: number;
  /** The 红字确认单 confirmation window (REDFLUSH_CONFIRM_HOURS, fractions allowed: tests shorten it). */
  readonly formConfirmWindowMs: number;
  /** Between two runs of the forms sync (REDFLUSH_FORM_SYNC_INTERVAL_SECONDS; 0: no periodic sync). */
  readonly formSyncIntervalMs: number;
  /** The days the sync asks for (REDFLUSH_FORM_SYNC_DAYS). */
  readonly formSyncDays: number;
  /** The first poll of a counterparty form after a change (REDFLUSH_FORM_POLL_SECONDS); doubles up to an hour. */
  readonly formPollMs: number;
}

export class ConfigError extends Error {
  readonly variable: string;

  constructor(variable: string, expected: string, value: string) {
    super(`${variable}=${JSON.stringify(value)} is not valid: expected ${expected}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `a whole number from ${min} to ${max}`, raw);
  }
  return value;
}

/** A positive number of hours, fractions allowed (`0.01` is 36 seconds), at most 30 days. */
function hours(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0 || value > 720)
    throw new ConfigError(name, 'a number of hours above 0, at most 720 (fractions allowed)', raw);
  return value;
}

function size(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const match = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(raw);
  const unit = SIZE_UNITS[(match?.[2] ?? '').toLowerCase()];
  const value = match && unit ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1024 || value > 1024 ** 3) {
    throw new ConfigError(name, 'a size from 1kb to 1gb, such as 10mb or 1048576', raw);
  }
  return value;
}

function secret(env: Env, name: string, minLength: number): string | undefined {
  const raw = read(env, name);
  if (raw !== undefined && raw.length < minLength) {
    throw new ConfigError(name, `at least ${minLength} characters`, '(too short)');
  }
  return raw;
}

function optionalPort(env: Env, name: string): number | undefined {
  return read(env, name) === undefined ? undefined : integer(env, name, 0, 1, 65535);
}

function oneOf<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `one of ${choices.join(', ')}`, raw);
  }
  return raw as T;
}

/** 32 bytes as 64 hex digits or as base64 (`openssl rand -base64 32`); the value is never printed. */
function secretsKey(env: Env): Buffer | undefined {
  const raw = read(env, 'SECRETS_KEY');
  if (raw === undefined) return undefined;
  const key = /^[0-9a-f]{64}$/i.test(raw)
    ? Buffer.from(raw, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(raw)
      ? Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
      : undefined;
  if (key?.length !== 32) {
    throw new ConfigError('SECRETS_KEY', '32 bytes as 64 hex digits or as base64 (openssl rand -base64 32)', '(hidden)');
  }
  return key;
}

function channelTimeouts(env: Env): { channelConnectTimeoutMs: number; channelTimeoutMs: number } {
  const channelTimeoutMs = integer(env, 'CHANNEL_TIMEOUT_MS', 15_000, 200, 600_000);
  const channelConnectTimeoutMs = integer(env, 'CHANNEL_CONNECT_TIMEOUT_MS', Math.min(3000, channelTimeoutMs - 100), 100, 60_000);
  // A call that runs out of total time while still connecting would pass for one that was sent.
  if (channelConnectTimeoutMs >= channelTimeoutMs) {
    throw new ConfigError(
      'CHANNEL_CONNECT_TIMEOUT_MS',
      `less than CHANNEL_TIMEOUT_MS (${channelTimeoutMs})`,
      String(channelConnectTimeoutMs),
    );
  }
  return { channelConnectTimeoutMs, channelTimeoutMs };
}

function databaseUrl(env: Env): string | undefined {
  const raw = read(env, 'DATABASE_URL');
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'a postgres:// or postgresql:// URL', '(unparsable URL)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', 'a postgres:// or postgresql:// URL', `${url.protocol}//…`);
  }
  return raw;
}

/** Reads `.env` in the working directory when there is one; real environment variables win. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function loadConfig(env: Env = process.env): Config {
  const dbPoolMax = integer(env, 'DB_POOL_MAX', 10, 1, 200);
  return Object.freeze({
    databaseUrl: databaseUrl(env),
    dataDir: path.resolve(read(env, 'DATA_DIR') ?? './data'),
    host: read(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    bodyLimitBytes: size(env, 'BODY_LIMIT', 10 * 1024 * 1024),
    accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 7200, 60, 30 * 24 * 3600),
    tokenCacheSeconds: integer(env, 'TOKEN_CACHE_SECONDS', 30, 0, 3600),
    dbPoolMax,
    pushConcurrency: integer(env, 'PUSH_CONCURRENCY', dbPoolMax, 1, 1000),
    dbConnectTimeoutMs: integer(env, 'DB_CONNECT_TIMEOUT_MS', 1500, 100, 60_000),
    dbStatementTimeoutMs: integer(env, 'DB_STATEMENT_TIMEOUT_MS', 10_000, 100, 600_000),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    jobsPollIntervalMs: integer(env, 'JOBS_POLL_INTERVAL_MS', 2000, 500, 600_000),
    jobsPoolMax: integer(env, 'JOBS_POOL_MAX', 3, 1, 50),
    jobsSuperviseIntervalSeconds: integer(env, 'JOBS_SUPERVISE_INTERVAL_SECONDS', 60, 1, 3600),
    authRateLimit: integer(env, 'AUTH_RATE_LIMIT', 10, 1, 100_000),
    authRateWindowSeconds: integer(env, 'AUTH_RATE_WINDOW_SECONDS', 60, 1, 86_400),
    callbackRateLimit: integer(env, 'CALLBACK_RATE_LIMIT', 300, 1, 1_000_000),
    callbackRateWindowSeconds: integer(env, 'CALLBACK_RATE_WINDOW_SECONDS', 60, 1, 86_400),
    trustProxyHops: integer(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    metricsToken: secret(env, 'METRICS_TOKEN', 16),
    metricsPort: optionalPort(env, 'METRICS_PORT'),
    metricsHost: read(env, 'METRICS_HOST') ?? '127.0.0.1',
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    secretsKey: secretsKey(env),
    ...channelTimeouts(env),
    consoleSessionIdleMinutes: integer(env, 'CONSOLE_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    consoleSessionMaxHours: integer(env, 'CONSOLE_SESSION_MAX_HOURS', 12, 1, 30 * 24),
    redFlushSyncWaitMs: integer(env, 'REDFLUSH_SYNC_WAIT_MS', 3000, 0, 60_000),
    formConfirmWindowMs: Math.round(hours(env, 'REDFLUSH_CONFIRM_HOURS', 72) * 3_600_000),
    formSyncIntervalMs: integer(env, 'REDFLUSH_FORM_SYNC_INTERVAL_SECONDS', 600, 0, 86_400) * 1000,
    formSyncDays: integer(env, 'REDFLUSH_FORM_SYNC_DAYS', 7, 1, 90),
    formPollMs: integer(env, 'REDFLUSH_FORM_POLL_SECONDS', 60, 1, 3600) * 1000,
  });
}
