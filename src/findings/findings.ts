/**
 * The domain checks on a pushed invoice, beyond the schema: pure functions,
 * one per check, each returning the findings it makes (none when the
 * invoice passes). Findings flag; whether a finding refuses a push is the
 * channel's choice (see findings.service.ts).
 *
 * Decimal arithmetic is exact (decimal.ts): sums and products keep every
 * digit, and a figure is written with the scale its operands imply
 * ("745.28" × "0.06" = "44.7168"). Pointers are JSON Pointers into the
 * invoice. The red-flush checks (`RED_*`) are red-flush's
 * (red-flush/red-flush.checks.ts); `invoiceFindings` runs its checks of a
 * red invoice on its own with the others.
 *
 * The codes and what each means are documented once, in openapi.yaml
 * (`FindingCode`).
 */
import Big from 'big.js';
import type { Schemas } from '../api/spec.ts';
import { decimal, minus, plus, show, sum, times } from '../decimal.ts';
import { ROW_TYPE } from '../invoice-codes.ts';
import { RED_FLUSH_SEVERITY, type RedFlushCode, redInvoiceFindings } from '../red-flush/red-flush.checks.ts';

export type Finding = Schemas['Finding'];
export type FindingCode = Schemas['FindingCode'];
export type Severity = Finding['severity'];
type Invoice = Schemas['Invoice'];
/** The codes of the checks written here (the red-flush ones are red-flush's). */
type InvoiceCheckCode = Exclude<FindingCode, RedFlushCode>;
type Detail = Schemas['InvoiceDetail'];

export const SEVERITY: Readonly<Record<FindingCode, Severity>> = {
  HEADER_SUM_MISMATCH: 'error',
  DETAILS_AMOUNT_MISMATCH: 'error',
  DETAILS_TAX_MISMATCH: 'error',
  ROW_TAX_ROUNDING: 'error',
  INVOICE_TAX_ROUNDING: 'error',
  INVOICE_CODE_FORMAT: 'error',
  INVOICE_NUMBER_FORMAT: 'error',
  TAX_NO_FORMAT: 'error',
  USCC_CHECK_CHARACTER: 'warning',
  DISCOUNT_ROW_ORPHAN: 'error',
  DISCOUNT_ROW_MISSING: 'error',
  DISCOUNT_ROW_TAX_RATE: 'error',
  DISCOUNT_ROW_NOT_NEGATIVE: 'error',
  DISCOUNT_ROW_TOO_LARGE: 'error',
  // The red-flush checks, red-flush/red-flush.checks.ts.
  ...RED_FLUSH_SEVERITY,
};

export const FINDING_CODES = Object.keys(SEVERITY) as readonly FindingCode[];

/** Largest accepted |goodsCost × rate − goodsVat| on one row, in yuan. */
export const ROW_TAX_TOLERANCE = '0.06';
/** Largest accepted |Σ goodsCost × rate − Σ goodsVat| over an invoice, in yuan. */
export const INVOICE_TAX_TOLERANCE = '1.27';
const ROW_TOLERANCE = new Big(ROW_TAX_TOLERANCE);
const INVOICE_TOLERANCE = new Big(INVOICE_TAX_TOLERANCE);

function finding(code: InvoiceCheckCode, pointer: string, message: string, figures: Record<string, string>): Finding {
  return { code, severity: SEVERITY[code], pointer, message, figures };
}

// Arithmetic -------------------------------------------------------------------------------------

/** invoiceAmount + invoiceTaxAmount = invoiceTotalPriceTax, when all three are present. */
export function headerSum(invoice: Invoice): Finding[] {
  const { invoiceAmount, invoiceTaxAmount, invoiceTotalPriceTax } = invoice;
  if (invoiceTaxAmount === undefined || invoiceTotalPriceTax === undefined) return [];
  const expected = plus(decimal(invoiceAmount), decimal(invoiceTaxAmount));
  const total = decimal(invoiceTotalPriceTax);
  if (expected.value.eq(total.value)) return [];
  return [
    finding(
      'HEADER_SUM_MISMATCH',
      '/invoiceTotalPriceTax',
      `is ${invoiceTotalPriceTax}, but invoiceAmount ${invoiceAmount} + invoiceTaxAmount ${invoiceTaxAmount} = ${show(expected)}`,
      { invoiceAmount, invoiceTaxAmount, invoiceTotalPriceTax, expected: show(expected), difference: show(minus(total, expected)) },
    ),
  ];
}

/** Σ goodsCost = invoiceAmount; Σ goodsVat = invoiceTaxAmount (when present). */
export function detailSums(invoice: Invoice): Finding[] {
  const findings = sumMismatch(
    'DETAILS_AMOUNT_MISMATCH',
    'invoiceAmount',
    invoice.invoiceAmount,
    'goodsCost',
    invoice.details.map((row) => row.goodsCost),
  );
  if (invoice.invoiceTaxAmount !== undefined) {
    findings.push(
      ...sumMismatch(
        'DETAILS_TAX_MISMATCH',
        'invoiceTaxAmount',
        invoice.invoiceTaxAmount,
        'goodsVat',
        invoice.details.map((row) => row.goodsVat),
      ),
    );
  }
  return findings;
}

