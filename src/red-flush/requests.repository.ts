/**
 * SQL of red-flush requests: a blue invoice with what is left of it
 * (red-flush.sql.ts `figuresOf`, read by the lock-holding check, the
 * preview and the invoice view alike), the blue rows with what earlier requests reversed of them, and
 * recording, reading and listing requests.
 */
import { type RawBuilder, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db, NewRedFlushRequest, RedFlushEventSource, RedFlushRequestState } from '../db/database.ts';
import { epochMs } from '../db/sql-json.ts';
import { type BlueFigures, figuresOf, formRowsCountSql, heldSql, pointsAtSql as pointsAt, rowsCountSql } from './red-flush.sql.ts';
import type { BlueRow, RedRow } from './request-rows.ts';
import { OPEN_STATES, type RequestState } from './request-states.ts';

/** `state in ('accepted', …)`, written as literals (the statement's text stays fixed). */
function stateIn(column: string, states: readonly RequestState[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} in (${sql.join(states.map((state) => sql.lit(state)))})`;
}

/** A stored invoice named by a request, with what is left of it. */
export interface BlueInvoiceRow {
  readonly id: string;
  readonly invoice_type: number;
  readonly invoice_type_code: string;
  readonly invoice_code: string;
  readonly invoice_number: string;
  readonly channel_code: string;
  readonly seller_tax_no: string;
  readonly invoicing_status: string;
  readonly invoice_tax_rate: string | null;
  readonly total: string;
  readonly flushed: string;
  readonly held: string;
  readonly remaining: string;
  /** What is left of its tax: its 发票税额 − that of the red invoices not voided − that of the open requests. */
  readonly tax_left: string;
}

/** The invoice with this identity, whatever its kind, with what is left of it; undefined when not stored. */
export async function findBlueInvoice(db: Db, invoiceCode: string, invoiceNumber: string): Promise<BlueInvoiceRow | undefined> {
  const { rows } = await blueInvoiceQuery(invoiceCode, invoiceNumber).execute(db);
  return rows[0];
}

export function blueInvoiceQuery(invoiceCode: string, invoiceNumber: string): RawBuilder<BlueInvoiceRow> {
  return sql<BlueInvoiceRow>`
    select b.id::text, b.invoice_type, b.invoice_type_code, b.invoice_code, b.invoice_number, b.channel_code, b.seller_tax_no,
      b.invoicing_status, b.invoice_tax_rate::text, f.total::text, f.flushed::text, f.held::text, f.remaining::text,
      (coalesce(b.invoice_tax_amount, 0)
        - (select coalesce(sum(abs(coalesce(r.invoice_tax_amount, 0))) filter (where r.invoicing_status <> '03'), 0)
           from invoices r where ${pointsAt('r', 'b')})
        - ${heldSql('b', 'tax')}
      )::text as tax_left
    from invoices b
    cross join lateral ${figuresOf('b')} as f
    where b.invoice_code = ${invoiceCode} and b.invoice_number = ${invoiceNumber}
  `;
}

/**
 * The blue invoice's detail rows as the red-flush rules read them
 * (request-rows.ts), with what is reversed of each (positive): the rows of
 * its open requests, and of its issued ones whose red invoice still counts
 * (`rowsCountSql`: a voided red invoice frees its rows, as it frees its
 * total); and the rows of the counterparty 红字确认单 that hold against it
 * or whose red invoice counts (`formRowsCountSql`), so a full red flush
 * after a buyer's form is sent with the rows that form left.
 */
export async function blueDetailRows(db: Db, blueInvoiceId: string): Promise<BlueRow[]> {
  const { rows } = await blueDetailRowsQuery(blueInvoiceId).execute(db);
  return rows;
}

/** A decimal as a form's row carries it (checked before it is cast: a channel's text never fails the query). */
const DECIMAL_TEXT = '^-?[0-9]{1,16}([.][0-9]{1,8})?$';

export function blueDetailRowsQuery(blueInvoiceId: string): RawBuilder<BlueRow> {
  return sql<BlueRow>`
    select d.row_index as "rowIndex", d.detail_row_no as "detailRowNo", d.goods_name as "goodsName",
      d.tax_taxonomy_code as "goodsCode", d.goods_specification as "specification", d.goods_unit as "unit",
      d.goods_cost::text as "amount", d.goods_vat::text as "tax", d.tax_rate::text as "taxRate", d.inv_row_type as "rowType",
      coalesce(reversed.amount, 0)::text as "reversedAmount", coalesce(reversed.tax, 0)::text as "reversedTax"
    from invoice_details d
    left join (
      select counted.blue_detail_row_no, sum(counted.amount) as amount, sum(counted.tax) as tax
      from (
        select rr.blue_detail_row_no, -rr.amount as amount, -rr.tax as tax
        from red_flush_requests q join red_flush_request_rows rr on rr.request_id = q.id
        where q.blue_invoice_id = ${blueInvoiceId}::bigint and ${rowsCountSql('q')}
        union all
        -- A counterparty form's rows as the channel sent them (adapter RedRow: blueRowNo, the row's place from 1; negative amounts).
        select fd.detail_row_no, -(fr.value->>'amount')::numeric, -(fr.value->>'taxAmount')::numeric
        from red_confirm_forms f cross join jsonb_array_elements(f.rows) fr
          join invoice_details fd on fd.invoice_id = f.blue_invoice_id
            and fd.row_index = case when fr.value->>'blueRowNo' ~ '^[1-9][0-9]{0,4}$' then (fr.value->>'blueRowNo')::int - 1 end
        where f.blue_invoice_id = ${blueInvoiceId}::bigint and ${formRowsCountSql('f')}
          and fr.value->>'amount' ~ ${DECIMAL_TEXT} and fr.value->>'taxAmount' ~ ${DECIMAL_TEXT}
      ) counted
      group by counted.blue_detail_row_no
    ) reversed on reversed.blue_detail_row_no = d.detail_row_no
    where d.invoice_id = ${blueInvoiceId}::bigint
    order by d.row_index
  `;
}

export interface NewEvent {
  readonly requestId: string;
  readonly fromState: RedFlushRequestState | null;
  readonly toState: RedFlushRequestState;
  readonly source: RedFlushEventSource;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** A new request with its rows and its first event, in the caller's transaction. */
export async function insertRequest(db: Db, request: NewRedFlushRequest, rows: readonly RedRow[], event: NewEvent): Promise<void> {
  await db.insertInto('red_flush_requests').values(request).execute();
  await insertRows(db, request.id, rows);
  await insertEvent(db, event);
}

/** The rows of a request: with it, or computed later for a request that had none (a full red flush of an invoice partly red-flushed already). */
export async function insertRows(db: Db, id: string, rows: readonly RedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('red_flush_request_rows')
    .values(
      rows.map((row) => ({
        request_id: id,
        position: row.position,
        blue_row_index: row.blueRowIndex,
        blue_detail_row_no: row.detailRowNo,
        goods_name: row.goodsName,
        goods_code: row.goodsCode,
        specification: row.specification,
        unit: row.unit,
        tax_rate: row.taxRate,
        quantity: row.quantity,
        unit_price: row.unitPrice,
        amount: row.amount,
        tax: row.tax,
      })),
    )
    .execute();
}

/** A stored row of a request, as sent to the channel and as its view shows it. Figures are decimal strings. */
export interface StoredRow {
  readonly blue_row_index: number;
  readonly blue_detail_row_no: string;
  readonly goods_name: string;
  readonly goods_code: string | null;
  readonly specification: string | null;
  readonly unit: string | null;
  readonly tax_rate: string;
  readonly quantity: string | null;
  readonly unit_price: string | null;
  readonly amount: string;
  readonly tax: string;
}

/** The columns of a StoredRow, of `red_flush_request_rows as rr`. */
const STORED_ROW_COLUMNS = [
  'rr.blue_row_index',
  'rr.blue_detail_row_no',
  'rr.goods_name',
  'rr.goods_code',
  'rr.specification',
  'rr.unit',
  sql<string>`rr.tax_rate::text`.as('tax_rate'),
  sql<string | null>`rr.quantity::text`.as('quantity'),
  sql<string | null>`rr.unit_price::text`.as('unit_price'),
  sql<string>`rr.amount::text`.as('amount'),
  sql<string>`rr.tax::text`.as('tax'),
] as const;

/** A request's rows in their order. */
export async function requestRows(db: Db, id: string): Promise<StoredRow[]> {
  return db
    .selectFrom('red_flush_request_rows as rr')
    .select(STORED_ROW_COLUMNS)
    .where('rr.request_id', '=', id)
    .orderBy('rr.position')
    .execute();
}

export async function insertEvent(db: Db, event: NewEvent): Promise<void> {
  await db
    .insertInto('red_flush_events')
    .values({
      request_id: event.requestId,
      from_state: event.fromState,
      to_state: event.toState,
      source: event.source,
      detail: JSON.stringify(event.detail),
    })
    .execute();
}

/** What an Idempotency-Key holds: the request it made and the body it was made with. */
export interface KeyedRequest {
  readonly id: string;
  readonly body_hash: string;
  readonly state: RedFlushRequestState;
  readonly kind: 'full' | 'partial';
  readonly amount: string;
  readonly tax: string;
  readonly total: string;
}

/** Who asked for a request: an app or a console user (exactly one is set). */
export type Asker = { readonly appId: string; readonly userId: null } | { readonly appId: null; readonly userId: string };

/** The request an asker made with an Idempotency-Key (keys are per app, or per user). */
export async function findByIdempotencyKey(db: Db, asker: Asker, key: string): Promise<KeyedRequest | undefined> {
  const query = db
    .selectFrom('red_flush_requests')
    .select(['id', 'body_hash', 'state', 'kind', 'amount', 'tax', 'total'])
    .where('idempotency_key', '=', key);
  return (asker.userId === null ? query.where('app_id', '=', asker.appId) : query.where('user_id', '=', asker.userId)).executeTakeFirst();
}

/** The columns of a request as listed (RedFlushRecord). */
export interface RequestRecordRow {
  readonly id: string;
  readonly state: RedFlushRequestState;
  readonly kind: 'full' | 'partial';
  readonly reason: number;
  readonly path: 'confirmation_form' | 'direct' | 'info_sheet';
  readonly channel_code: string;
  readonly seller_tax_no: string;
  readonly invoice_code: string;
  readonly invoice_number: string;
  readonly invoice_type_code: string;
  readonly blue_invoice_id: string;
  readonly amount: string;
  readonly tax: string;
  readonly total: string;
  readonly order_no: string | null;
  readonly info_sheet_no: string | null;
  readonly red_invoice_id: string | null;
  /** The app that asked, or null. */
  readonly app_name: string | null;
  /** The console user who asked, or null. */
  readonly user_name: string | null;
  readonly created_at: Date;
  readonly updated_at: Date;
}

function records(db: Db) {
  return db
    .selectFrom('red_flush_requests as q')
    .leftJoin('apps as a', 'a.id', 'q.app_id')
    .leftJoin('console_users as u', 'u.id', 'q.user_id')
    .select([
      'q.id',
      'q.state',
      'q.kind',
      'q.reason',
      'q.path',
      'q.channel_code',
      'q.seller_tax_no',
      'q.invoice_code',
      'q.invoice_number',
      'q.invoice_type_code',
      'q.blue_invoice_id',
      'q.amount',
      'q.tax',
      'q.total',
      'q.order_no',
      'q.info_sheet_no',
      'q.red_invoice_id',
      'a.name as app_name',
      'u.name as user_name',
      'q.created_at',
      'q.updated_at',
    ]);
}

/** An invoice in short (InvoiceRef), as JSON built in SQL. */
function invoiceRef(alias: string): RawBuilder<unknown> {
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  return sql`json_build_object('id', ${ref('id')}::text, 'invoiceCode', ${ref('invoice_code')}, 'invoiceNumber', ${ref('invoice_number')},
    'invoiceDate', ${epochMs(`${alias}.invoice_date`)}, 'invoicingStatus', ${ref('invoicing_status')},
    'invoiceTotalPriceTax', ${ref('invoice_total_price_tax')}::text)`;
}

export interface InvoiceRefJson {
  readonly id: string;
  readonly invoiceCode: string;
  readonly invoiceNumber: string;
  /** ms since epoch. */
  readonly invoiceDate: number;
  readonly invoicingStatus: string;
  readonly invoiceTotalPriceTax: string | null;
}

export interface RequestViewRow extends RequestRecordRow {
  readonly invoice_special: string | null;
  readonly plx: string | null;
  readonly appid: string | null;
  readonly cpy_type: string | null;
  readonly is_seller: string | null;
  readonly req_memo: string | null;
  readonly invoice_type: string | null;
  readonly form_bill_id: string | null;
  readonly form_state: string | null;
  readonly last_answer_code: string | null;
  readonly last_answer_message: string | null;
  readonly last_answer_at: Date | null;
  readonly blue: InvoiceRefJson;
  readonly red: InvoiceRefJson | null;
  readonly figures: BlueFigures;
  readonly rows: StoredRow[];
  readonly events: {
    at: number;
    from_state: RedFlushRequestState | null;
    to_state: RedFlushRequestState;
    source: string;
    detail: Record<string, unknown>;
  }[];
  readonly calls: {
    method: string;
    started_at: number;
    duration_ms: number | null;
    outcome: string;
    http_status: number | null;
    answer_code: string | null;
    answer_message: string | null;
  }[];
}

/**
 * A request with everything its view shows, in one statement (one
 * snapshot): the request, its blue invoice and what is left of it, its red
 * invoice, rows, events and channel calls. Undefined when there is none,
 * or when its seller is not among `sellers` (null: any).
 */
export async function findRequestView(db: Db, id: string, sellers: readonly string[] | null): Promise<RequestViewRow | undefined> {
  let query = records(db)
    .innerJoin('invoices as b', 'b.id', 'q.blue_invoice_id')
    .select((eb) => [
      'q.invoice_special',
      'q.plx',
      'q.appid',
      'q.cpy_type',
      'q.is_seller',
      'q.req_memo',
      'q.invoice_type',
      'q.form_bill_id',
      'q.form_state',
      'q.last_answer_code',
      'q.last_answer_message',
      'q.last_answer_at',
      sql<InvoiceRefJson>`${invoiceRef('b')}`.as('blue'),
      sql<InvoiceRefJson | null>`(select ${invoiceRef('red')} from invoices red where red.id = q.red_invoice_id)`.as('red'),
      sql<BlueFigures>`(select json_build_object('total', f.total::text, 'flushed', f.flushed::text, 'held', f.held::text,
        'remaining', f.remaining::text) from ${figuresOf('b')} as f)`.as('figures'),
      jsonArrayFrom(
        eb
          .selectFrom('red_flush_request_rows as rr')
          .select(STORED_ROW_COLUMNS)
          .whereRef('rr.request_id', '=', 'q.id')
          .orderBy('rr.position'),
      ).as('rows'),
      jsonArrayFrom(
        eb
          .selectFrom('red_flush_events as e')
          .select([epochMs('e.at').as('at'), 'e.from_state', 'e.to_state', 'e.source', 'e.detail'])
          .whereRef('e.request_id', '=', 'q.id')
          .orderBy('e.id'),
      ).as('events'),
      jsonArrayFrom(
        eb
          .selectFrom('channel_calls as c')
          .select([
            'c.method',
            epochMs('c.started_at').as('started_at'),
            'c.duration_ms',
            'c.outcome',
            'c.http_status',
            'c.answer_code',
            'c.answer_message',
          ])
          .whereRef('c.request_id', '=', 'q.id')
          .orderBy('c.id'),
      ).as('calls'),
    ])
    .where('q.id', '=', id);
  if (sellers !== null) query = query.where('q.seller_tax_no', '=', sql<string>`any(${[...sellers]}::text[])`);
  return (await query.executeTakeFirst()) as RequestViewRow | undefined;
}

/** The list's filters as the repository takes them. */
export interface RequestFilter {
  /** Only these sellers' requests; null: any. */
  readonly sellers: readonly string[] | null;
  readonly state?: RedFlushRequestState;
  readonly channelCode?: string;
  readonly invoiceNumber?: string;
  /** created_at >= createdFrom */
  readonly createdFrom?: Date;
  /** created_at < createdBefore */
  readonly createdBefore?: Date;
}

/** A position in the list order (created_at desc, id desc). */
export interface RequestKeyset {
  readonly createdAt: Date;
  readonly id: string;
}

/** A page of requests in list order after `after`, each served by an index on (filter, created_at desc, id desc). */
export async function listRequests(
  db: Db,
  filter: RequestFilter,
  page: { after: RequestKeyset | null; limit: number },
): Promise<RequestRecordRow[]> {
  if (filter.sellers?.length === 0) return [];
  return listQuery(db, filter, page).execute();
}

export function listQuery(db: Db, filter: RequestFilter, page: { after: RequestKeyset | null; limit: number }) {
  let query = records(db);
  if (filter.sellers !== null) {
    query =
      filter.sellers.length === 1
        ? query.where('q.seller_tax_no', '=', filter.sellers[0] as string)
        : query.where('q.seller_tax_no', '=', sql<string>`any(${[...filter.sellers]}::text[])`);
  }
  if (filter.state !== undefined) query = query.where('q.state', '=', filter.state);
  if (filter.channelCode !== undefined) query = query.where('q.channel_code', '=', filter.channelCode);
  if (filter.invoiceNumber !== undefined) query = query.where('q.invoice_number', '=', filter.invoiceNumber);
  if (filter.createdFrom) query = query.where('q.created_at', '>=', sql<Date>`${filter.createdFrom.toISOString()}::timestamptz`);
  if (filter.createdBefore) query = query.where('q.created_at', '<', sql<Date>`${filter.createdBefore.toISOString()}::timestamptz`);
  if (page.after) {
    query = query.where(sql<boolean>`(q.created_at, q.id) < (${page.after.createdAt.toISOString()}::timestamptz, ${page.after.id})`);
  }
  return query.orderBy('q.created_at', 'desc').orderBy('q.id', 'desc').limit(page.limit);
}

/** An open request of a blue invoice, as its invoice view lists it. */
export interface OpenRequestJson {
  readonly id: string;
  readonly state: RedFlushRequestState;
  readonly kind: 'full' | 'partial';
  readonly total: string;
  readonly order_no: string | null;
  /** ms since epoch. */
  readonly created_at: number;
}

/** The open requests of the blue invoice `blue` (a table alias), oldest first, as a JSON array (null when none). */
export function openRequestsOf(blue: string): RawBuilder<OpenRequestJson[] | null> {
  return sql<OpenRequestJson[] | null>`(
    select json_agg(json_build_object('id', q.id, 'state', q.state, 'kind', q.kind, 'total', q.total::text, 'order_no', q.order_no,
      'created_at', ${epochMs('q.created_at')}) order by q.created_at, q.id)
    from red_flush_requests q where q.blue_invoice_id = ${sql.ref(`${blue}.id`)} and ${stateIn('q.state', OPEN_STATES)}
  )`;
}
