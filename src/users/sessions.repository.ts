import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface NewSession {
  readonly tokenHash: string;
  readonly userId: string;
  readonly idleSeconds: number;
  readonly maxSeconds: number;
}

/** Stores a session; its expiries are set by the database clock, as every later check is. */
export async function insertSession(db: Db, session: NewSession) {
  return db
    .insertInto('console_sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      idle_seconds: session.idleSeconds,
      idle_expires_at: sql<Date>`least(now() + make_interval(secs => ${session.idleSeconds}), now() + make_interval(secs => ${session.maxSeconds}))`,
      expires_at: sql<Date>`now() + make_interval(secs => ${session.maxSeconds})`,
    })
    .returning(['id', 'idle_expires_at', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/**
 * The live session of a token with its user, in one statement: a session
 * that has not ended, is within both expiries, of a user who is not
 * disabled. Using it pushes its idle expiry forward (never past the
 * absolute one). Undefined when there is no such session.
 */
export async function touchSession(db: Db, tokenHash: string) {
  return db
    .updateTable('console_sessions as s')
    .from('console_users as u')
    .set({
      last_seen_at: sql<Date>`now()`,
      idle_expires_at: sql<Date>`least(now() + make_interval(secs => s.idle_seconds), s.expires_at)`,
    })
    .whereRef('u.id', '=', 's.user_id')
    .where('s.token_hash', '=', tokenHash)
    .where('s.ended_at', 'is', null)
    .where('s.idle_expires_at', '>', sql<Date>`now()`)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled_at', 'is', null)
    .returning([
      's.id as sessionId',
      's.idle_expires_at as idleExpiresAt',
      's.expires_at as expiresAt',
      'u.id as userId',
      'u.name',
      'u.role',
      'u.must_change_password as mustChangePassword',
    ])
    .executeTakeFirst();
}

export type LiveSession = NonNullable<Awaited<ReturnType<typeof touchSession>>>;

export async function endSession(db: Db, sessionId: string, reason: string): Promise<void> {
  await db
    .updateTable('console_sessions')
    .set({ ended_at: sql<Date>`now()`, end_reason: reason })
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends every session of a user but `keepId` (a password change keeps the session that made it). */
export async function endSessionsOfUser(db: Db, userId: string, reason: string, keepId?: string): Promise<void> {
  let query = db
    .updateTable('console_sessions')
    .set({ ended_at: sql<Date>`now()`, end_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (keepId !== undefined) query = query.where('id', '!=', keepId);
  await query.execute();
}

/** Forgets sessions that expired more than a week ago (run at each sign-in; the index on expires_at serves it). */
export async function deleteOldSessions(db: Db): Promise<void> {
  await db.deleteFrom('console_sessions').where('expires_at', '<', sql<Date>`now() - interval '7 days'`).execute();
}
