/**
 * The audit log: every action that changes something, with who did it
 * (a console user, an app, the CLI), when, on what, and the details. An
 * entry is written in the transaction of the change it records, so there
 * is no change without its entry and no entry without its change. Details
 * never hold a secret (no password, token or key).
 */
import { isBigintId } from '../db/bigint-id.ts';
import type { AuditLogTable, Db } from '../db/database.ts';
import { AppError, type FieldError } from '../errors.ts';
import { MIN_BOUND_YEAR, outOfRange } from '../http/bounds.ts';
import { BEIJING_OFFSET_MS } from '../invoice-codes.ts';
import * as repository from './audit.repository.ts';

/** Who did it. */
export interface Actor {
  readonly type: AuditLogTable['actor_type'];
  readonly id: string | null;
  readonly name: string;
}

export const CLI_ACTOR: Actor = { type: 'cli', id: null, name: 'cli' };
export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, name: 'fapiao-hub' };

/** The actor behind an authenticated request: its console user, else its app. */
export function actorOf(principal: {
  readonly appId: string;
  readonly appName: string;
  readonly user?: { readonly id: string; readonly name: string };
}): Actor {
  return principal.user
    ? { type: 'user', id: principal.user.id, name: principal.user.name }
    : { type: 'app', id: principal.appId, name: principal.appName };
}

/** Who makes a change and in which HTTP request: what a service needs to write its audit entry. */
export interface AuditContext {
  readonly actor: Actor;
  readonly requestId: string | null;
}

export interface AuditEvent {
  readonly action: string;
  /** What it was done to, as `kind:id-or-name` (`user:alice`, `invoice:42`). */
  readonly target?: string | null;
  readonly details?: Record<string, unknown>;
  readonly requestId?: string | null;
}

export async function audit(db: Db, actor: Actor, event: AuditEvent): Promise<void> {
  await repository.insertAuditEntry(db, {
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
    action: event.action,
    target: event.target ?? null,
    details: event.details ?? {},
    requestId: event.requestId ?? null,
  });
}

export interface AuditEntry {
  readonly id: string;
  readonly at: number;
  readonly atIso: string;
  readonly actorType: AuditLogTable['actor_type'];
  readonly actorId: string | null;
  readonly actorName: string;
  readonly action: string;
  readonly target: string | null;
  readonly details: Record<string, unknown>;
  readonly requestId: string | null;
}

export interface AuditPage {
  readonly items: AuditEntry[];
  readonly nextCursor: string | null;
}

/** The start of the first day (Beijing time) the `from` and `to` days may be: years before would reach year 0, which Postgres refuses. */
const FIRST_DAY_MS = Date.UTC(MIN_BOUND_YEAR, 0, 1) - BEIJING_OFFSET_MS;

/**
 * A page of entries. Refused (400, not a 500 at the query): days before the year MIN_BOUND_YEAR (`from`, `to`),
 * and an `afterId` that is not a `nextCursor` given out (past a bigint's range).
 */
export async function listAudit(db: Db, filter: repository.AuditFilter): Promise<AuditPage> {
  const errors: FieldError[] = [];
  if (filter.from !== undefined && filter.from.getTime() < FIRST_DAY_MS) errors.push(outOfRange('from'));
  if (filter.before !== undefined && filter.before.getTime() <= FIRST_DAY_MS) errors.push(outOfRange('to'));
  if (filter.afterId !== undefined && !isBigintId(filter.afterId)) {
    errors.push({
      parameter: 'cursor',
      message: 'is not a cursor this API gave out (pass nextCursor as it came)',
      zh: '不是本接口给出的游标（请原样传回 nextCursor）',
    });
  }
  if (errors.length > 0) throw AppError.validation(errors);
  const rows = await repository.listAuditEntries(db, filter);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      at: row.at.getTime(),
      atIso: row.at.toISOString(),
      actorType: row.actor_type,
      actorId: row.actor_id,
      actorName: row.actor_name,
      action: row.action,
      target: row.target,
      details: row.details,
      requestId: row.request_id,
    })),
    nextCursor: rows.length > filter.limit && last ? last.id : null,
  };
}
