/**
 * SQL for storing pushes. Rows travel as parallel arrays expanded with
 * `unnest`, so a push of 100 invoices costs the same number of round trips
 * as a push of one.
 *
 * A push of new invoices is one statement (`STORE_PUSH`: the push record,
 * the batch state, the invoices, their detail rows, history entries and
 * findings, as data-modifying CTEs). Invoices stored already take a second
 * path: locked, compared, updated where they changed, with their history
 * (`lockInvoices`, `updateInvoices`, `deleteDetails`,
 * `insertDetailsAndHistory`).
 *
 * The statements every push may run are written out once, at start, as SQL
 * text with numbered parameters: per push only the parameters change, so no
 * query is built or compiled per request, and Postgres prepares each text
 * once per connection (db/prepared.ts). The rarer statements (updating
 * stored invoices) are built with kysely as they come. Rows travel through
 * db/unnest.ts.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Db, HistoryChange } from '../db/database.ts';
import { DETAIL_FIELDS, INVOICE_FIELDS } from '../db/invoice-fields.ts';
import { prepared, runText } from '../db/prepared.ts';
import { quoted, type UnnestColumn, type UnnestValue, unnest, unnestArrays, unnestText } from '../db/unnest.ts';
import type { Finding } from '../findings/findings.ts';
import { INVOICE_TYPE, INVOICING_STATUS } from '../invoice-codes.ts';

export interface NewPush {
  readonly appId: string;
  readonly channelCode: string;
  readonly serialNo: string | null;
  readonly result: number;
  readonly rejectMsg: string | null;
  readonly invoiceCount: number;
  readonly requestId: string | null;
  readonly body: string;
  /** The Content-Type header it came with. */
  readonly contentType: string | null;
}

/** An invoice ready for the database: its content hash and one value per INVOICE_FIELDS entry. */
export interface InvoiceRow {
  readonly contentHash: string;
  readonly values: readonly UnnestValue[];
}

/** An invoice of the push as `storePush` takes it. */
export interface PushedRow extends InvoiceRow {
  /** Index in the push's `data`. */
  readonly position: number;
  /** One value per DETAIL_FIELDS entry, per detail row. */
  readonly details: readonly (readonly UnnestValue[])[];
  /** The invoice's own findings (scope `invoice`), stored with it when it is new. */
  readonly findings: readonly Finding[];
}

export interface StoredPush {
  readonly pushId: string;
  /** The finding codes that the channel refuses (its settings, read in the same statement). */
  readonly rejectFindings: readonly string[];
  /** True when red invoices naming a pushed blue invoice were stored before this push. */
  readonly redsStored: boolean;
  /** The invoices the push created, by position in the push. */
  readonly created: ReadonlyMap<number, string>;
}

export interface StoredKey {
  readonly id: string;
  readonly invoice_code: string;
  readonly invoice_number: string;
}

const INVOICE_COLUMNS: readonly UnnestColumn[] = [{ column: 'content_hash', type: 'text' }, ...INVOICE_FIELDS];

/** Columns of the pushed invoices in `STORE_PUSH`: position in the push, finding codes (space-separated), then INVOICE_COLUMNS. */
const PUSHED_COLUMNS: readonly UnnestColumn[] = [
  { column: 'push_position', type: 'integer' },
  { column: 'finding_codes', type: 'text' },
  ...INVOICE_COLUMNS,
];

/** Columns of the detail rows in `STORE_PUSH`: the invoice's position in the push, the row's index, then DETAIL_FIELDS. */
const PUSHED_DETAIL_COLUMNS: readonly UnnestColumn[] = [
  { column: 'push_position', type: 'integer' },
  { column: 'row_index', type: 'integer' },
  ...DETAIL_FIELDS,
];

const FINDING_COLUMNS: readonly UnnestColumn[] = [
  { column: 'push_position', type: 'integer' },
  { column: 'position', type: 'integer' },
  { column: 'code', type: 'text' },
  { column: 'severity', type: 'text' },
  { column: 'pointer', type: 'text' },
  { column: 'message', type: 'text' },
  { column: 'figures', type: 'jsonb' },
];

const PUSH_PARAMETERS = 9;
const FIRST_DETAIL_PARAMETER = PUSH_PARAMETERS + 1 + PUSHED_COLUMNS.length;
const FIRST_FINDING_PARAMETER = FIRST_DETAIL_PARAMETER + PUSHED_DETAIL_COLUMNS.length;

