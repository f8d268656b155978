/**
 * Database errors, recognised by SQLSTATE code (never by message text).
 *
 * node-postgres gives no SQLSTATE when it cannot reach the server or loses
 * the connection (a connect timeout, a refused or reset connection, a
 * connection that ends mid-query, a query that outlives `query_timeout`):
 * the pool given to kysely (db/connect.ts) turns every such error, one
 * without a SQLSTATE, into a `DatabaseUnavailableError`, so that callers
 * tell them apart by class rather than by wording.
 */

/** Postgres SQLSTATE codes the code reacts to. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_SERIALIZATION_FAILURE = '40001';
export const PG_DEADLOCK_DETECTED = '40P01';
/** Class 08: connection exception. */
export const PG_CONNECTION_EXCEPTION_CLASS = '08';
export const PG_ADMIN_SHUTDOWN = '57P01';
export const PG_CANNOT_CONNECT_NOW = '57P03';
export const PG_TOO_MANY_CONNECTIONS = '53300';
/** A statement cancelled: it ran past `statement_timeout` (or an operator cancelled it). */
export const PG_QUERY_CANCELED = '57014';
/** The project's own: a push's one-trip statement found that the push needs its transaction (migrations/0017_push_alone.ts). */
export const PUSH_NEEDS_TRANSACTION = 'FH001';

/** The server could not be reached or stopped answering; the original error is the cause. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the database is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * The SQLSTATE of an error the server sent (node-postgres and PGlite both
 * give it as `code`, beside the message's `severity`), if it is one. A
 * socket error's `code` (`ECONNRESET`, `EPIPE`) is not a SQLSTATE.
 */
export function sqlState(error: unknown): string | undefined {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string' ? code : undefined;
}

/**
 * What a driver error means to callers: one with a SQLSTATE is the
 * server's answer and stays as it is; one without (a socket error, a
 * timeout, a connection that ended) means the server is out of reach. A
 * TypeError is a bug in the values sent, not an outage.
 */
export function fromDriver(error: unknown): unknown {
  if (sqlState(error) !== undefined || error instanceof TypeError || error instanceof DatabaseUnavailableError) return error;
  return new DatabaseUnavailableError(error);
}

/** The database could not be reached, went away, or refuses connections for now: the client should retry later. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const code = sqlState(error);
  if (code === undefined) return false;
  return (
    code.startsWith(PG_CONNECTION_EXCEPTION_CLASS) ||
    code === PG_ADMIN_SHUTDOWN ||
    code === PG_CANNOT_CONNECT_NOW ||
    code === PG_TOO_MANY_CONNECTIONS
  );
}

/**
 * The server cancelled a statement (it ran past `statement_timeout`, or
 * waited that long for a lock): the transaction was rolled back, nothing
 * was stored, and the same request later may well succeed.
 */
export function isStatementCancelled(error: unknown): boolean {
  return sqlState(error) === PG_QUERY_CANCELED;
}

/**
 * Failures that a retry of the whole transaction resolves: a serialization
 * failure or deadlock, and a unique violation, which in a push can only come
 * from a concurrent push that wrote the same rows after this transaction's
 * snapshot (invoices themselves are inserted with ON CONFLICT; duplicates
 * within a push are refused before the transaction). The retry reads the
 * other push's committed rows and decides again.
 */
export function isRetryable(error: unknown): boolean {
  const code = sqlState(error);
  return code === PG_SERIALIZATION_FAILURE || code === PG_DEADLOCK_DETECTED || code === PG_UNIQUE_VIOLATION;
}
