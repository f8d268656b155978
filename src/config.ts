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
  readonly dbPoolMax: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    value: string,
  ) {
    super(`${variable}=${JSON.stringify(value)} is not valid: expected ${expected}`);
    this.name = 'ConfigError';
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

function oneOf<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `one of ${choices.join(', ')}`, raw);
  }
  return raw as T;
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
  return Object.freeze({
    databaseUrl: databaseUrl(env),
    dataDir: path.resolve(read(env, 'DATA_DIR') ?? './data'),
    host: read(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    bodyLimitBytes: size(env, 'BODY_LIMIT', 10 * 1024 * 1024),
    accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 7200, 60, 30 * 24 * 3600),
    dbPoolMax: integer(env, 'DB_POOL_MAX', 10, 1, 200),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
  });
}