/**
 * A push in one statement: the push record; the batch state, when the push
 * names a batch (serialNo); the channel's refused finding codes; and every
 * invoice not stored yet, with its detail rows, its history entry
 * ("created"), its findings and its first red-flush state; and whether red
 * invoices naming a pushed blue invoice are stored already. Invoices already
 * stored are left alone (ON CONFLICT DO NOTHING): the caller locks and
 * compares them next.
 *
 * Batch states only move forward: 2 (in progress) → 1 (rejected) → 0
 * (succeeded); a push that would move a batch back leaves the state as it
 * is (the push itself is still recorded).
 *
 * The first red-flush state is what the recompute (red-flush/red-flush.repository.ts)
 * gives an invoice alone in its group: a red invoice is unlinked, a blue one
 * is voided or not red-flushed. The caller recomputes when the group has red
 * invoices. Invoices are inserted in the order given (callers sort them by
 * identity, so that concurrent pushes meet the same rows in the same order).
 */
function storePushText(alone: boolean): string {
  const pushed = `pushed as (
    select * from ${unnestText(PUSHED_COLUMNS, PUSH_PARAMETERS + 1)}
  )`;
  return `
  with ${alone ? `${pushed}, ${GATE}, ` : ''}p as (
    insert into pushes (app_id, channel_code, serial_no, result, reject_msg, invoice_count, request_id, received_at, body, content_type)
    ${
      alone
        ? 'select $1::bigint, $2::text, $3::text, $4::smallint, $5::text, $6::integer, $7::text, now(), $8::text, $9::text where (select alone from gate)'
        : 'values ($1, $2, $3, $4, $5, $6, $7, now(), $8, $9)'
    }
    returning id
  ), b as (
    insert into batches (channel_code, serial_no, result, reject_msg, first_push_id, last_push_id, created_at, updated_at)
    select $2, $3, $4, $5, p.id, p.id, now(), now() from p where $3::text is not null
    on conflict (channel_code, serial_no) do update set
      result = case when excluded.result <= batches.result then excluded.result else batches.result end,
      reject_msg = case when excluded.result <= batches.result then excluded.reject_msg else batches.reject_msg end,
      last_push_id = excluded.last_push_id,
      updated_at = now()
  ), ${alone ? '' : `${pushed}, `}i as (
    insert into invoices (channel_code, serial_no, first_push_id, last_push_id, content_hash, voided_at, created_at, updated_at,
      finding_codes, red_flush_status, red_flushed_total,
      ${INVOICE_FIELDS.map((field) => quoted(field.column)).join(', ')})
    select $2, $3, (select id from p), (select id from p), u.content_hash,
      case when u.invoicing_status = '${INVOICING_STATUS.VOIDED}' then now() end, now(), now(),
      string_to_array(u.finding_codes, ' '),
      case when u.invoice_type = ${INVOICE_TYPE.RED} then 'unlinked'
        when u.invoice_type = ${INVOICE_TYPE.BLUE} and u.invoicing_status = '${INVOICING_STATUS.VOIDED}' then 'voided' else 'none' end,
      case when u.invoice_type = ${INVOICE_TYPE.RED} then null else 0 end,
      ${INVOICE_FIELDS.map((field) => `u.${quoted(field.column)}`).join(', ')}
    from pushed u${alone ? '\n    where (select alone from gate)' : ''}
    on conflict (invoice_code, invoice_number) do nothing
    returning id, invoice_code, invoice_number, invoicing_status
  ), created as (
    select i.id, u.push_position, i.invoicing_status
    from i join pushed u on u.invoice_code = i.invoice_code and u.invoice_number = i.invoice_number
  ), d as (
    insert into invoice_details (invoice_id, row_index, ${DETAIL_FIELDS.map((field) => quoted(field.column)).join(', ')})
    select c.id, u.row_index, ${DETAIL_FIELDS.map((field) => `u.${quoted(field.column)}`).join(', ')}
    from ${unnestText(PUSHED_DETAIL_COLUMNS, FIRST_DETAIL_PARAMETER)}
    join created c on c.push_position = u.push_position
  ), h as (
    insert into invoice_history (invoice_id, push_id, position, change, invoicing_status, recorded_at)
    select c.id, (select id from p), c.push_position, 'created', c.invoicing_status, now()
    from created c
  ), f as (
    insert into invoice_findings (invoice_id, scope, position, code, severity, pointer, message, figures)
    select c.id, 'invoice', u.position, u.code, u.severity, u.pointer, u.message, u.figures
    from ${unnestText(FINDING_COLUMNS, FIRST_FINDING_PARAMETER)}
    join created c on c.push_position = u.push_position
  )
${alone ? ALONE_RESULT : RESULT}`;
}

