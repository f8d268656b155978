/**
 * SQL for reading invoices. Lists walk an index in the list order
 * (invoice_date desc, id desc) from a keyset position, so a page costs the
 * same at any depth; see migrations/0002_query.ts for the indexes.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db, HistoryChange, Invoice, InvoiceDetail } from '../db/database.ts';
import { DETAIL_FIELDS, type Field } from '../db/invoice-fields.ts';
import { FixedStatement, runQuery } from '../db/prepared.ts';
import { epochMs, jsonObject } from '../db/sql-json.ts';
import { unnest } from '../db/unnest.ts';
import { type RedFlushColumns, redFlushColumns } from '../red-flush/red-flush.view.ts';
import type { InvoiceFilter, Keyset } from './invoice-filter.ts';
import { type InvoiceRecordRow, RECORD_COLUMNS } from './invoice-record.ts';
import { RECORD_JSON_COLUMNS, type RecordJsonRow } from './record-json.ts';

type Condition = RawBuilder<unknown>;

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
function likeSubstring(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** The conditions of a filter (sellers apart) and of the keyset position, on table `invoices`. */
function conditions(filter: InvoiceFilter, after: Keyset | null): Condition[] {
  const where: Condition[] = [];
  const equals = (column: string, value: string | undefined) => {
    if (value !== undefined) where.push(sql`${sql.ref(column)} = ${value}`);
  };
  equals('buyer_tax_no', filter.buyerTaxNo);
  equals('invoice_code', filter.invoiceCode);
  equals('invoice_number', filter.invoiceNumber);
  equals('invoice_type_code', filter.invoiceTypeCode);
  equals('channel_code', filter.channelCode);
  equals('serial_no', filter.serialNo);
  equals('order_no', filter.orderNo);
  // Values of a closed set, written as literals so that the partial indexes on them apply.
  if (filter.invoiceType !== undefined) where.push(sql`invoice_type = ${sql.lit(filter.invoiceType)}`);
  if (filter.invoicingStatus !== undefined) where.push(sql`invoicing_status = ${sql.lit(filter.invoicingStatus)}`);
  if (filter.redFlushStatus?.length === 1) where.push(sql`red_flush_status = ${sql.lit(filter.redFlushStatus[0])}`);
  else if (filter.redFlushStatus !== undefined) {
    where.push(sql`red_flush_status in (${sql.join(filter.redFlushStatus.map((status) => sql.lit(status)))})`);
  }
  if (filter.buyerName !== undefined) where.push(sql`buyer_name ilike ${likeSubstring(filter.buyerName)}`);
  // Written as the partial indexes on finding_codes are (see migrations/0003_findings.ts).
  if (filter.hasFindings === true || filter.findingCode !== undefined) where.push(sql`finding_codes <> '{}'`);
  if (filter.hasFindings === false) where.push(sql`finding_codes = '{}'`);
  if (filter.findingCode !== undefined) where.push(sql`finding_codes @> ${[filter.findingCode]}::text[]`);
  if (filter.dateFrom) where.push(sql`invoice_date >= ${filter.dateFrom.toISOString()}::timestamptz`);
  if (filter.dateBefore) where.push(sql`invoice_date < ${filter.dateBefore.toISOString()}::timestamptz`);
  if (after) where.push(sql`(invoice_date, id) < (${after.invoiceDate.toISOString()}::timestamptz, ${after.id}::bigint)`);
  return where;
}

function and(where: readonly Condition[]): Condition {
  return where.length === 0 ? sql`true` : sql.join(where, sql` and `);
}

/** What a list reads of each invoice: `select *` would also parse the push's bookkeeping columns of every row. */
const COLUMNS = sql.join(RECORD_COLUMNS.map((column) => sql.ref(column)));

/**
 * One page of invoices in list order after `after`. Several sellers: one
 * index walk per seller (a lateral join), merged, so that the order is
 * still served by the (seller, date, id) index.
 */
export function listQuery<Row = InvoiceRecordRow>(
  filter: InvoiceFilter,
  page: { after: Keyset | null; limit: number },
  columns: RawBuilder<unknown> = COLUMNS,
): RawBuilder<Row> {
  const where = conditions(filter, page.after);
  const { sellers } = filter;
  if (sellers === null) {
    return sql<Row>`select ${columns} from invoices where ${and(where)} order by invoice_date desc, id desc limit ${page.limit}`;
  }
  if (sellers.length === 1) {
    return sql<Row>`select ${columns} from invoices where seller_tax_no = ${sellers[0]} and ${and(where)}
      order by invoice_date desc, id desc limit ${page.limit}`;
  }
  return sql<Row>`select i.* from ${unnest(
    [{ column: 'seller', type: 'text' }],
    sellers.map((seller) => [seller]),
    's',
  )}
    cross join lateral (
      select ${columns} from invoices where seller_tax_no = s.seller and ${and(where)}
      order by invoice_date desc, id desc limit ${page.limit}
    ) i
    order by i.invoice_date desc, i.id desc limit ${page.limit}`;
}

/** The filters whose list query is prepared: with nothing but these, one index serves every value (below). */
const PLANNED_ONCE = new Set(['sellers', 'dateFrom', 'dateBefore']);

/**
 * Whether the list query of `filter` may keep a generic plan (db/prepared.ts):
 * by one seller or none, and dates. Its plan walks the (seller, date, id)
 * or the (date, id) index from the keyset position, whatever the values
 * (test/query-plans.test.ts checks the generic plans). The list of every
 * invoice and a seller's list by dates, the common requests, are then
 * parsed and planned once per connection. A filter such as a buyer or a
 * finding code chooses between indexes by how common its value is, so it
 * is planned for its values each time.
 */
