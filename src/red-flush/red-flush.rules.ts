/**
 * The red-flush (红冲) rules in TypeScript, on invoices as pushed or as
 * stored. A red invoice (invoiceType 1) red-flushes the blue invoice
 * (invoiceType 0) whose invoiceCode/invoiceNumber are its
 * originalInvoiceCode/originalInvoiceNumber (an absent original code
 * matches the empty code of a 数电 invoice), whichever arrived first. A blue
 * invoice and the red invoices naming it form its group, named by the blue
 * invoice's identity.
 *
 * The same rules are written once in SQL (red-flush.sql.ts);
 * test/red-flush-rules.test.ts holds the two to the same answers.
 */
import { abs, type Decimal, decimal, minus, plus, sum, ZERO } from '../decimal.ts';
import { INVOICE_TYPE } from '../invoice-codes.ts';

/** A red-flush group: the identity of its blue invoice (which need not be stored yet). */
export interface GroupKey {
  readonly code: string;
  readonly number: string;
}

/** What the group identity is read from: an invoice as pushed (the schema's field names). */
export interface GroupedInvoice {
  readonly invoiceType: number;
  readonly invoiceCode: string;
  readonly invoiceNumber: string;
  readonly originalInvoiceCode?: string | null | undefined;
  readonly originalInvoiceNumber?: string | null | undefined;
}

/** The group of an invoice: a blue invoice's own identity; a red invoice's blue invoice; none for a red invoice naming none. */
export function groupOf(invoice: GroupedInvoice): GroupKey | undefined {
  if (invoice.invoiceType !== INVOICE_TYPE.RED) return { code: invoice.invoiceCode, number: invoice.invoiceNumber };
  if (invoice.originalInvoiceNumber === undefined || invoice.originalInvoiceNumber === null) return undefined;
  return { code: invoice.originalInvoiceCode ?? '', number: invoice.originalInvoiceNumber };
}

/** A group's identity as one string, for maps (NUL cannot occur in stored text). */
export function groupName(group: GroupKey): string {
  return `${group.code}\u0000${group.number}`;
}

/** What the red-flush rules read of an invoice (blue or red) as stored. */
export interface FlushMember {
  readonly invoiceCode: string;
  readonly invoiceNumber: string;
  /** ms since epoch */
  readonly invoiceDate: number;
  readonly voided: boolean;
  readonly buyerName: string;
  readonly buyerTaxNo: string | null;
  readonly sellerTaxNo: string;
  readonly invoiceAmount: string;
  readonly invoiceTaxAmount: string | null;
  readonly invoiceTotalPriceTax: string | null;
}

/** 价税合计: invoiceTotalPriceTax, or invoiceAmount + invoiceTaxAmount when it is absent. */
export function totalOf(invoice: FlushMember): Decimal {
  if (invoice.invoiceTotalPriceTax !== null) return decimal(invoice.invoiceTotalPriceTax);
  return plus(decimal(invoice.invoiceAmount), invoice.invoiceTaxAmount === null ? ZERO : decimal(invoice.invoiceTaxAmount));
}

/** What a red invoice red-flushes: the absolute value of its total (channels often send red amounts positive). */
export function redAmountOf(red: FlushMember): Decimal {
  return abs(totalOf(red));
}

/** Whether a red invoice counts against its blue invoice: a voided one does not. */
export function counts(red: FlushMember): boolean {
  return !red.voided;
}

/** What these red invoices red-flush together (voided ones excluded; 0 when none). */
export function flushedBy(reds: readonly FlushMember[]): Decimal {
  return sum(reds.filter(counts).map(redAmountOf));
}

/** A red-flush request of a blue invoice, as far as what it holds goes. */
export interface HoldingRequest {
  readonly open: boolean;
  readonly total: string;
}

/** A 红字确认单 against a blue invoice, as far as what it holds goes. */
export interface HoldingForm {
  readonly origin: 'ours' | 'counterparty';
  /** A counterparty form that will become a red invoice with nothing more done here holds until it ends or its red invoice comes (form-record.ts `heldOf`). */
  readonly held: boolean;
  /** A red invoice of its own was linked to it (it then counts as a red invoice). */
  readonly redInvoiceLinked: boolean;
  readonly total: string | null;
}

/**
 * What is held of a blue invoice: the totals of its open requests, and of
 * the counterparty forms that hold against it (`held`, no red invoice
 * linked yet). A form of ours never holds: its request does. (SQL:
 * red-flush.sql.ts `heldSql`.)
 */
export function heldOf(requests: readonly HoldingRequest[], forms: readonly HoldingForm[]): Decimal {
  return plus(
    sum(requests.filter((request) => request.open).map((request) => decimal(request.total))),
    sum(
      forms
        .filter((form) => form.origin === 'counterparty' && form.held && !form.redInvoiceLinked)
        .map((form) => (form.total === null ? ZERO : decimal(form.total))),
    ),
  );
}

/**
 * What is left to red-flush of a blue invoice: its total − what its red
 * invoices (not voided) red-flush − `held` (`heldOf`: open requests and
 * held forms; 0 by default). The answer is negative when the reds exceed
 * the blue invoice.
 */
export function remainingOf(blue: FlushMember, reds: readonly FlushMember[], held: Decimal = ZERO): Decimal {
  return minus(minus(totalOf(blue), flushedBy(reds)), held);
}

export type BlueStatus = 'none' | 'partial' | 'full' | 'voided';

/** The red-flush status of a blue invoice: voided; nothing red-flushed; all of it or more; some of it. */
export function blueStatusOf(blue: FlushMember, reds: readonly FlushMember[]): BlueStatus {
  if (blue.voided) return 'voided';
  const flushed = flushedBy(reds);
  if (flushed.value.eq(0)) return 'none';
  return flushed.value.gte(totalOf(blue).value) ? 'full' : 'partial';
}

/**
 * The order in which red invoices use up what their blue invoice has left:
 * by invoiceDate, then code and number, so that the answer does not depend
 * on which arrived first.
 */
export function flushOrder(a: FlushMember, b: FlushMember): number {
  if (a.invoiceDate !== b.invoiceDate) return a.invoiceDate - b.invoiceDate;
  if (a.invoiceCode !== b.invoiceCode) return a.invoiceCode < b.invoiceCode ? -1 : 1;
  if (a.invoiceNumber !== b.invoiceNumber) return a.invoiceNumber < b.invoiceNumber ? -1 : 1;
  return 0;
}
