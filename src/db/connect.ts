/**
 * Opens the database: Postgres through a node-postgres pool when a
 * connection string is given, otherwise the embedded Postgres (PGlite) kept
 * under a data directory, or in memory for tests.
 *
 * Both hand NUMERIC and BIGINT values back as strings (money and ids stay
 * exact) and TIMESTAMPTZ as Date. On Postgres, an error without a SQLSTATE
 * (the server out of reach) comes out as a DatabaseUnavailableError
 * (db/errors.ts).
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type CompiledQuery, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { DatabaseUnavailableError, fromDriver } from './errors.ts';
import { type ListenHandlers, type Listening, listenEmbedded, listenPostgres } from './listen.ts';
import { isPrepared } from './prepared.ts';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'embedded';
  /** The embedded database itself (snapshots for tests). */
  readonly pglite?: PGlite;
  /** The pool, for Postgres (health and metrics read it). */
  readonly pool?: pg.Pool;
  /** LISTENs on a notification channel (db/listen.ts): on Postgres over a connection of its own, kept open. */
  listen(channel: string, handlers: ListenHandlers): Promise<Listening>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Postgres connection string. */
  readonly databaseUrl?: string | undefined;
  /** For the embedded database: where to keep it; absent means in memory. */
  readonly dataDir?: string | undefined;
  /** For an in-memory embedded database: start from this snapshot (`PGlite.dumpDataDir`) instead of an empty cluster. */
  readonly snapshot?: Blob | undefined;
  readonly poolMax?: number;
  /** Milliseconds to wait for a pooled connection before failing. */
  readonly connectTimeoutMs?: number;
  /** Milliseconds after which Postgres cancels a statement. */
  readonly statementTimeoutMs?: number;
}

/** The embedded database is held by another live process. */
export class DatabaseBusyError extends Error {
  readonly dataDir: string;
  readonly pid: number;

  constructor(dataDir: string, pid: number) {
    super(
      `the embedded database in ${dataDir} is in use by process ${pid} (a running fapiao-hub server?). ` +
        'Stop that process first, or set DATABASE_URL to use a Postgres server, which many processes can share.',
    );
    this.name = 'DatabaseBusyError';
    this.dataDir = dataDir;
    this.pid = pid;
  }
}

const INT8_OID = 20;

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openEmbedded(options.dataDir, options.snapshot);
}

/**
 * A pg client that runs the texts marked with `prepared` (db/prepared.ts) as
 * named statements, and whose failed queries reject with `fromDriver`'s
 * error.
 *
 * It also sends a transaction's BEGIN with its first statement when that
 * statement has no parameters (one simple-protocol message, `begin; …`):
 * kysely's BEGIN is answered at once and held back until then, saving the
 * round trip of a BEGIN sent alone (a push's group locks are written so,
 * red-flush/red-flush.repository.ts). The statements still run one after
 * the other inside the transaction, each with its own snapshot. A first
 * statement with parameters (a prepared one) goes in the same write as the
 * BEGIN: the pool's clients run in node-postgres's pipeline mode (each
 * query is sent without waiting for the answer to the one before; its
 * answers still come one per query, in order). kysely sends one statement
 * at a time, so pipelining changes nothing else; `inOneTrip` below sends
 * several at once.
 */
class PreparingClient extends pg.Client {
  readonly #names = new Map<string, string>();
  /** kysely's BEGIN was answered but not sent yet: it goes with the next statement. */
  #beginHeld = false;

  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; they all pass through.
  override query(config: any, values?: any, callback?: any): any {
    const plain = typeof config === 'string' && callback === undefined && typeof values !== 'function';
    if (plain && config === 'begin' && !hasValues(values) && !this.#beginHeld) {
      this.#beginHeld = true;
      return Promise.resolve(BEGUN);
    }
    if (this.#beginHeld) {
      this.#beginHeld = false;
      if (plain) return this.#afterBegin(config, values);
      // Any other form of query (none in this project): the BEGIN first, queued before it.
      this.#send('begin').catch(() => {});
    }
    return this.#send(config, values, callback);
  }

  async #afterBegin(text: string, values: unknown): Promise<unknown> {
    if (!hasValues(values) && !isPrepared(text)) {
      // One message, two statements: pg answers with a result for each; the caller asked for the second.
      const results: unknown = await this.#send(`begin;\n${text}`, values);
      return Array.isArray(results) ? results.at(-1) : results;
    }
    // Pipelined (the pool's clients are): the BEGIN and the statement go out together, each answered on its own.
    const begun: Promise<unknown> = this.#send('begin');
    const result: Promise<unknown> = this.#send(text, values);
    try {
      await begun;
    } catch (error) {
      result.catch(() => {});
      throw error;
    }
    return result;
  }

  // biome-ignore lint/suspicious/noExplicitAny: as query().
  #send(config: any, values?: any, callback?: any): any {
    let result: unknown;
    if (typeof config === 'string' && isPrepared(config)) {
      let name = this.#names.get(config);
      if (name === undefined) {
        name = `fh_${this.#names.size + 1}`;
        this.#names.set(config, name);
      }
      result = super.query({ name, text: config, values }, callback);
    } else {
      result = super.query(config, values, callback);
    }
    return result instanceof Promise
      ? result.catch((error: unknown) => {
          throw fromDriver(error);
        })
      : result;
  }
}

