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
