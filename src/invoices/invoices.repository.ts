/**
 * SQL for reading invoices. Lists walk an index in the list order
 * (invoice_date desc, id desc) from a keyset position, so a page costs the
 * same at any depth; see migrations/0002_query.ts for the indexes.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db, HistoryChange, Invoice, InvoiceDetail } from '../db/database.ts';
import type { InvoiceFilter, Keyset } from './invoice-filter.ts';
import { blueStatusOf, flushedOf, pointsAt, redAmountOf, totalOf } from './red-flush.repository.ts';

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
  if (filter.redFlushStatus !== undefined) where.push(sql`red_flush_status = ${sql.lit(filter.redFlushStatus)}`);
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

/**
 * One page of invoices in list order after `after`. Several sellers: one
 * index walk per seller (a lateral join), merged, so that the order is
 * still served by the (seller, date, id) index.
 */
export function listQuery(filter: InvoiceFilter, page: { after: Keyset | null; limit: number }): RawBuilder<Invoice> {
  const where = conditions(filter, page.after);
  const { sellers } = filter;
  if (sellers === null) {
    return sql<Invoice>`select * from invoices where ${and(where)} order by invoice_date desc, id desc limit ${page.limit}`;
  }
  if (sellers.length === 1) {
    return sql<Invoice>`select * from invoices where seller_tax_no = ${sellers[0]} and ${and(where)}
      order by invoice_date desc, id desc limit ${page.limit}`;
  }
  return sql<Invoice>`select i.* from unnest(${[...sellers]}::text[]) as s(seller)
    cross join lateral (
      select * from invoices where seller_tax_no = s.seller and ${and(where)}
      order by invoice_date desc, id desc limit ${page.limit}
    ) i
    order by i.invoice_date desc, i.id desc limit ${page.limit}`;
}

export async function listInvoices(db: Db, filter: InvoiceFilter, page: { after: Keyset | null; limit: number }): Promise<Invoice[]> {
  if (filter.sellers?.length === 0) return [];
  return (await listQuery(filter, page).execute(db)).rows;
}

/** `seller_tax_no` of `alias` is one of `sellers` (null: any). */
function sellerIn(alias: string, sellers: readonly string[] | null): Condition {
  return sellers === null ? sql`true` : sql`${sql.ref(`${alias}.seller_tax_no`)} = any(${[...sellers]}::text[])`;
}

export function findByIdQuery(id: string, sellers: readonly string[] | null): RawBuilder<Invoice> {
  return sql<Invoice>`select * from invoices i where i.id = ${id}::bigint and ${sellerIn('i', sellers)}`;
}

export async function findById(db: Db, id: string, sellers: readonly string[] | null): Promise<Invoice | undefined> {
  return (await findByIdQuery(id, sellers).execute(db)).rows[0];
}

export function findByIdentityQuery(invoiceCode: string, invoiceNumber: string, sellers: readonly string[] | null): RawBuilder<Invoice> {
  return sql<Invoice>`select * from invoices i
    where i.invoice_code = ${invoiceCode} and i.invoice_number = ${invoiceNumber} and ${sellerIn('i', sellers)}`;
}

export async function findByIdentity(
  db: Db,
  invoiceCode: string,
  invoiceNumber: string,
  sellers: readonly string[] | null,
): Promise<Invoice | undefined> {
  return (await findByIdentityQuery(invoiceCode, invoiceNumber, sellers).execute(db)).rows[0];
}

export async function listDetails(db: Db, invoiceId: string): Promise<InvoiceDetail[]> {
  return db.selectFrom('invoice_details').selectAll().where('invoice_id', '=', invoiceId).orderBy('row_index').execute();
}

export interface FindingRow {
  readonly code: string;
  readonly severity: 'warning' | 'error';
  readonly pointer: string;
  readonly message: string;
  readonly figures: Record<string, string>;
}

/** An invoice's findings: those of the invoice alone in check order, then those against its blue invoice. */
export async function listFindings(db: Db, invoiceId: string): Promise<FindingRow[]> {
  return (await listFindingsQuery(invoiceId).execute(db)).rows;
}

export function listFindingsQuery(invoiceId: string): RawBuilder<FindingRow> {
  return sql<FindingRow>`
    select code, severity, pointer, message, figures from invoice_findings
    where invoice_id = ${invoiceId}::bigint
    order by scope, position
  `;
}