/**
 * Sends statements on one pooled connection in one write, without waiting
 * for any answer before the last is sent (pipelined), and answers each
 * statement's outcome, in order. Each statement is its own implicit
 * transaction unless they begin and end one themselves; Postgres runs them
 * one after the other, so a statement after a failed one inside a
 * transaction fails too, and a COMMIT after it rolls back.
 */
export type OneTrip = (statements: readonly CompiledQuery[]) => Promise<PromiseSettledResult<pg.QueryResult>[]>;

const oneTrips = new WeakMap<Kysely<Database>, OneTrip>();

/** Sending statements in one trip, for a database opened here on Postgres; the embedded database has none (one process, no round trips). */
export function oneTripOf(db: Kysely<Database>): OneTrip | undefined {
  return oneTrips.get(db);
}

async function inOneTrip(pool: pg.Pool, statements: readonly CompiledQuery[]): Promise<PromiseSettledResult<pg.QueryResult>[]> {
  const client = await pool.connect();
  let settled: PromiseSettledResult<pg.QueryResult>[] | undefined;
  try {
    settled = await Promise.allSettled(
      statements.map((statement) => client.query(statement.sql, hasValues(statement.parameters) ? [...statement.parameters] : undefined)),
    );
    return settled;
  } finally {
    // A connection that failed, or that the statements left inside a transaction, is not handed out again.
    const lost = settled?.find((outcome) => outcome.status === 'rejected' && outcome.reason instanceof DatabaseUnavailableError);
    const idle = client.getTransactionStatus() === 'I';
    client.release(settled === undefined || lost !== undefined || !idle ? new Error('connection closed after a failed trip') : undefined);
  }
}

/** What a BEGIN answers (kysely reads `command`, `rowCount` and `rows`). */
const BEGUN = Object.freeze({ command: 'BEGIN', rowCount: null, oid: null, rows: [], fields: [] });

function hasValues(values: unknown): boolean {
  return Array.isArray(values) && values.length > 0;
}

/** A pool whose failures to hand out a connection reject with `fromDriver`'s error. */
class ClassifyingPool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: connect() with a callback passes through untouched.
  override connect(callback?: any): any {
    if (callback !== undefined) return super.connect(callback);
    return super.connect().catch((error: unknown) => {
      throw fromDriver(error);
    });
  }
}

function openPostgres(connectionString: string, options: OpenOptions): DatabaseHandle {
  const pool = new ClassifyingPool({
    Client: PreparingClient,
    connectionString,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 1500,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    // Client-side guard for a server that stopped answering (no TCP reset): a bit after the server-side timeout.
    query_timeout: (options.statementTimeoutMs ?? 10_000) + 1000,
    idleTimeoutMillis: 30_000,
    pipeline: true,
  });
  // An idle client losing its connection must not crash the process: the pool drops it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  oneTrips.set(db, (statements) => inOneTrip(pool, statements));
  return {
    db,
    kind: 'postgres',
    pool,
    listen: async (channel, handlers) => listenPostgres(connectionString, channel, handlers),
    close: () => db.destroy(),
  };
}

async function openEmbedded(dataDir: string | undefined, snapshot: Blob | undefined): Promise<DatabaseHandle> {
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  try {
    // Loaded only here: a server on Postgres never pays for PGlite's code in memory (about 37 MB).
    const [{ PGlite }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm')]);
    const options = {
      parsers: { [INT8_OID]: (value: string) => value },
      // Trigram indexes serve substring search (`buyerName`); see migrations/0002_query.ts.
      extensions: { pg_trgm },
      ...(snapshot && !dataDir ? { loadDataDir: snapshot } : {}),
    };
    // In memory: the options are the only argument (PGlite ignores a second argument after `undefined`).
    const pglite = dataDir ? new PGlite(path.join(dataDir, 'pg'), options) : new PGlite(options);
    await pglite.waitReady;
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    return {
      db,
      kind: 'embedded',
      pglite,
      listen: (channel, handlers) => listenEmbedded(pglite, channel, handlers),
      close: async () => {
        try {
          await db.destroy();
          if (!pglite.closed) await pglite.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * PGlite is a single process's database: a second process opening the same
 * files would corrupt them. A lock file holding the owner's pid keeps the
 * second one out; a lock left by a dead process is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseBusyError(dataDir, owner);
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not lock ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
