/**
 * The red-flush side of an invoice's view, computed from the live rows when
 * asked: for a blue invoice its total, what its red invoices red-flush,
 * what is left, its status and its red invoices; for a red invoice what it
 * red-flushes and its blue invoice. `redFlushColumns` is SQL for the view's
 * statement (invoices/invoices.repository.ts reads the whole view in one);
 * `toRedFlushView` maps what it read to the API (`InvoiceView.redFlush`).
 */
import { type RawBuilder, sql } from 'kysely';
import type { Schemas } from '../api/spec.ts';
import { epochMs, jsonObject } from '../db/sql-json.ts';
import { INVOICE_TYPE, INVOICING_STATUS, type InvoicingStatus } from '../invoice-codes.ts';
import type { BlueStatus } from './red-flush.rules.ts';
import { BLUE, blueStatusSql, figuresOf, pointsAtSql, redAmountSql } from './red-flush.sql.ts';
import { STATE_LABELS } from './request-states.ts';
import { type OpenRequestJson, openRequestsOf } from './requests.repository.ts';

export type RedFlushView = Schemas['InvoiceView']['redFlush'];

export interface BlueTotalsJson {
  readonly total: string;
  readonly flushed: string;
  /** The totals of its open red-flush requests. */
  readonly held: string;
  /** total − flushed − held. */
  readonly remaining: string;
  readonly status: BlueStatus;
}

export interface LinkedInvoiceJson {
  readonly id: string;
  readonly invoice_code: string;
  readonly invoice_number: string;
  /** ms since epoch. */
  readonly invoice_date: number;
  readonly invoicing_status: InvoicingStatus;
  readonly invoice_total_price_tax: string | null;
}

/** A red invoice pointing at a blue one, with what it red-flushes. */
export interface RedJson extends LinkedInvoiceJson {
  readonly amount: string;
}

/** The blue invoice a red one points at, and whether the app may see it. */
export interface BlueJson extends LinkedInvoiceJson {
  readonly visible: boolean;
}

/** What `redFlushColumns` reads (empty lists are null). */
export interface RedFlushColumns {
  /** Blue invoices: their red-flush totals, from the live rows. */
  readonly view_blue_totals: BlueTotalsJson | null;
  /** Blue invoices: the red invoices pointing at them (that the app may see), oldest first. */
  readonly view_reds: RedJson[] | null;
  /** Blue invoices: their open red-flush requests, oldest first. */
  readonly view_open_requests: OpenRequestJson[] | null;
  /** Red invoices: what they red-flush. */
  readonly view_red_amount: string | null;
  /** Red invoices: the blue invoice they point at, when stored (whoever may see it). */
  readonly view_blue: BlueJson | null;
}

function linkedInvoice(alias: string): (readonly [string, RawBuilder<unknown>])[] {
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  return [
    ['id', sql`${ref('id')}::text`],
    ['invoice_code', ref('invoice_code')],
    ['invoice_number', ref('invoice_number')],
    ['invoice_date', epochMs(`${alias}.invoice_date`)],
    ['invoicing_status', ref('invoicing_status')],
    ['invoice_total_price_tax', sql`${ref('invoice_total_price_tax')}::text`],
  ];
}

/**
 * The select-list entries of RedFlushColumns for the invoice `invoice` (an
 * alias of `invoices`); `visible(alias)` says whether the app may see the
 * invoice `alias` (red invoices it may not see are left out; a blue one is
 * named only when it may).
 */
export function redFlushColumns(invoice: string, visible: (alias: string) => RawBuilder<boolean>): RawBuilder<unknown> {
  const type = sql.ref(`${invoice}.invoice_type`);
  const blueTotals = jsonObject([
    ['total', sql`t.total::text`],
    ['flushed', sql`t.flushed::text`],
    ['held', sql`t.held::text`],
    ['remaining', sql`t.remaining::text`],
    ['status', blueStatusSql(sql.ref(`${invoice}.invoicing_status`), sql.ref('t.total'), sql.ref('t.flushed'))],
  ]);
  const red = jsonObject([...linkedInvoice('r'), ['amount', sql`${redAmountSql('r')}::text`]]);
  const blue = jsonObject([...linkedInvoice('b'), ['visible', visible('b')]]);
  return sql`case when ${type} = ${BLUE} then (
      select ${blueTotals} from ${figuresOf(invoice)} t
    ) end as view_blue_totals,
    case when ${type} = ${BLUE} then ${openRequestsOf(invoice)} end as view_open_requests,
    case when ${type} = ${BLUE} then (
      select json_agg(${red} order by r.invoice_date, r.id) from invoices r where ${pointsAtSql('r', invoice)} and ${visible('r')}
    ) end as view_reds,
    case when ${type} <> ${BLUE} then ${redAmountSql(invoice)} end as view_red_amount,
    case when ${type} <> ${BLUE} then (select ${blue} from invoices b where ${pointsAtSql(invoice, 'b')}) end as view_blue`;
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** The red-flush side of the view of the invoice read with `redFlushColumns`. */
export function toRedFlushView(
  row: RedFlushColumns & {
    readonly id: string;
    readonly invoice_type: number;
    readonly original_invoice_code: string | null;
    readonly original_invoice_number: string | null;
  },
): RedFlushView {
  const totals = row.view_blue_totals;
  if (row.invoice_type === INVOICE_TYPE.BLUE) {
    if (!totals) throw new Error(`no red-flush totals for blue invoice ${row.id}`);
    return {
      side: 'blue',
      status: totals.status,
      totalPriceTax: totals.total,
      redFlushedTotal: totals.flushed,
      heldByOpenRequests: totals.held,
      remaining: totals.remaining,
      openRequests: (row.view_open_requests ?? []).map((request) => ({
        id: request.id,
        state: request.state,
        stateLabel: STATE_LABELS[request.state],
        kind: request.kind,
        total: request.total,
        orderNo: request.order_no,
        createdAt: request.created_at,
        createdAtIso: isoOf(request.created_at),
      })),
      reds: (row.view_reds ?? []).map((red) => ({
        id: red.id,
        invoiceCode: red.invoice_code,
        invoiceNumber: red.invoice_number,
        invoiceDate: red.invoice_date,
        invoiceDateIso: isoOf(red.invoice_date),
        invoicingStatus: red.invoicing_status,
        invoiceTotalPriceTax: red.invoice_total_price_tax,
        amount: red.amount,
        counted: red.invoicing_status !== INVOICING_STATUS.VOIDED,
      })),
    };
  }
  const blue = row.view_blue;
  const amount = row.view_red_amount;
  if (amount === null) throw new Error(`no red-flushed amount for red invoice ${row.id}`);
  return {
    side: 'red',
    status: blue ? 'linked' : 'unlinked',
    originalInvoiceCode: row.original_invoice_code,
    originalInvoiceNumber: row.original_invoice_number,
    amount,
    blue:
      blue?.visible === true
        ? {
            id: blue.id,
            invoiceCode: blue.invoice_code,
            invoiceNumber: blue.invoice_number,
            invoiceDate: blue.invoice_date,
            invoiceDateIso: isoOf(blue.invoice_date),
            invoicingStatus: blue.invoicing_status,
            invoiceTotalPriceTax: blue.invoice_total_price_tax,
          }
        : null,
  };
}
