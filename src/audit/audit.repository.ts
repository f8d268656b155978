import { sql } from 'kysely';
import type { AuditLogTable, Db } from '../db/database.ts';

export interface NewAuditEntry {
  readonly actorType: AuditLogTable['actor_type'];
  readonly actorId: string | null;
  readonly actorName: string;
  readonly action: string;
  readonly target: string | null;
  readonly details: Record<string, unknown>;
  readonly requestId: string | null;
}

export async function insertAuditEntry(db: Db, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_type: entry.actorType,
      actor_id: entry.actorId,
      actor_name: entry.actorName,
      action: entry.action,
      target: entry.target,
      // jsonb from text: the same on Postgres and the embedded database.
      details: sql<Record<string, unknown>>`${JSON.stringify(entry.details)}::jsonb`,
      request_id: entry.requestId,
    })
    .execute();
}

export interface AuditFilter {
  readonly action?: string;
  readonly actorName?: string;
  readonly target?: string;
  /** Entries at or after this instant. */
  readonly from?: Date;
  /** Entries before this instant. */
  readonly before?: Date;
  /** Entries older than this id (the keyset position). */
  readonly afterId?: string;
  readonly limit: number;
}

/** Newest first, by id (ids grow with time); one more than `limit` to tell whether a next page exists. */
export async function listAuditEntries(db: Db, filter: AuditFilter) {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.actorName !== undefined) query = query.where('actor_name', '=', filter.actorName);
  if (filter.target !== undefined) query = query.where('target', '=', filter.target);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.before !== undefined) query = query.where('at', '<', filter.before);
  if (filter.afterId !== undefined) query = query.where('id', '<', filter.afterId);
  return query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}
