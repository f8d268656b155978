/**
 * The red-flush rules as SQL fragments over `invoices` rows (by alias), for
 * the statements that keep and show the red-flush state: the red→blue
 * match, the totals, what is held and what is left (`figuresOf`), the
 * status. The same rules in
 * TypeScript are red-flush.rules.ts; test/red-flush-rules.test.ts holds the
 * two to the same answers.
 */
import { type RawBuilder, sql } from 'kysely';
import type { RedFlushStatus } from '../db/database.ts';
import { INVOICE_TYPE, INVOICING_STATUS } from '../invoice-codes.ts';
import { OPEN_STATES } from './request-states.ts';

const VOIDED = sql.lit(INVOICING_STATUS.VOIDED);
export const BLUE = sql.lit(INVOICE_TYPE.BLUE);
export const RED = sql.lit(INVOICE_TYPE.RED);

function column(alias: string, name: string): RawBuilder<unknown> {
  return sql.ref(`${alias}.${name}`);
}

/** 价税合计 of the invoice `alias`, or 发票金额 + 发票税额 when it has none. */
export function totalSql(alias: string): RawBuilder<string> {
  return sql<string>`coalesce(${column(alias, 'invoice_total_price_tax')}, ${column(alias, 'invoice_amount')} + coalesce(${column(alias, 'invoice_tax_amount')}, 0))`;
}

/** What the red invoice `alias` red-flushes: the absolute value of its total (red invoices often carry positive amounts). */
export function redAmountSql(alias: string): RawBuilder<string> {
  return sql<string>`abs(${totalSql(alias)})`;
}

/**
 * The red→blue match: the red invoice `red` points at the invoice `blue`,
 * which is a blue invoice (an absent original code matches the empty code
 * of a 数电 invoice).
 */
export function pointsAtSql(red: string, blue: string): RawBuilder<boolean> {
  return sql<boolean>`${column(red, 'invoice_type')} = ${RED} and ${column(blue, 'invoice_type')} = ${BLUE}
    and ${column(red, 'original_invoice_number')} = ${column(blue, 'invoice_number')}
    and coalesce(${column(red, 'original_invoice_code')}, '') = ${column(blue, 'invoice_code')}`;
}

/** The sum of what the red invoices `red` red-flush, voided ones excluded (an aggregate; 0 when none). */
export function flushedSql(red: string): RawBuilder<string> {
  return sql<string>`coalesce(sum(${redAmountSql(red)}) filter (where ${column(red, 'invoicing_status')} <> ${VOIDED}), 0)`;
}

/**
 * What is held of the blue invoice `alias` (its `id`), a scalar: the totals
 * of its open red-flush requests, and of the counterparty 红字确认单 that
 * hold against it (`held`, no red invoice of their own linked yet), as
 * `heldOf` in red-flush.rules.ts says. `tax` reads their taxes instead.
 */
export function heldSql(alias: string, figure: 'total' | 'tax' = 'total'): RawBuilder<string> {
  const id = column(alias, 'id');
  const open = sql.join(OPEN_STATES.map((state) => sql.lit(state)));
  const of = (table: string) => sql.ref(`${table}.${figure}`);
  return sql<string>`((select coalesce(sum(${of('q')}), 0) from red_flush_requests q where q.blue_invoice_id = ${id} and q.state in (${open}))
    + (select coalesce(sum(coalesce(${of('f')}, 0)), 0) from red_confirm_forms f
       where f.blue_invoice_id = ${id} and f.held and f.origin = 'counterparty' and f.red_invoice_id is null))`;
}

/**
 * Whether the rows of the red-flush request `request` (its `state`,
 * `blue_invoice_id`, `red_invoice_id`) count against what is left of each
 * row of its blue invoice, as its total counts against the invoice
 * (`figuresOf`): an open request's rows are held (`heldSql`); an issued
 * one's count while its red invoice does (`flushedSql`: not voided, still
 * naming that blue invoice); the others' are free again. Read by the rows
 * of a blue invoice (requests.repository.ts `blueDetailRows`).
 */