/** A finding on the header field `field` when the rows' `rowField` values do not add up to it. */
function sumMismatch(code: InvoiceCheckCode, field: string, header: string, rowField: string, rows: readonly string[]): Finding[] {
  const total = sum(rows.map(decimal));
  const expected = decimal(header);
  if (total.value.eq(expected.value)) return [];
  return [
    finding(code, `/${field}`, `is ${header}, but the rows' ${rowField} add up to ${show(total)}`, {
      [field]: header,
      detailsSum: show(total),
      difference: show(minus(expected, total)),
    }),
  ];
}

/** A row's tax rate: its own, else the invoice's. */
function rateOf(invoice: Invoice, row: Detail): string | undefined {
  return row.taxRate ?? invoice.invoiceTaxRate;
}

/** |goodsCost × rate − goodsVat| ≤ 0.06 on every row that has a rate. */
export function rowTaxRounding(invoice: Invoice): Finding[] {
  const findings: Finding[] = [];
  invoice.details.forEach((row, index) => {
    const rate = rateOf(invoice, row);
    if (rate === undefined) return;
    const expected = times(decimal(row.goodsCost), decimal(rate));
    const difference = minus(decimal(row.goodsVat), expected);
    if (difference.value.abs().lte(ROW_TOLERANCE)) return;
    findings.push(
      finding(
        'ROW_TAX_ROUNDING',
        `/details/${index}/goodsVat`,
        `is ${row.goodsVat}, but goodsCost ${row.goodsCost} × rate ${rate} = ${show(expected)}: off by more than ${ROW_TAX_TOLERANCE}`,
        {
          goodsCost: row.goodsCost,
          taxRate: rate,
          goodsVat: row.goodsVat,
          expected: show(expected),
          difference: show(difference),
          tolerance: ROW_TAX_TOLERANCE,
        },
      ),
    );
  });
  return findings;
}

/** |Σ goodsCost × rate − Σ goodsVat| ≤ 1.27 over the rows that have a rate. */
export function invoiceTaxRounding(invoice: Invoice): Finding[] {
  const rated = invoice.details.flatMap((row) => {
    const rate = rateOf(invoice, row);
    return rate === undefined ? [] : [{ expected: times(decimal(row.goodsCost), decimal(rate)), vat: decimal(row.goodsVat) }];
  });
  if (rated.length === 0) return [];
  const expected = sum(rated.map((row) => row.expected));
  const vats = sum(rated.map((row) => row.vat));
  const difference = minus(vats, expected);
  if (difference.value.abs().lte(INVOICE_TOLERANCE)) return [];
  return [
    finding(
      'INVOICE_TAX_ROUNDING',
      '/details',
      `the rows' goodsVat add up to ${show(vats)}, but their goodsCost × rate add up to ${show(expected)}: off by more than ${INVOICE_TAX_TOLERANCE}`,
      { expected: show(expected), goodsVat: show(vats), difference: show(difference), tolerance: INVOICE_TAX_TOLERANCE },
    ),
  ];
}

// Identity formats -------------------------------------------------------------------------------

const INVOICE_CODE = /^(\d{10}|\d{12})$/;
const INVOICE_NUMBER = /^(\d{8}|\d{20})$/;
const DIGITAL_INVOICE_NUMBER = /^\d{20}$/;
const TAX_NO = /^([0-9A-Z]{15}|[0-9A-Z]{17,18}|[0-9A-Z]{20})$/;

/** invoiceCode 10 or 12 digits, or empty with a 20-digit (数电) invoiceNumber; invoiceNumber 8 or 20 digits. */
export function invoiceIdentity(invoice: Invoice): Finding[] {
  const { invoiceCode, invoiceNumber } = invoice;
  const findings: Finding[] = [];
  if (!INVOICE_CODE.test(invoiceCode) && !(invoiceCode === '' && DIGITAL_INVOICE_NUMBER.test(invoiceNumber))) {
    const message =
      invoiceCode === ''
        ? 'is empty, which only a 数电 invoice (20-digit invoiceNumber) may be'
        : `is "${invoiceCode}": neither 10 nor 12 digits (nor empty, for a 数电 invoice)`;
    findings.push(finding('INVOICE_CODE_FORMAT', '/invoiceCode', message, { invoiceCode, invoiceNumber }));
  }
  if (!INVOICE_NUMBER.test(invoiceNumber)) {
    findings.push(finding('INVOICE_NUMBER_FORMAT', '/invoiceNumber', `is "${invoiceNumber}": neither 8 nor 20 digits`, { invoiceNumber }));
  }
  return findings;
}

/** GB 32100-2015: the characters of a unified social credit code and the weights of its first 17. */
const USCC_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character a unified social credit code with these 17 first characters must end with; undefined if one is not allowed. */
export function usccCheckCharacter(first17: string): string | undefined {
  let total = 0;
  for (let index = 0; index < 17; index++) {
    const value = USCC_CHARACTERS.indexOf(first17.charAt(index));
    if (value < 0) return undefined;
    total += value * (USCC_WEIGHTS[index] ?? 0);
  }
  return USCC_CHARACTERS.charAt((31 - (total % 31)) % 31);
}

