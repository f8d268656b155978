/**
 * SQL for storing pushes. Rows travel as parallel arrays expanded with
 * `unnest`, one statement per table per push at most, so a push of 100
 * invoices costs the same number of round trips as a push of one.
 *
 * The statements every push runs (the push record with its batch state in
 * one statement, the new invoices, their detail rows with the history
 * entries in one statement) are written out once, at start, as SQL text
 * with numbered parameters: per push only the parameters change, so no
 * query is built or compiled per request, and Postgres prepares each text
 * once per connection (db/prepared.ts). The rarer statements (locking and
 * updating stored invoices) are built with kysely as they come.
 */
import { CompiledQuery, type RawBuilder, sql } from 'kysely';
import type { Db, HistoryChange } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { type ColumnType, DETAIL_FIELDS, INVOICE_FIELDS } from './invoice-fields.ts';

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

/** A column name for SQL text written out at start (names come from openapi.yaml, quoted all the same). */
function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `unnest($n::text[], $n+1::numeric[], …) as u("a", "b", …)` as text, the arrays numbered from `first`. */
function unnestText(columns: readonly Column[], first: number): string {
  const arrays = columns.map((column, index) => `$${first + index}::${column.type}[]`).join(', ');
  return `unnest(${arrays}) as u(${columns.map((column) => quoted(column.column)).join(', ')})`;
}

/** The parallel arrays of `rows` for `unnestText`, one per column. */
function arrays(columns: readonly Column[], rows: readonly (readonly Value[])[]): Value[][] {
  return columns.map((_, index) => rows.map((row) => row[index] ?? null));
}

/** Runs SQL text written out at start with this push's parameters. */
async function run<Row>(db: Db, text: string, parameters: readonly unknown[]): Promise<Row[]> {
  const result = await db.executeQuery<Row>(CompiledQuery.raw(text, [...parameters]));
  return result.rows;
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

/**
 * The push record and, when the push names a batch (serialNo), the batch
 * state. Batch states only move forward: 2 (in progress) → 1 (rejected) →
 * 0 (succeeded); a push that would move a batch back leaves the state as it
 * is (the push itself is still recorded).
 */
const INSERT_PUSH = prepared(`
  with p as (
    insert into pushes (app_id, channel_code, serial_no, result, reject_msg, invoice_count, request_id, received_at, body)
    values ($1, $2, $3, $4, $5, $6, $7, now(), $8)
    returning id
  ), b as (
    insert into batches (channel_code, serial_no, result, reject_msg, first_push_id, last_push_id, created_at, updated_at)
    select $2, $3, $4, $5, p.id, p.id, now(), now() from p where $3::text is not null
    on conflict (channel_code, serial_no) do update set
      result = case when excluded.result <= batches.result then excluded.result else batches.result end,
      reject_msg = case when excluded.result <= batches.result then excluded.reject_msg else batches.reject_msg end,
      last_push_id = excluded.last_push_id,
      updated_at = now()
  )
  select id from p`);

/** Stores the push record (and its batch state); returns the push's id. */
export async function insertPush(db: Db, push: NewPush): Promise<string> {
  const [row] = await run<{ id: string }>(db, INSERT_PUSH, [
    push.appId,
    push.channelCode,
    push.serialNo,
    push.result,
    push.rejectMsg,
    push.invoiceCount,
    push.requestId,
    push.body,
  ]);
  if (!row) throw new Error('the push was not stored');
  return row.id;
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

const INSERT_INVOICES = prepared(`
  insert into invoices (channel_code, serial_no, first_push_id, last_push_id, content_hash, voided_at, created_at, updated_at,
    ${INVOICE_FIELDS.map((field) => quoted(field.column)).join(', ')})
  select $1, $2, $3::bigint, $3::bigint, u.content_hash, case when u.invoicing_status = '03' then now() end, now(), now(),
    ${INVOICE_FIELDS.map((field) => `u.${quoted(field.column)}`).join(', ')}
  from ${unnestText(INVOICE_COLUMNS, 4)}
  on conflict (invoice_code, invoice_number) do nothing
  returning id, invoice_code, invoice_number`);

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
  return run<StoredKey>(db, INSERT_INVOICES, [
    origin.channelCode,
    origin.serialNo,
    origin.pushId,
    ...arrays(
      INVOICE_COLUMNS,
      rows.map((row) => [row.contentHash, ...row.values]),
    ),
  ]);
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

const HISTORY_COLUMNS: readonly Column[] = [
  { column: 'invoice_id', type: 'bigint' },
  { column: 'position', type: 'integer' },
  { column: 'change', type: 'text' },
  { column: 'invoicing_status', type: 'text' },
];

/** Removes the detail rows of invoices whose content a push replaces. */
export async function deleteDetails(db: Db, invoiceIds: readonly string[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  await db
    .deleteFrom('invoice_details')
    .where('invoice_id', '=', sql<string>`any(${[...invoiceIds]}::bigint[])`)
    .execute();
}

export interface HistoryEntry {
  readonly invoiceId: string;
  readonly position: number;
  readonly change: HistoryChange;
  readonly invoicingStatus: string;
}

/** Detail rows (each: invoice id, row index, then one value per DETAIL_FIELDS entry) and the push's history entries, in one statement. */
const INSERT_DETAILS_AND_HISTORY = prepared(`
  with details as (
    insert into invoice_details (${DETAIL_COLUMNS.map((column) => quoted(column.column)).join(', ')})
    select * from ${unnestText(DETAIL_COLUMNS, 2)}
  )
  insert into invoice_history (invoice_id, push_id, position, change, invoicing_status, recorded_at)
  select u.invoice_id, $1::bigint, u.position, u.change, u.invoicing_status, now()
  from ${unnestText(HISTORY_COLUMNS, 2 + DETAIL_COLUMNS.length)}`);

/**
 * Inserts detail rows (of new invoices and of replaced ones, whose old rows
 * `deleteDetails` removed) and one history entry per invoice of the push.
 */
export async function insertDetailsAndHistory(
  db: Db,
  pushId: string,
  details: readonly (readonly Value[])[],
  entries: readonly HistoryEntry[],
): Promise<void> {
  if (details.length === 0 && entries.length === 0) return;
  await run(db, INSERT_DETAILS_AND_HISTORY, [
    pushId,
    ...arrays(DETAIL_COLUMNS, details),
    ...arrays(
      HISTORY_COLUMNS,
      entries.map((entry) => [entry.invoiceId, entry.position, entry.change, entry.invoicingStatus]),
    ),
  ]);
}
