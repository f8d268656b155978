/**
 * SQL for push records: the pushes stored, newest first, what each did to
 * the invoices it carried (its history entries) and to its batch, limited
 * to some sellers when asked.
 *
 * What a push did to its batch is not stored: batch states only move
 * forward (2 → 1 → 0, the state is the lowest result pushed), so it is
 * read from the batch's earlier pushes (by id, the order their batch
 * updates took): the first push `created` the batch; a lower result than
 * all before `moved` it; the same `kept` it; a higher one could not move it
 * back (`not_moved_back`).
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db, HistoryChange } from '../db/database.ts';

/** A position in the list order (received_at desc, id desc), received_at in microseconds since epoch. */
export interface PushKeyset {
  readonly receivedMicros: string;
  readonly id: string;
}

export interface PushFilter {
  /** Only pushes that carried an invoice of these sellers (and only those count); null: any. */
  readonly sellers: readonly string[] | null;
  readonly channelCode?: string;
  readonly serialNo?: string;
  readonly result?: number;
  /** received_at >= receivedFrom */
  readonly receivedFrom?: Date;
  /** received_at < receivedBefore */
  readonly receivedBefore?: Date;
  /** `changed`: it created, updated or voided an invoice, or created or moved its batch; `unchanged`: none of that. */
  readonly outcome?: 'changed' | 'unchanged';
}

export type BatchEffect = 'created' | 'moved' | 'kept' | 'not_moved_back';

export interface PushRow {
  readonly id: string;
  readonly received_at: Date;
  readonly received_micros: string;
  readonly channel_code: string;
  readonly serial_no: string | null;
  readonly result: number;
  readonly reject_msg: string | null;
  readonly invoice_count: number;
  readonly request_id: string | null;
  readonly content_type: string | null;
  readonly body_bytes: number;
  readonly app_name: string;
  readonly created: number;
  readonly updated: number;
  readonly voided: number;
  readonly unchanged: number;
  readonly ignored: number;
  /** Null without a serialNo. */
  readonly batch_effect: BatchEffect | null;
  /** The batch's state before the push (null when it created the batch, or without a serialNo). */
  readonly batch_before: number | null;
}

/** `seller_tax_no` of `alias` is one of `sellers` (null: any). */
function sellerIn(alias: string, sellers: readonly string[] | null): RawBuilder<unknown> {
  return sellers === null ? sql`true` : sql`${sql.ref(`${alias}.seller_tax_no`)} = any(${[...sellers]}::text[])`;
}

/** The instant of a keyset, exactly (microseconds), as SQL. */
function micros(value: string): RawBuilder<Date> {
  return sql<Date>`(timestamptz 'epoch' + ${value}::bigint * interval '1 microsecond')`;
}

const CHANGED = sql`(c.created + c.updated + c.voided > 0 or b.effect in ('created', 'moved'))`;

/** The pushes of the filter, one page (the caller asks one more than it shows). */
export function listPushesQuery(filter: PushFilter, page: { after: PushKeyset | null; limit: number }): RawBuilder<PushRow> {
  const where: RawBuilder<unknown>[] = [];
  if (filter.channelCode !== undefined) where.push(sql`p.channel_code = ${filter.channelCode}`);
  if (filter.serialNo !== undefined) where.push(sql`p.serial_no = ${filter.serialNo}`);
  if (filter.result !== undefined) where.push(sql`p.result = ${filter.result}`);
  if (filter.receivedFrom) where.push(sql`p.received_at >= ${filter.receivedFrom}`);
  if (filter.receivedBefore) where.push(sql`p.received_at < ${filter.receivedBefore}`);
  if (page.after) where.push(sql`(p.received_at, p.id) < (${micros(page.after.receivedMicros)}, ${page.after.id}::bigint)`);
  if (filter.sellers !== null) where.push(carried(filter.sellers));
  if (filter.outcome !== undefined) where.push(filter.outcome === 'changed' ? CHANGED : sql`not ${CHANGED}`);
  return sql<PushRow>`
    ${select(filter.sellers)}
    where ${where.length === 0 ? sql`true` : sql.join(where, sql` and `)}
    order by p.received_at desc, p.id desc
    limit ${page.limit}
  `;
}