export function isPlannedOnce(filter: InvoiceFilter): boolean {
  if (filter.sellers !== null && filter.sellers.length !== 1) return false;
  return Object.entries(filter).every(([key, value]) => value === undefined || PLANNED_ONCE.has(key));
}

export async function listInvoices(
  db: Db,
  filter: InvoiceFilter,
  page: { after: Keyset | null; limit: number },
): Promise<InvoiceRecordRow[]> {
  return list<InvoiceRecordRow>(db, filter, page, COLUMNS);
}

/** The detail rows of these invoices, by invoice (in the order of `invoiceIds`), each in its row order. */
export async function detailsOf(db: Db, invoiceIds: readonly string[]): Promise<InvoiceDetail[]> {
  if (invoiceIds.length === 0) return [];
  return db
    .selectFrom('invoice_details')
    .selectAll()
    .where('invoice_id', '=', sql<string>`any(${[...invoiceIds]}::bigint[])`)
    .orderBy('invoice_id')
    .orderBy('row_index')
    .execute();
}

/** The same, each record as JSON text (record-json.ts). */
export async function listJson(db: Db, filter: InvoiceFilter, page: { after: Keyset | null; limit: number }): Promise<RecordJsonRow[]> {
  return list<RecordJsonRow>(db, filter, page, RECORD_JSON_COLUMNS);
}

async function list<Row>(db: Db, filter: InvoiceFilter, page: { after: Keyset | null; limit: number }, columns: RawBuilder<unknown>) {
  if (filter.sellers?.length === 0) return [];
  return runQuery(db, listQuery<Row>(filter, page, columns), { prepare: isPlannedOnce(filter) });
}

/** `seller_tax_no` of `alias` is one of `sellers` (a text[] value; null: any). */
function sellerIn(alias: string, sellers: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(${sellers}::text[] is null or ${sql.ref(`${alias}.seller_tax_no`)} = any(${sellers}::text[]))`;
}

/** A column as it goes into JSON: NUMERIC as its exact text (a JSON number would be read as a float), instants as ms. */
function jsonValue(alias: string, field: Field): RawBuilder<unknown> {
  const column = `${alias}.${field.column}`;
  if (field.type === 'numeric') return sql`${sql.ref(column)}::text`;
  if (field.type === 'timestamptz') return epochMs(column);
  return sql.ref(column);
}

/** A detail row in JSON, keyed by column (numbers exact, instants in ms). */
export type DetailJson = Record<string, unknown>;

export interface HistoryJson {
  readonly push_id: string;
  /** ms since epoch. */
  readonly recorded_at: number;
  readonly change: HistoryChange;
  readonly invoicing_status: string;
  readonly channel_code: string;
  readonly serial_no: string | null;
  readonly app_name: string;
}

export interface FindingJson {
  readonly code: string;
  readonly severity: 'warning' | 'error';
  readonly pointer: string;
  readonly message: string;
  readonly figures: Record<string, string>;
}

/** An invoice with everything its view shows; empty lists are null. */
export interface InvoiceViewRow extends Invoice, RedFlushColumns {
  readonly view_details: DetailJson[] | null;
  readonly view_history: HistoryJson[] | null;
  readonly view_findings: FindingJson[] | null;
}

/**
 * The invoice `where` selects (of the app's sellers) with everything its
 * view shows: detail rows, history, findings and the red-flush side
 * (red-flush/red-flush.view.ts), each a JSON column built by a subquery on
 * the invoice's id. One statement reads
 * one snapshot, so the parts agree without a transaction, in one round trip
 * instead of eight.
 */
function viewQuery(where: Condition, sellers: RawBuilder<unknown>): RawBuilder<InvoiceViewRow> {
  const details = jsonObject(DETAIL_FIELDS.map((field) => [field.column, jsonValue('d', field)]));
  const history = jsonObject([
    ['push_id', sql`h.push_id::text`],
    ['recorded_at', epochMs('h.recorded_at')],
    ['change', sql`h.change`],
    ['invoicing_status', sql`h.invoicing_status`],
    ['channel_code', sql`p.channel_code`],
    ['serial_no', sql`p.serial_no`],
    ['app_name', sql`a.name`],
  ]);
  const finding = jsonObject([
    ['code', sql`f.code`],
    ['severity', sql`f.severity`],
    ['pointer', sql`f.pointer`],
    ['message', sql`f.message`],
    ['figures', sql`f.figures`],
  ]);
  return sql<InvoiceViewRow>`select i.*,
    (select json_agg(${details} order by d.row_index) from invoice_details d where d.invoice_id = i.id) as view_details,
    (select json_agg(${history} order by h.id)
      from invoice_history h join pushes p on p.id = h.push_id join apps a on a.id = p.app_id
      where h.invoice_id = i.id) as view_history,
    (select json_agg(${finding} order by f.scope, f.position) from invoice_findings f where f.invoice_id = i.id) as view_findings,
    ${redFlushColumns('i', (alias) => sellerIn(alias, sellers))}
    from invoices i
    where ${where} and ${sellerIn('i', sellers)}`;
}

/** The view of the invoice with this id (a bigint as text). */
export const VIEW_BY_ID = new FixedStatement<'id' | 'sellers', InvoiceViewRow>((value) =>
  viewQuery(sql`i.id = ${value('id')}::bigint`, value('sellers')),
);

/** The view of the invoice with this identity. */
export const VIEW_BY_IDENTITY = new FixedStatement<'invoiceCode' | 'invoiceNumber' | 'sellers', InvoiceViewRow>((value) =>
  viewQuery(sql`i.invoice_code = ${value('invoiceCode')} and i.invoice_number = ${value('invoiceNumber')}`, value('sellers')),
);
