/**
 * Request bodies for the load: the doc's example push
 * (`test/fixtures/push-example.json`), byte for byte except its
 * `invoiceNumber`, so that every request stores a new invoice.
 */
import { readFileSync } from 'node:fs';

export const EXAMPLE_TEXT = readFileSync(new URL('../test/fixtures/push-example.json', import.meta.url), 'utf8');

const NUMBER_FIELD = '"invoiceNumber": "89429424"';

/** `text` split around the example's invoice number (which it must hold exactly once). */
function splitAtNumber(text: string): [string, string] {
  const at = text.indexOf(NUMBER_FIELD);
  if (at < 0 || text.indexOf(NUMBER_FIELD, at + 1) >= 0) throw new Error(`the push example must hold ${NUMBER_FIELD} exactly once`);
  const numberAt = at + NUMBER_FIELD.length - '89429424"'.length;
  return [text.slice(0, numberAt), text.slice(numberAt + '89429424'.length)];
}

const example = JSON.parse(EXAMPLE_TEXT) as { channelCode: string; data: Record<string, unknown>[] };
export const EXAMPLE_CHANNEL = example.channelCode;
export const EXAMPLE_INVOICE_CODE = String(example.data[0]?.invoiceCode);

const [PUSH_BEFORE, PUSH_AFTER] = splitAtNumber(EXAMPLE_TEXT);
/** The example's one invoice object, as written in the example. */
const INVOICE_TEXT = EXAMPLE_TEXT.slice(EXAMPLE_TEXT.indexOf('{', EXAMPLE_TEXT.indexOf('"data"')), EXAMPLE_TEXT.lastIndexOf(']'));
const [INVOICE_BEFORE, INVOICE_AFTER] = splitAtNumber(INVOICE_TEXT.trimEnd());

/**
 * Invoice numbers, unique for the whole run: 8 digits as on paper invoices.
 * Pushed invoices all carry the example's invoice code, which the seeded
 * invoices never use, so the two never collide.
 */
export class InvoiceNumbers {
  private next = 1;

  take(): number {
    return this.next++;
  }

  /** The numbers taken so far are 1 … issued(). */
  issued(): number {
    return this.next - 1;
  }
}

export function invoiceNumber(n: number): string {
  return String(n).padStart(8, '0');
}

/** The example push with another invoice number. */
export function singlePush(n: number): string {
  return `${PUSH_BEFORE}${invoiceNumber(n)}${PUSH_AFTER}`;
}

/** A push of `numbers.length` invoices, each the example's invoice with its own number, under a batch serial number. */
export function batchPush(serialNo: string, numbers: readonly number[]): string {
  const invoices = numbers.map((n) => `${INVOICE_BEFORE}${invoiceNumber(n)}${INVOICE_AFTER}`);
  return `{"channelCode": ${JSON.stringify(EXAMPLE_CHANNEL)}, "serialNo": ${JSON.stringify(serialNo)}, "result": 0, "data": [${invoices.join(', ')}]}`;
}

// Blue and red pushes -------------------------------------------------------------------------------------

/** The invoice code of the bench's blue invoices, and of the red invoices that red-flush them (neither is the example's). */
export const BLUE_CODE = '012002000411';
export const RED_CODE = '012002000412';

const NUMBER_MARK = '"@number@"';
const ORIGINAL_MARK = '"@original@"';
const negative = (amount: unknown) => `-${String(amount)}`;

/**
 * The example's invoice as a blue invoice (invoiceType 0, no original
 * invoice fields), or as the red invoice that red-flushes such a blue one
 * in full: invoiceType 1, the blue invoice's code and number as its
 * original, amounts, tax and quantities negative (the unit price stays
 * positive), as a channel pushes a red invoice.
 */
function invoiceTemplate(kind: 'blue' | 'red'): [string, string, string] {
  const invoice: Record<string, unknown> = { ...example.data[0], invoiceNumber: '@number@' };
  for (const field of ['originalInvoiceNumber', 'originalInvoiceCode', 'originalSerialNo', 'originalInvoicingStatus'])
    delete invoice[field];
  if (kind === 'blue') {
    Object.assign(invoice, { invoiceType: 0, invoiceCode: BLUE_CODE });
  } else {
    Object.assign(invoice, {
      invoiceType: 1,
      invoiceCode: RED_CODE,
      originalInvoiceCode: BLUE_CODE,
      originalInvoiceNumber: '@original@',
      invoiceTotalPriceTax: negative(invoice.invoiceTotalPriceTax),
      invoiceAmount: negative(invoice.invoiceAmount),
      invoiceTaxAmount: negative(invoice.invoiceTaxAmount),
      details: (invoice.details as Record<string, unknown>[]).map((detail) => ({
        ...detail,
        goodsNum: negative(detail.goodsNum),
        goodsCost: negative(detail.goodsCost),
        goodsVat: negative(detail.goodsVat),
      })),
    });
  }
  const text = JSON.stringify(invoice, null, 2);
  const [before, rest] = text.split(NUMBER_MARK) as [string, string];
  const [middle, after] = kind === 'red' ? (rest.split(ORIGINAL_MARK) as [string, string]) : [rest, ''];
  return [before, middle, after];
}

const BLUE = invoiceTemplate('blue');
const RED = invoiceTemplate('red');

function blueInvoice(n: number): string {
  return `${BLUE[0]}"${invoiceNumber(n)}"${BLUE[1]}`;
}

/** A push of one blue invoice, numbered `n`. */
export function bluePush(n: number): string {
  return `{"channelCode": ${JSON.stringify(EXAMPLE_CHANNEL)}, "data": [${blueInvoice(n)}]}`;
}

/** A push of blue invoices, under a batch serial number (to store the blue invoices that red pushes name). */
export function blueBatchPush(serialNo: string, numbers: readonly number[]): string {
  return `{"channelCode": ${JSON.stringify(EXAMPLE_CHANNEL)}, "serialNo": ${JSON.stringify(serialNo)}, "result": 0, "data": [${numbers.map(blueInvoice).join(', ')}]}`;
}

/** A push of one red invoice that red-flushes the blue invoice numbered `n` in full (and carries the same number, under RED_CODE). */
export function redPush(n: number): string {
  return `{"channelCode": ${JSON.stringify(EXAMPLE_CHANNEL)}, "data": [${RED[0]}"${invoiceNumber(n)}"${RED[1]}"${invoiceNumber(n)}"${RED[2]}]}`;
}
