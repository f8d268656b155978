/** Postgres SQLSTATE codes the code reacts to (never match on message text). */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_SERIALIZATION_FAILURE = '40001';
export const PG_DEADLOCK_DETECTED = '40P01';

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
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
