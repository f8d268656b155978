/**
 * SQL for storing pushes. Each write is one statement per table per push:
 * rows travel as parallel arrays and are expanded with `unnest`, so a push of
 * 100 invoices costs the same number of round trips as a push of one.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db, HistoryChange } from '../db/database.ts';
import { type ColumnType, DETAIL_FIELDS, type Field, INVOICE_FIELDS } from './invoice-fields.ts';

type Value = string | number | null;

interface Column {
  readonly column: string;
  readonly type: ColumnType | 'bigint';
}

/** `unnest($1::text[], $2::numeric[], …) as u(a, b, …)` over the given columns. */
function unnest(columns: readonly Column[], rows: readonly (readonly Value[])[]): RawBuilder<unknown> {
  const arrays = columns.map((column, index) => {
    const values = rows.map((row) => row[index] ?? null);
    return sql`${values}::${sql.raw(column.type)}[]`;
  });
  return sql`unnest(${sql.join(arrays)}) as u(${sql.join(columns.map((column) => sql.ref(column.column)))})`;
}

function columnList(fields: readonly Field[], prefix = ''): RawBuilder<unknown> {
  return sql.join(fields.map((field) => sql.ref(`${prefix}${field.column}`)));
}

export interface NewPush {
  readonly appId: string;
  readonly channelCode: string;
  readonly serialNo: string | null;
  readonly result: number;
  readonly rejectMsg: string | null;
  readonly invoiceCount: number;
  readonly requestId: string | null;
  readonly body: string;
}