export async function listPushes(db: Db, filter: PushFilter, page: { after: PushKeyset | null; limit: number }): Promise<PushRow[]> {
  return (await listPushesQuery(filter, page).execute(db)).rows;
}

/** One push, if stored and (with sellers) if it carried an invoice of those sellers. */
export async function findPush(db: Db, id: string, sellers: readonly string[] | null): Promise<PushRow | undefined> {
  const { rows } = await sql<PushRow>`
    ${select(sellers)}
    where p.id = ${id}::bigint and ${sellers === null ? sql`true` : carried(sellers)}
  `.execute(db);
  return rows[0];
}

/** The push carried an invoice of one of `sellers`. */
function carried(sellers: readonly string[]): RawBuilder<unknown> {
  return sql`exists (
    select 1 from invoice_history h join invoices i on i.id = h.invoice_id
    where h.push_id = p.id and ${sellerIn('i', sellers)}
  )`;
}

/** A push with its app, what it did to the invoices (of the sellers) it carried, and to its batch. */
function select(sellers: readonly string[] | null): RawBuilder<unknown> {
  const count = (change: HistoryChange) => sql`(count(*) filter (where h.change = ${change}))::int`;
  return sql`
    select p.id, p.received_at, ((extract(epoch from p.received_at) * 1000000)::bigint)::text as received_micros,
      p.channel_code, p.serial_no, p.result, p.reject_msg, p.invoice_count, p.request_id, p.content_type,
      octet_length(p.body) as body_bytes, a.name as app_name, c.*, b.effect as batch_effect, b.before as batch_before
    from pushes p
    join apps a on a.id = p.app_id
    cross join lateral (
      select ${count('created')} as created, ${count('updated')} as updated, ${count('voided')} as voided,
        ${count('unchanged')} as unchanged, ${count('ignored')} as ignored
      from invoice_history h
      join invoices i on i.id = h.invoice_id
      where h.push_id = p.id and ${sellerIn('i', sellers)}
    ) c
    cross join lateral (
      select e.before,
        case when p.serial_no is null then null
          when e.before is null then 'created'
          when p.result < e.before then 'moved'
          when p.result = e.before then 'kept'
          else 'not_moved_back' end as effect
      from (
        select min(q.result) as before from pushes q
        where p.serial_no is not null and q.channel_code = p.channel_code and q.serial_no = p.serial_no and q.id < p.id
      ) e
    ) b
  `;
}

export interface PushEntryRow {
  readonly invoice_id: string;
  readonly invoice_code: string;
  readonly invoice_number: string;
  readonly position: number;
  readonly change: HistoryChange;
  readonly invoicing_status: string;
  readonly visible: boolean;
}

/** The push's history entries, in the push's order, each saying whether its invoice is of `sellers`. */
export async function pushEntries(db: Db, pushId: string, sellers: readonly string[] | null): Promise<PushEntryRow[]> {
  const { rows } = await sql<PushEntryRow>`
    select h.invoice_id, i.invoice_code, i.invoice_number, h.position, h.change, h.invoicing_status,
      ${sellerIn('i', sellers)} as visible
    from invoice_history h join invoices i on i.id = h.invoice_id
    where h.push_id = ${pushId}::bigint
    order by h.position, h.id
  `.execute(db);
  return rows;
}

/** The push's body as received, with its content type. */
export async function pushBody(db: Db, pushId: string): Promise<{ body: string; content_type: string | null } | undefined> {
  return db.selectFrom('pushes').select(['body', 'content_type']).where('id', '=', pushId).executeTakeFirst();
}
