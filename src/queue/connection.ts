/**
 * How pg-boss reaches the database.
 *
 * - Postgres: pg-boss's own small pool (`JOBS_POOL_MAX` connections, plus one
 *   held for LISTEN). Its polling and maintenance then never take a
 *   connection an HTTP request is waiting for, and the LISTEN connection is
 *   pinned to one session, which the app's pool cannot give.
 * - Embedded (PGlite): one connection for everything, so pg-boss runs its
 *   SQL through the app's Kysely, holding Kysely's connection for each
 *   statement. A failed multi-statement block (pg-boss's `BEGIN; …; COMMIT`)
 *   is rolled back before the app's next statement can run on that
 *   connection; pg-boss's own PGlite adapter (`fromPglite`) does the rollback,
 *   this wrapper makes sure nothing slips in between.
 *
 * A job sent inside a caller's transaction goes through that transaction on
 * both (`inTransaction`).
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Kysely, Transaction } from 'kysely';
import { type Db, fromKysely, fromPglite } from 'pg-boss';
import type { Database } from '../db/database.ts';

/** Runs pg-boss's statements on the embedded database through the app's Kysely. */
export function embeddedConnection(db: Kysely<Database>, pglite: PGlite): Db {
  const inner = fromPglite(pglite);
  const listen = inner.listen;
  return {
    executeSql: (text, values) => db.connection().execute(() => inner.executeSql(text, values)),
    // LISTEN/NOTIFY within the process: a job committed by the app wakes the workers at once.
    ...(listen && {
      listen: async (channel, onNotification, onReconnect) => {
        const handle = await db.connection().execute(() => listen(channel, onNotification, onReconnect));
        return { close: () => db.connection().execute(() => handle.close()) };
      },
    }),
  };
}

/** pg-boss's statements inside the caller's transaction: they commit or roll back with it. */
export function inTransaction(trx: Transaction<Database>): Db {
  return fromKysely(trx);
}