export async function insertPush(db: Db, push: NewPush): Promise<string> {
  const row = await db
    .insertInto('pushes')
    .values({
      app_id: push.appId,
      channel_code: push.channelCode,
      serial_no: push.serialNo,
      result: push.result,
      reject_msg: push.rejectMsg,
      invoice_count: push.invoiceCount,
      request_id: push.requestId,
      received_at: sql<Date>`now()`,
      body: push.body,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Records the batch state. States only move forward: 2 (in progress) → 1
 * (rejected) → 0 (succeeded); a push that would move a batch back leaves
 * the state as it is (the push itself is still recorded).
 */
export async function upsertBatch(
  db: Db,
  batch: { channelCode: string; serialNo: string; result: number; rejectMsg: string | null; pushId: string },
): Promise<void> {
  await sql`
    insert into batches (channel_code, serial_no, result, reject_msg, first_push_id, last_push_id, created_at, updated_at)
    values (${batch.channelCode}, ${batch.serialNo}, ${batch.result}, ${batch.rejectMsg}, ${batch.pushId}, ${batch.pushId}, now(), now())
    on conflict (channel_code, serial_no) do update set
      result = case when excluded.result <= batches.result then excluded.result else batches.result end,
      reject_msg = case when excluded.result <= batches.result then excluded.reject_msg else batches.reject_msg end,
      last_push_id = excluded.last_push_id,
      updated_at = now()
  `.execute(db);
}

/** An invoice ready for the database: its content hash and one value per INVOICE_FIELDS entry. */
export interface InvoiceRow {
  readonly contentHash: string;
  readonly values: readonly Value[];
}

export interface StoredKey {
  readonly id: string;
  readonly invoice_code: string;
  readonly invoice_number: string;
}

const INVOICE_COLUMNS: readonly Column[] = [{ column: 'content_hash', type: 'text' }, ...INVOICE_FIELDS];

/**
 * Inserts the invoices not stored yet, in the order given (callers sort them
 * by identity so that concurrent pushes lock rows in the same order).
 * Returns the ones it inserted.
 */
export async function insertInvoicesIfAbsent(
  db: Db,
  origin: { channelCode: string; serialNo: string | null; pushId: string },
  rows: readonly InvoiceRow[],
): Promise<StoredKey[]> {
  const result = await sql<StoredKey>`
    insert into invoices (channel_code, serial_no, first_push_id, last_push_id, content_hash, voided_at, created_at, updated_at, ${columnList(INVOICE_FIELDS)})
    select ${origin.channelCode}, ${origin.serialNo}, ${origin.pushId}::bigint, ${origin.pushId}::bigint, u.content_hash,
      case when u.invoicing_status = '03' then now() end, now(), now(), ${columnList(INVOICE_FIELDS, 'u.')}
    from ${unnest(
      INVOICE_COLUMNS,
      rows.map((row) => [row.contentHash, ...row.values]),
    )}
    on conflict (invoice_code, invoice_number) do nothing
    returning id, invoice_code, invoice_number
  `.execute(db);
  return result.rows;
}

export interface LockedInvoice extends StoredKey {
  readonly channel_code: string;
  readonly invoicing_status: string;
  readonly content_hash: string;
}

/** Locks stored invoices by identity, in identity order, for the rest of the transaction. */
export async function lockInvoices(db: Db, keys: readonly { invoiceCode: string; invoiceNumber: string }[]): Promise<LockedInvoice[]> {
  const result = await sql<LockedInvoice>`
    select id, invoice_code, invoice_number, channel_code, invoicing_status, content_hash
    from invoices
    where (invoice_code, invoice_number) in (
      select * from unnest(${keys.map((key) => key.invoiceCode)}::text[], ${keys.map((key) => key.invoiceNumber)}::text[])
    )
    order by invoice_code, invoice_number
    for update
  `.execute(db);
  return result.rows;
}

/** Replaces the content of stored invoices; a voided invoice stays voided. */
export async function updateInvoices(
  db: Db,
  origin: { serialNo: string | null; pushId: string },
  rows: readonly (InvoiceRow & { id: string })[],
): Promise<void> {
  const assignments = INVOICE_COLUMNS.map((column) => sql`${sql.ref(column.column)} = ${sql.ref(`u.${column.column}`)}`);
  await sql`
    update invoices as i set
      serial_no = ${origin.serialNo},
      last_push_id = ${origin.pushId}::bigint,
      updated_at = now(),
      voided_at = coalesce(i.voided_at, case when u.invoicing_status = '03' then now() end),
      ${sql.join(assignments)}
    from ${unnest(
      [{ column: 'id', type: 'bigint' }, ...INVOICE_COLUMNS],
      rows.map((row) => [row.id, row.contentHash, ...row.values]),
    )}
    where i.id = u.id
  `.execute(db);
}

const DETAIL_COLUMNS: readonly Column[] = [
  { column: 'invoice_id', type: 'bigint' },
  { column: 'row_index', type: 'integer' },
  ...DETAIL_FIELDS,
];

/** Replaces the detail rows of the given invoices. Each row: invoice id, row index, then one value per DETAIL_FIELDS entry. */
export async function replaceDetails(db: Db, invoiceIds: readonly string[], rows: readonly (readonly Value[])[]): Promise<void> {
  if (invoiceIds.length > 0) {
    await db
      .deleteFrom('invoice_details')
      .where('invoice_id', '=', sql<string>`any(${[...invoiceIds]}::bigint[])`)
      .execute();
  }
  if (rows.length === 0) return;
  await sql`
    insert into invoice_details (${sql.join(DETAIL_COLUMNS.map((column) => sql.ref(column.column)))})
    select * from ${unnest(DETAIL_COLUMNS, rows)}
  `.execute(db);
}

export interface HistoryEntry {
  readonly invoiceId: string;
  readonly position: number;
  readonly change: HistoryChange;
  readonly invoicingStatus: string;
}

export async function insertHistory(db: Db, pushId: string, entries: readonly HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await sql`
    insert into invoice_history (invoice_id, push_id, position, change, invoicing_status, recorded_at)
    select u.invoice_id, ${pushId}::bigint, u.position, u.change, u.invoicing_status, now()
    from ${unnest(
      [
        { column: 'invoice_id', type: 'bigint' },
        { column: 'position', type: 'integer' },
        { column: 'change', type: 'text' },
        { column: 'invoicing_status', type: 'text' },
      ],
      entries.map((entry) => [entry.invoiceId, entry.position, entry.change, entry.invoicingStatus]),
    )}
  `.execute(db);
}
