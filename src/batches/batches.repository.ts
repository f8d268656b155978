/**
 * SQL for batches: the batch state, the pushes stored for it and the
 * invoices they carried (through each invoice's history), limited to some
 * sellers when asked.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db, Invoice } from '../db/database.ts';

export interface BatchKey {
  readonly channelCode: string;
  readonly serialNo: string;
}

export interface BatchRow {
  readonly result: number;
  readonly reject_msg: string | null;
  readonly created_at: Date;
  readonly updated_at: Date;
}

/** `seller_tax_no` of `alias` is one of `sellers` (null: any). */
function sellerIn(alias: string, sellers: readonly string[] | null): RawBuilder<unknown> {
  return sellers === null ? sql`true` : sql`${sql.ref(`${alias}.seller_tax_no`)} = any(${[...sellers]}::text[])`;
}

/**
 * The batch, if stored. With sellers, only when one of its pushes carried
 * an invoice of those sellers.
 */
export function findBatchQuery(key: BatchKey, sellers: readonly string[] | null): RawBuilder<BatchRow> {
  const carried =
    sellers === null
      ? sql`true`
      : sql`exists (
          select 1 from pushes p
          join invoice_history h on h.push_id = p.id
          join invoices i on i.id = h.invoice_id
          where p.channel_code = b.channel_code and p.serial_no = b.serial_no and ${sellerIn('i', sellers)}
        )`;
  return sql<BatchRow>`
    select b.result, b.reject_msg, b.created_at, b.updated_at
    from batches b
    where b.channel_code = ${key.channelCode} and b.serial_no = ${key.serialNo} and ${carried}
  `;
}

export async function findBatch(db: Db, key: BatchKey, sellers: readonly string[] | null): Promise<BatchRow | undefined> {
  return (await findBatchQuery(key, sellers).execute(db)).rows[0];
}

export interface BatchPushRow {
  readonly id: string;
  readonly received_at: Date;
  readonly app_name: string;
  readonly result: number;
  readonly reject_msg: string | null;
  readonly request_id: string | null;
  readonly created: number;
  readonly updated: number;
  readonly voided: number;
  readonly unchanged: number;
  readonly ignored: number;
}

/** The batch's pushes, oldest first, with what each did to the invoices (of the sellers) it carried. */
export function batchPushesQuery(key: BatchKey, sellers: readonly string[] | null, limit: number): RawBuilder<BatchPushRow> {
  const count = (change: string) => sql`(count(*) filter (where h.change = ${change}))::int`;
  return sql<BatchPushRow>`
    select p.id, p.received_at, a.name as app_name, p.result, p.reject_msg, p.request_id, c.*
    from pushes p
    join apps a on a.id = p.app_id
    cross join lateral (
      select ${count('created')} as created, ${count('updated')} as updated, ${count('voided')} as voided,
        ${count('unchanged')} as unchanged, ${count('ignored')} as ignored
      from invoice_history h
      join invoices i on i.id = h.invoice_id
      where h.push_id = p.id and ${sellerIn('i', sellers)}
    ) c
    where p.channel_code = ${key.channelCode} and p.serial_no = ${key.serialNo}
    order by p.id
    limit ${limit}
  `;
}

export async function batchPushes(db: Db, key: BatchKey, sellers: readonly string[] | null, limit: number): Promise<BatchPushRow[]> {
  return (await batchPushesQuery(key, sellers, limit).execute(db)).rows;
}

/** The invoices (of the sellers) the batch's pushes carried, newest invoice_date first. */
export function batchInvoicesQuery(key: BatchKey, sellers: readonly string[] | null, limit: number): RawBuilder<Invoice> {
  return sql<Invoice>`
    select i.* from invoices i
    where i.id in (
      select h.invoice_id from pushes p
      join invoice_history h on h.push_id = p.id
      where p.channel_code = ${key.channelCode} and p.serial_no = ${key.serialNo}
    ) and ${sellerIn('i', sellers)}
    order by i.invoice_date desc, i.id desc
    limit ${limit}
  `;
}

export async function batchInvoices(db: Db, key: BatchKey, sellers: readonly string[] | null, limit: number): Promise<Invoice[]> {
  return (await batchInvoicesQuery(key, sellers, limit).execute(db)).rows;
}

/** A position in the batch list's order (updated_at desc, channel_code desc, serial_no desc), updated_at in microseconds. */
export interface BatchKeyset {
  readonly updatedMicros: string;
  readonly channelCode: string;
  readonly serialNo: string;
}

export interface BatchListFilter {
  /** Only batches that carried an invoice of these sellers; null: any. */
  readonly sellers: readonly string[] | null;
  readonly channelCode?: string;
  readonly results?: readonly number[];
  /** updated_at >= updatedFrom */
  readonly updatedFrom?: Date;
  /** updated_at < updatedBefore */
  readonly updatedBefore?: Date;
}

export interface BatchListRow extends BatchRow {
  readonly channel_code: string;
  readonly serial_no: string;
  readonly last_push_id: string;
  readonly updated_micros: string;
  readonly push_count: number;
}

/**
 * The batches of the filter, one page (the caller asks one more than it
 * shows). The push count reads the pushes' (channel_code, serial_no, id)
 * index, a few rows a batch.
 */
export function listBatchesQuery(filter: BatchListFilter, page: { after: BatchKeyset | null; limit: number }): RawBuilder<BatchListRow> {
  const where: RawBuilder<unknown>[] = [sql`true`];
  if (filter.channelCode !== undefined) where.push(sql`b.channel_code = ${filter.channelCode}`);
  if (filter.results !== undefined) where.push(sql`b.result = any(${[...filter.results]}::smallint[])`);
  if (filter.updatedFrom) where.push(sql`b.updated_at >= ${filter.updatedFrom}`);
  if (filter.updatedBefore) where.push(sql`b.updated_at < ${filter.updatedBefore}`);
  if (filter.sellers !== null) {
    where.push(sql`exists (
      select 1 from pushes p
      join invoice_history h on h.push_id = p.id
      join invoices i on i.id = h.invoice_id
      where p.channel_code = b.channel_code and p.serial_no = b.serial_no and ${sellerIn('i', filter.sellers)}
    )`);
  }
  if (page.after) {
    const at = sql`(timestamptz 'epoch' + ${page.after.updatedMicros}::bigint * interval '1 microsecond')`;
    where.push(sql`(b.updated_at, b.channel_code, b.serial_no) < (${at}, ${page.after.channelCode}, ${page.after.serialNo})`);
  }
  return sql<BatchListRow>`
    select b.channel_code, b.serial_no, b.result, b.reject_msg, b.created_at, b.updated_at, b.last_push_id::text as last_push_id,
      (extract(epoch from b.updated_at) * 1000000)::bigint::text as updated_micros,
      (select count(*) from pushes p where p.channel_code = b.channel_code and p.serial_no = b.serial_no)::int as push_count
    from batches b
    where ${sql.join(where, sql` and `)}
    order by b.updated_at desc, b.channel_code desc, b.serial_no desc
    limit ${page.limit}
  `;
}

export async function listBatches(
  db: Db,
  filter: BatchListFilter,
  page: { after: BatchKeyset | null; limit: number },
): Promise<BatchListRow[]> {
  return (await listBatchesQuery(filter, page).execute(db)).rows;
}