/**
 * Whether red invoices naming a pushed blue invoice are stored. Probed per
 * pushed blue invoice through the index on the original's identity: as a
 * scalar subquery it is not turned into a join, whose generic plan could
 * read every red invoice (the bench saw it). The type is tested in the
 * aggregate, not the WHERE, so that no plan can walk invoices_red_date
 * instead (a generic plan made while no red invoice was stored did:
 * test/query-plans.test.ts).
 */
const REDS_STORED = `exists (
    select from pushed u
    where u.invoice_type <> ${INVOICE_TYPE.RED} and (
      select bool_or(r.invoice_type = ${INVOICE_TYPE.RED}) from invoices r
      where r.original_invoice_number = u.invoice_number and coalesce(r.original_invoice_code, '') = u.invoice_code
    )
  )`;

const RESULT = `
  select (select id from p) as push_id,
    coalesce((select reject_findings from channels where channel_code = $2), '{}') as reject_findings,
    ${REDS_STORED} as reds_stored,
    c.id, c.push_position
  from (select) as one
  left join created c on true`;

/**
 * STORE_PUSH_ALONE, the push as one transaction (push/push.service.ts
 * `storeAlone`), first asks whether the push needs more than this
 * statement: an invoice stored already, red invoices naming a pushed blue
 * one, or an invoice with a finding the channel refuses. Reads only,
 * before any write; when it does, the statement writes nothing and answers
 * one row with no push id, and the caller stores the push the long way.
 * Each probe is a scalar subquery per pushed invoice, so that every plan
 * reads `invoices` by index: written as a join, the generic plan made while
 * the table was small hash-joined a sequential scan of it on every push
 * (auto_explain in the bench; test/query-plans.test.ts).
 */
const GATE = `gate as materialized (
    select not exists (
        select from pushed u
        where (select true from invoices x where x.invoice_code = u.invoice_code and x.invoice_number = u.invoice_number)
      )
      and not ${REDS_STORED}
      and not exists (
        select from pushed u
        where string_to_array(u.finding_codes, ' ') && coalesce((select reject_findings from channels where channel_code = $2), '{}')
      ) as alone
  )`;

/**
 * Its answer: no push id when the gate said no. An invoice stored by a
 * concurrent push after the gate looked (ON CONFLICT skipped it) fails the
 * statement (SQLSTATE FH001, migrations/0017_push_alone.ts), so that what it
 * wrote is rolled back with it and the caller goes the long way too. The
 * channel's refused codes and the stored red invoices, asked by the gate,
 * are answered as none.
 */
const ALONE_RESULT = `
  select (select id from p) as push_id, '{}'::text[] as reject_findings, false as reds_stored, c.id, c.push_position,
    case when (select alone from gate) and (select count(*) from created) < (select count(*) from pushed)
      then fapiao_hub_push_needs_transaction() end as needs_transaction
  from (select) as one
  left join created c on true`;

const STORE_PUSH = prepared(storePushText(false));
const STORE_PUSH_ALONE = prepared(storePushText(true));

/** STORE_PUSH with its parameters for this push; `alone`: the variant that fails when the push needs more (STORE_PUSH_ALONE). */
export function storePushQuery(push: NewPush, invoices: readonly PushedRow[], alone = false): CompiledQuery {
  const findings = invoices.flatMap((invoice) =>
    invoice.findings.map((finding, index) => [
      invoice.position,
      index,
      finding.code,
      finding.severity,
      finding.pointer,
      finding.message,
      JSON.stringify(finding.figures),
    ]),
  );
  return CompiledQuery.raw(alone ? STORE_PUSH_ALONE : STORE_PUSH, [
    push.appId,
    push.channelCode,
    push.serialNo,
    push.result,
    push.rejectMsg,
    push.invoiceCount,
    push.requestId,
    push.body,
    push.contentType,
    ...unnestArrays(
      PUSHED_COLUMNS,
      invoices.map((invoice) => [invoice.position, findingCodes(invoice.findings), invoice.contentHash, ...invoice.values]),
    ),
    ...unnestArrays(
      PUSHED_DETAIL_COLUMNS,
      invoices.flatMap((invoice) => invoice.details.map((row, index) => [invoice.position, index, ...row])),
    ),
    ...unnestArrays(FINDING_COLUMNS, findings),
  ]);
}