export function rowsCountSql(request: string): RawBuilder<boolean> {
  const open = sql.join(OPEN_STATES.map((state) => sql.lit(state)));
  return sql<boolean>`(${column(request, 'state')} in (${open})
    or (${column(request, 'state')} = 'issued' and exists (
      select 1 from invoices r join invoices b on b.id = ${column(request, 'blue_invoice_id')}
      where r.id = ${column(request, 'red_invoice_id')} and r.invoicing_status <> ${VOIDED} and ${pointsAtSql('r', 'b')})))`;
}

/**
 * Whether the rows of the counterparty 红字确认单 `form` (its `held`,
 * `blue_invoice_id`, `red_invoice_id`) count against what is left of each
 * row of its blue invoice, as its total counts against the invoice: while
 * it holds (`heldSql`), and once its red invoice is linked while that
 * counts (not voided, still naming the blue invoice). Ours never: their
 * request's rows do (`rowsCountSql`).
 */
export function formRowsCountSql(form: string): RawBuilder<boolean> {
  return sql<boolean>`${column(form, 'origin')} = 'counterparty' and (${column(form, 'held')}
    or exists (
      select 1 from invoices r join invoices b on b.id = ${column(form, 'blue_invoice_id')}
      where r.id = ${column(form, 'red_invoice_id')} and r.invoicing_status <> ${VOIDED} and ${pointsAtSql('r', 'b')}))`;
}

/**
 * What is left to red-flush: `total` − `flushed` − `held`. `held` is what
 * open red-flush requests and held forms hold of the blue invoice
 * (`heldSql`); absent, nothing is subtracted.
 */
export function remainingSql(total: RawBuilder<unknown>, flushed: RawBuilder<unknown>, held?: RawBuilder<unknown>): RawBuilder<string> {
  return held === undefined ? sql<string>`(${total} - ${flushed})` : sql<string>`(${total} - ${flushed} - ${held})`;
}

/** The status of a blue invoice from its invoicing status, its total and what is red-flushed of it. */
export function blueStatusSql(invoicingStatus: RawBuilder<unknown>, total: RawBuilder<unknown>, flushed: RawBuilder<unknown>) {
  return sql<RedFlushStatus>`case when ${invoicingStatus} = ${VOIDED} then 'voided'
    when ${flushed} = 0 then 'none' when ${flushed} >= ${total} then 'full' else 'partial' end`;
}

/** What is left of a blue invoice to red-flush, and why (decimal strings). */
export interface BlueFigures {
  /** 价税合计 (发票金额 + 发票税额 when absent). */
  readonly total: string;
  /** The red invoices linked to it that are not voided (absolute totals). */
  readonly flushed: string;
  /** The totals of its open requests and held counterparty forms (`heldSql`). */
  readonly held: string;
  /** total − flushed − held. */
  readonly remaining: string;
}

/**
 * What is left to red-flush of the blue invoice `blue` (a table alias):
 * one row of `total`, `flushed`, `held` and `remaining` = its 价税合计 −
 * the red invoices linked to it that are not voided − what is held of it
 * (its open requests and held counterparty forms: `heldSql`). An issued
 * request holds nothing itself: its red invoice counts instead. The one
 * place it is written: the requests' check and preview, the invoice view
 * and `readRemaining` all read it. For `from … cross join lateral
 * ${figuresOf('b')} as f`, or as a scalar subquery's source.
 */
export function figuresOf(blue: string): RawBuilder<BlueFigures> {
  return sql<BlueFigures>`(
    select t.total, t.flushed, h.held, ${remainingSql(sql.ref('t.total'), sql.ref('t.flushed'), sql.ref('h.held'))} as remaining
    from (select ${totalSql(blue)} as total, ${flushedSql('r')} as flushed from invoices r where ${pointsAtSql('r', blue)}) t,
      (select ${heldSql(blue)} as held) h
  )`;
}