export interface HistoryRow {
  readonly push_id: string;
  readonly recorded_at: Date;
  readonly change: HistoryChange;
  readonly invoicing_status: string;
  readonly channel_code: string;
  readonly serial_no: string | null;
  readonly app_name: string;
}

export async function listHistory(db: Db, invoiceId: string): Promise<HistoryRow[]> {
  const { rows } = await sql<HistoryRow>`
    select h.push_id, h.recorded_at, h.change, h.invoicing_status, p.channel_code, p.serial_no, a.name as app_name
    from invoice_history h
    join pushes p on p.id = h.push_id
    join apps a on a.id = p.app_id
    where h.invoice_id = ${invoiceId}::bigint
    order by h.id
  `.execute(db);
  return rows;
}

export interface BlueTotals {
  readonly total: string;
  readonly flushed: string;
  readonly remaining: string;
  readonly status: 'none' | 'partial' | 'full' | 'voided';
}

/** The red-flush totals of a blue invoice, from the live rows. */
export async function blueTotals(db: Db, blueId: string): Promise<BlueTotals> {
  const totals = (await blueTotalsQuery(blueId).execute(db)).rows[0];
  if (!totals) throw new Error(`blue invoice ${blueId} is not stored`);
  return totals;
}

export function blueTotalsQuery(blueId: string): RawBuilder<BlueTotals> {
  return sql<BlueTotals>`
    select total, flushed, total - flushed as remaining, ${blueStatusOf(sql.ref('invoicing_status'), sql.ref('total'), sql.ref('flushed'))} as status
    from (
      select ${totalOf('b')} as total, ${flushedOf('r')} as flushed, b.invoicing_status
      from invoices b
      left join invoices r on ${pointsAt('r', 'b')}
      where b.id = ${blueId}::bigint
      group by b.id
    ) totals
  `;
}

export interface RedRow {
  readonly id: string;
  readonly invoice_code: string;
  readonly invoice_number: string;
  readonly invoice_date: Date;
  readonly invoicing_status: string;
  readonly invoice_total_price_tax: string | null;
  readonly amount: string;
}

/** The red invoices pointing at a blue invoice (of the given sellers), oldest first. */
export async function linkedReds(db: Db, blueId: string, sellers: readonly string[] | null): Promise<RedRow[]> {
  return (await linkedRedsQuery(blueId, sellers).execute(db)).rows;
}

export function linkedRedsQuery(blueId: string, sellers: readonly string[] | null): RawBuilder<RedRow> {
  return sql<RedRow>`
    select r.id, r.invoice_code, r.invoice_number, r.invoice_date, r.invoicing_status, r.invoice_total_price_tax, ${redAmountOf('r')} as amount
    from invoices b
    join invoices r on ${pointsAt('r', 'b')}
    where b.id = ${blueId}::bigint and ${sellerIn('r', sellers)}
    order by r.invoice_date, r.id
  `;
}

export interface RedLink {
  readonly amount: string;
  /** The blue invoice, when stored (whoever may see it). */
  readonly blue: (Omit<RedRow, 'amount'> & { readonly visible: boolean }) | null;
}

/** What a red invoice red-flushes, and the blue invoice it points at (if stored). */
export async function redLink(db: Db, redId: string, sellers: readonly string[] | null): Promise<RedLink> {
  const { rows } = await sql<{
    amount: string;
    id: string | null;
    invoice_code: string;
    invoice_number: string;
    invoice_date: Date;
    invoicing_status: string;
    invoice_total_price_tax: string | null;
    visible: boolean;
  }>`
    select ${redAmountOf('r')} as amount, b.id, b.invoice_code, b.invoice_number, b.invoice_date, b.invoicing_status,
      b.invoice_total_price_tax, ${sellerIn('b', sellers)} as visible
    from invoices r
    left join invoices b on ${pointsAt('r', 'b')}
    where r.id = ${redId}::bigint
  `.execute(db);
  const row = rows[0];
  if (!row) throw new Error(`red invoice ${redId} is not stored`);
  const { amount, id, ...blue } = row;
  return { amount, blue: id === null ? null : { id, ...blue } };
}