/**
 * Seller and buyer tax numbers: 15, 17, 18 or 20 uppercase letters or
 * digits (an absent or empty buyerTaxNo, a private buyer, is fine); an
 * 18-character one is also checked as a unified social credit code.
 */
export function taxNumbers(invoice: Invoice): Finding[] {
  const findings: Finding[] = [];
  const numbers: [string, string | undefined][] = [
    ['sellerTaxNo', invoice.sellerTaxNo],
    ['buyerTaxNo', invoice.buyerTaxNo === '' ? undefined : invoice.buyerTaxNo],
  ];
  for (const [field, taxNo] of numbers) {
    if (taxNo === undefined) continue;
    if (!TAX_NO.test(taxNo)) {
      findings.push(finding('TAX_NO_FORMAT', `/${field}`, `is "${taxNo}": not 15, 17, 18 or 20 uppercase letters or digits`, { taxNo }));
      continue;
    }
    if (taxNo.length !== 18) continue;
    const expected = usccCheckCharacter(taxNo.slice(0, 17));
    const actual = taxNo.charAt(17);
    if (expected === actual) continue;
    const message =
      expected === undefined
        ? `is "${taxNo}": a unified social credit code (GB 32100-2015) cannot contain I, O, S, V or Z before its check character`
        : `is "${taxNo}": its GB 32100-2015 check character should be ${expected}, not ${actual}`;
    findings.push(finding('USCC_CHECK_CHARACTER', `/${field}`, message, { taxNo, checkCharacter: actual, expected: expected ?? '' }));
  }
  return findings;
}

// Rows -------------------------------------------------------------------------------------------

function sameRate(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return new Big(a).eq(new Big(b));
}

/**
 * A discount row (invRowType 1) directly follows its discounted row (2),
 * with the same tax rate and a negative goodsCost no larger (in absolute
 * value) than the discounted row's; a discounted row is directly followed
 * by its discount row.
 */
export function discountRows(invoice: Invoice): Finding[] {
  const findings: Finding[] = [];
  const rows = invoice.details;
  rows.forEach((row, index) => {
    if (row.invRowType === ROW_TYPE.DISCOUNTED && rows[index + 1]?.invRowType !== ROW_TYPE.DISCOUNT) {
      findings.push(
        finding(
          'DISCOUNT_ROW_MISSING',
          `/details/${index}/invRowType`,
          'is 2 (discounted row), but the next row is not its discount row (1)',
          {
            detailRowNo: row.detailRowNo,
          },
        ),
      );
    }
    if (row.invRowType !== ROW_TYPE.DISCOUNT) return;
    const cost = decimal(row.goodsCost);
    if (cost.value.gte(0)) {
      findings.push(
        finding(
          'DISCOUNT_ROW_NOT_NEGATIVE',
          `/details/${index}/goodsCost`,
          `is ${row.goodsCost}: a discount row's amount must be negative`,
          {
            goodsCost: row.goodsCost,
          },
        ),
      );
    }
    const discounted = rows[index - 1];
    if (discounted?.invRowType !== ROW_TYPE.DISCOUNTED) {
      findings.push(
        finding(
          'DISCOUNT_ROW_ORPHAN',
          `/details/${index}/invRowType`,
          'is 1 (discount row), but the row before is not a discounted row (2)',
          {
            detailRowNo: row.detailRowNo,
          },
        ),
      );
      return;
    }
    const rate = rateOf(invoice, row);
    const discountedRate = rateOf(invoice, discounted);
    if (!sameRate(rate, discountedRate)) {
      findings.push(
        finding(
          'DISCOUNT_ROW_TAX_RATE',
          `/details/${index}/taxRate`,
          `is ${rate ?? '(none)'}, but the discounted row's is ${discountedRate ?? '(none)'}`,
          { taxRate: rate ?? '', discountedTaxRate: discountedRate ?? '' },
        ),
      );
    }
    if (cost.value.abs().gt(new Big(discounted.goodsCost))) {
      findings.push(
        finding(
          'DISCOUNT_ROW_TOO_LARGE',
          `/details/${index}/goodsCost`,
          `is ${row.goodsCost}: larger than the discounted row's goodsCost ${discounted.goodsCost}`,
          { goodsCost: row.goodsCost, discountedGoodsCost: discounted.goodsCost },
        ),
      );
    }
  });
  return findings;
}

/** Every check that needs nothing but the invoice, in a stable order. */
export function invoiceFindings(invoice: Invoice): Finding[] {
  return [
    ...headerSum(invoice),
    ...detailSums(invoice),
    ...rowTaxRounding(invoice),
    ...invoiceTaxRounding(invoice),
    ...invoiceIdentity(invoice),
    ...taxNumbers(invoice),
    ...discountRows(invoice),
    ...redInvoiceFindings(invoice),
  ];
}