/**
 * Stores the push record, its batch state and the invoices of the push not
 * stored yet (see STORE_PUSH), in one round trip.
 */
export async function storePush(db: Db, push: NewPush, invoices: readonly PushedRow[]): Promise<StoredPush> {
  return storedPush((await db.executeQuery<StoredPushRow>(storePushQuery(push, invoices))).rows);
}

/** A row of STORE_PUSH's answer: one per created invoice (or one with no invoice). */
export interface StoredPushRow {
  readonly push_id: string;
  readonly reject_findings: string[];
  readonly reds_stored: boolean;
  readonly id: string | null;
  readonly push_position: number | null;
}

/** What STORE_PUSH answered. */
export function storedPush(rows: readonly StoredPushRow[]): StoredPush {
  const [first] = rows;
  if (!first) throw new Error('the push was not stored');
  const created = new Map<number, string>();
  for (const row of rows) if (row.id !== null && row.push_position !== null) created.set(row.push_position, row.id);
  return { pushId: first.push_id, rejectFindings: first.reject_findings, redsStored: first.reds_stored, created };
}

/** The codes of findings, each once, sorted as `invoices.finding_codes` keeps them, space-separated. */
function findingCodes(findings: readonly Finding[]): string {
  return [...new Set(findings.map((finding) => finding.code))].sort().join(' ');
}

export interface LockedInvoice extends StoredKey {
  readonly channel_code: string;
  readonly invoicing_status: string;
  readonly content_hash: string;
  /** What names its red-flush group as stored (a re-push may move it to another). */
  readonly invoice_type: number;
  readonly original_invoice_code: string | null;
  readonly original_invoice_number: string | null;
}

const IDENTITY_COLUMNS: readonly UnnestColumn[] = [
  { column: 'invoice_code', type: 'text' },
  { column: 'invoice_number', type: 'text' },
];

const LOCK_INVOICES = prepared(`
  select id, invoice_code, invoice_number, channel_code, invoicing_status, content_hash,
    invoice_type, original_invoice_code, original_invoice_number
  from invoices
  where (invoice_code, invoice_number) in (select * from ${unnestText(IDENTITY_COLUMNS, 1)})
  order by invoice_code, invoice_number
  for update`);

/** Locks stored invoices by identity, in identity order, for the rest of the transaction. */
export async function lockInvoices(db: Db, keys: readonly { invoiceCode: string; invoiceNumber: string }[]): Promise<LockedInvoice[]> {
  return runText<LockedInvoice>(db, LOCK_INVOICES, [keys.map((key) => key.invoiceCode), keys.map((key) => key.invoiceNumber)]);
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
      voided_at = coalesce(i.voided_at, case when u.invoicing_status = ${sql.lit(INVOICING_STATUS.VOIDED)} then now() end),
      ${sql.join(assignments)}
    from ${unnest(
      [{ column: 'id', type: 'bigint' }, ...INVOICE_COLUMNS],
      rows.map((row) => [row.id, row.contentHash, ...row.values]),
    )}
    where i.id = u.id
  `.execute(db);
}

const DETAIL_COLUMNS: readonly UnnestColumn[] = [
  { column: 'invoice_id', type: 'bigint' },
  { column: 'row_index', type: 'integer' },
  ...DETAIL_FIELDS,
];

const HISTORY_COLUMNS: readonly UnnestColumn[] = [
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
  details: readonly (readonly UnnestValue[])[],
  entries: readonly HistoryEntry[],
): Promise<void> {
  if (details.length === 0 && entries.length === 0) return;
  await runText(db, INSERT_DETAILS_AND_HISTORY, [
    pushId,
    ...unnestArrays(DETAIL_COLUMNS, details),
    ...unnestArrays(
      HISTORY_COLUMNS,
      entries.map((entry) => [entry.invoiceId, entry.position, entry.change, entry.invoicingStatus]),
    ),
  ]);
}
