/**
 * The red-flush checks (the `RED_*` finding codes): of a red invoice on its
 * own (normal rows only; names its blue invoice), run with every invoice's
 * own checks before a push's transaction; and of each red invoice against
 * its blue invoice as stored (what is left, same buyer and seller, blue not
 * voided), run inside it for every group the push touches.
 *
 * Findings flag; whether one refuses a push is the channel's choice
 * (findings/findings.service.ts). The codes are documented in openapi.yaml
 * (`FindingCode`).
 */
import type { Schemas } from '../api/spec.ts';
import { type Decimal, minus, plus, show, ZERO } from '../decimal.ts';
import { INVOICE_TYPE, ROW_TYPE } from '../invoice-codes.ts';
import { counts, type FlushMember, flushOrder, redAmountOf, totalOf } from './red-flush.rules.ts';

type Finding = Schemas['Finding'];
type FindingCode = Schemas['FindingCode'];
type Invoice = Schemas['Invoice'];

/** The red-flush codes, in the order openapi.yaml lists them. */
export type RedFlushCode = Extract<FindingCode, `RED_${string}`>;

export const RED_FLUSH_SEVERITY: Readonly<Record<RedFlushCode, Finding['severity']>> = {
  RED_ROW_TYPE: 'error',
  RED_ORIGINAL_MISSING: 'warning',
  RED_EXCEEDS_REMAINING: 'error',
  RED_BUYER_MISMATCH: 'error',
  RED_SELLER_MISMATCH: 'error',
  RED_BLUE_VOIDED: 'error',
};

function finding(code: RedFlushCode, pointer: string, message: string, figures: Record<string, string>): Finding {
  return { code, severity: RED_FLUSH_SEVERITY[code], pointer, message, figures };
}

/** A red invoice carries normal rows only and names its blue invoice. */
export function redInvoiceFindings(invoice: Invoice): Finding[] {
  if (invoice.invoiceType !== INVOICE_TYPE.RED) return [];
  const findings: Finding[] = [];
  invoice.details.forEach((row, index) => {
    if (row.invRowType !== undefined && row.invRowType !== ROW_TYPE.NORMAL) {
      findings.push(
        finding('RED_ROW_TYPE', `/details/${index}/invRowType`, `is ${row.invRowType}: a red invoice carries normal rows (0) only`, {
          invRowType: String(row.invRowType),
        }),
      );
    }
  });
  if (invoice.originalInvoiceNumber === undefined) {
    findings.push(
      finding('RED_ORIGINAL_MISSING', '/originalInvoiceNumber', 'is missing: a red invoice names the blue invoice it flushes', {}),
    );
  }
  return findings;
}

/**
 * The findings of each red invoice of one blue invoice, in the order the
 * reds are given. The remaining red-flushable amount a red invoice is held
 * to is the blue total minus the (absolute) totals of the red invoices that
 * are not voided and come before it by invoiceDate, then code and number,
 * so the answer does not depend on which arrived first.
 */
export function redFlushFindings<Red extends FlushMember>(blue: FlushMember, reds: readonly Red[]): Map<Red, Finding[]> {
  const blueTotal = totalOf(blue);
  const blueName = { blueInvoiceCode: blue.invoiceCode, blueInvoiceNumber: blue.invoiceNumber };
  // Written with the blue total's scale from the first red on ("0.00 flushed before").
  let flushed: Decimal = { value: ZERO.value, scale: blueTotal.scale };
  const out = new Map<Red, Finding[]>();
  for (const red of [...reds].sort(flushOrder)) {
    const findings: Finding[] = [];
    if (counts(red)) {
      const redTotal = redAmountOf(red);
      const remaining = minus(blueTotal, flushed);
      if (redTotal.value.gt(remaining.value)) {
        findings.push(
          finding(
            'RED_EXCEEDS_REMAINING',
            red.invoiceTotalPriceTax === null ? '/invoiceAmount' : '/invoiceTotalPriceTax',
            `red-flushes ${show(redTotal)}, but blue invoice ${blue.invoiceCode}/${blue.invoiceNumber} had only ${show(remaining)} left (total ${show(blueTotal)}, ${show(flushed)} flushed before)`,
            { ...blueName, redTotal: show(redTotal), blueTotal: show(blueTotal), flushedBefore: show(flushed), remaining: show(remaining) },
          ),
        );
      }
      flushed = plus(flushed, redTotal);
    }
    if (red.buyerName !== blue.buyerName) {
      findings.push(
        finding('RED_BUYER_MISMATCH', '/buyerName', `is "${red.buyerName}", but the blue invoice's buyer is "${blue.buyerName}"`, {
          ...blueName,
          red: red.buyerName,
          blue: blue.buyerName,
        }),
      );
    }
    if ((red.buyerTaxNo ?? '') !== (blue.buyerTaxNo ?? '')) {
      findings.push(
        finding(
          'RED_BUYER_MISMATCH',
          '/buyerTaxNo',
          `is "${red.buyerTaxNo ?? ''}", but the blue invoice's buyer tax number is "${blue.buyerTaxNo ?? ''}"`,
          { ...blueName, red: red.buyerTaxNo ?? '', blue: blue.buyerTaxNo ?? '' },
        ),
      );
    }
    if (red.sellerTaxNo !== blue.sellerTaxNo) {
      findings.push(
        finding('RED_SELLER_MISMATCH', '/sellerTaxNo', `is "${red.sellerTaxNo}", but the blue invoice's seller is "${blue.sellerTaxNo}"`, {
          ...blueName,
          red: red.sellerTaxNo,
          blue: blue.sellerTaxNo,
        }),
      );
    }
    if (blue.voided) {
      findings.push(
        finding(
          'RED_BLUE_VOIDED',
          '/originalInvoiceNumber',
          `names blue invoice ${blue.invoiceCode}/${blue.invoiceNumber}, which is voided`,
          blueName,
        ),
      );
    }
    out.set(red, findings);
  }
  return new Map(reds.map((red) => [red, out.get(red) ?? []]));
}
