/**
 * A red-flush request as the caller sends it (seed 000 and its example),
 * checked at the edge: normalised and validated against `RedFlushRequest`
 * in openapi.yaml (the spelling quirks are `x-aliases` there: `sellerTaxno`,
 * `invoiceSpecil`; `reason` and other integers may come as strings of
 * digits), every failing field named in Chinese with its place in the body
 * (`销方税号(sellerTaxNo)：必填`), then the rules about the request alone:
 * the invoice type's name, the invoice code a 数电 invoice does not have,
 * positive amounts with at most two decimals, each row named once.
 */
import { createHash } from 'node:crypto';
import Big from 'big.js';
import { onePerField } from '../api/field-errors.ts';
import { fieldAt, namedError } from '../api/field-labels.ts';
import { normalize } from '../api/normalize.ts';
import { fieldErrors, validator } from '../api/spec.ts';
import type { FieldError } from '../errors.ts';
import type { Language } from '../http/language.ts';
import { RedFlushRefusal, type RefusedField } from './request-refusal.ts';
import { type AskedRow, QUANTITY_DECIMALS } from './request-rows.ts';

const SCHEMA = 'RedFlushRequest';

/** `invoiceTypeCode` as seed 000 names the kinds, and the code each stands for (the codes themselves are accepted too). */
export const INVOICE_TYPE_NAMES: Readonly<Record<string, string>> = {
  VATSpecialInvoice: '004',
  VATOrdinaryInvoice: '007',
  VATElectronicInvoice: '026',
  VATElectronicSpecialInvoice: '028',
  FullDigitalSpecial: '01',
  FullDigitalNormal: '02',
};

/** 数电 (fully digital) invoices: no invoice code, a 20-digit number. */
const FULLY_DIGITAL = new Set(['01', '02']);

export type Reason = 1 | 2 | 3 | 4;

/** A request once checked. Absent optional fields are null; `invoiceCode` is '' for 数电 invoices. */
export interface RedFlushInput {
  readonly channelCode: string;
  readonly reason: Reason;
  /** As sent: a seed name (`FullDigitalSpecial`) or a code. */
  readonly invoiceTypeName: string;
  /** 004, 007, 026, 028, 01 or 02. */
  readonly invoiceTypeCode: string;
  readonly invoiceSpecial: string | null;
  readonly sellerTaxNo: string;
  readonly invoiceCode: string;
  readonly invoiceNumber: string;
  readonly plx: string | null;
  readonly appid: string | null;
  readonly cpyType: string | null;
  readonly isSeller: string | null;
  readonly reqMemo: string | null;
  readonly invoiceType: string | null;
  readonly orderNo: string | null;
  /** A partial red flush's rows; null for a full red flush. */
  readonly details: readonly AskedRow[] | null;
}

interface Normalized {
  channelCode: string;
  reason: Reason;
  invoiceTypeCode: string;
  invoiceSpecial?: string;
  sellerTaxNo: string;
  invoiceCode?: string;
  invoiceNumber: string;
  plx?: string;
  appid?: string;
  cpyType?: string | number;
  isSeller?: string | number;
  reqMemo?: string | number;
  invoiceType?: string | number;
  orderNo?: string;
  details?: { detailRowNo: string | number; amount: string; quantity?: string }[];
}

/**
 * The request checked, or a 400 naming every failing field (once, with its
 * most telling reason and the value received; src/api/field-errors.ts), in
 * Chinese unless `language` is English.
 */
export function parseRedFlushRequest(body: unknown, language: Language = 'zh'): RedFlushInput {
  const { value, errors } = normalize(SCHEMA, body);
  const refused = errors.map(pointerOf);
  const validate = validator(SCHEMA);
  if (!validate(value)) errors.push(...fieldErrors(validate.errors).filter((error) => !refused.includes(pointerOf(error))));
  if (errors.length > 0) {
    const named = errors.map((error) => namedError(SCHEMA, error, value, body, refused));
    throw RedFlushRefusal.fields(
      onePerField(named, pointerOf).map((error) => ({
        field: error.field ?? '',
        label: error.label ?? '',
        message: language === 'en' ? error.message : (error.zh ?? error.message),
        ...(error.value === undefined ? {} : { value: error.value }),
      })),
      'validation_failed',
      '',
      language,
    );
  }
  return checked(value as Normalized, language);
}

function pointerOf(error: FieldError): string {
  return 'pointer' in error ? error.pointer : '';
}

/** The rules about the request alone, after the schema. */
function checked(body: Normalized, language: Language): RedFlushInput {
  const errors: RefusedField[] = [];
  const invoiceTypeCode = INVOICE_TYPE_NAMES[body.invoiceTypeCode] ?? body.invoiceTypeCode;
  const invoiceCode = body.invoiceCode ?? '';
  if (FULLY_DIGITAL.has(invoiceTypeCode) && invoiceCode !== '') {
    errors.push({ field: 'invoiceCode', label: labelAt('/invoiceCode'), message: '数电发票没有发票代码，请不传或传空' });
  }
  if (!FULLY_DIGITAL.has(invoiceTypeCode) && invoiceCode === '') {
    errors.push({ field: 'invoiceCode', label: labelAt('/invoiceCode'), message: '税控发票必填' });
  }
  const details = body.details?.map((row, index): AskedRow => {
    const at = (name: string) => ({ field: `details[${index}].${name}`, label: labelAt(`/details/${index}/${name}`) });
    if (!isMoney(row.amount)) errors.push({ ...at('amount'), message: `应大于 0，最多两位小数（如 "30.00"），不是 ${row.amount}` });
    if (row.quantity !== undefined && !new Big(row.quantity).gt(0))
      errors.push({ ...at('quantity'), message: `应大于 0，不是 ${row.quantity}` });
    else if (row.quantity !== undefined && !holdsIn(row.quantity, QUANTITY_DECIMALS)) {
      errors.push({
        ...at('quantity'),
        message:
          language === 'en'
            ? `must have at most ${QUANTITY_DECIMALS} decimals, not ${row.quantity}`
            : `最多 ${QUANTITY_DECIMALS} 位小数，不是 ${row.quantity}`,
      });
    }
    return { detailRowNo: String(row.detailRowNo), amount: row.amount, quantity: row.quantity };
  });
  details?.forEach((row, index) => {
    const first = details.findIndex((other) => other.detailRowNo === row.detailRowNo);
    if (first < index) {
      errors.push({
        field: `details[${index}].detailRowNo`,
        label: labelAt(`/details/${index}/detailRowNo`),
        message: `与 details[${first}] 重复`,
      });
    }
  });
  if (errors.length > 0) throw RedFlushRefusal.fields(errors, 'validation_failed', '', language);
  return {
    channelCode: body.channelCode,
    reason: body.reason,
    invoiceTypeName: body.invoiceTypeCode,
    invoiceTypeCode,
    invoiceSpecial: body.invoiceSpecial ?? null,
    sellerTaxNo: body.sellerTaxNo,
    invoiceCode,
    invoiceNumber: body.invoiceNumber,
    plx: body.plx ?? null,
    appid: body.appid ?? null,
    cpyType: text(body.cpyType),
    isSeller: text(body.isSeller),
    reqMemo: text(body.reqMemo),
    invoiceType: text(body.invoiceType),
    orderNo: body.orderNo ?? null,
    details: details ?? null,
  };
}

/** Whether a decimal string is exact with `decimals` decimals (`"1.500000000"` is; `"0.000000001"` is not with 8). */
function holdsIn(value: string, decimals: number): boolean {
  return new Big(value).round(decimals, Big.roundDown).eq(value);
}

/** Positive, at most two decimals (the schema has made it a decimal string). */
function isMoney(value: string): boolean {
  return /^\d+(\.\d{1,2})?$/.test(value) && new Big(value).gt(0);
}

function text(value: string | number | undefined): string | null {
  return value === undefined ? null : String(value);
}

/** The same request, whatever its spelling (the type's name or code included): the hash an Idempotency-Key is held to. */
export function requestHash(input: RedFlushInput): string {
  const { invoiceTypeName: _spelling, ...meaning } = input;
  return createHash('sha256').update(JSON.stringify(meaning)).digest('base64url');
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/** The `Idempotency-Key` header: 1–128 visible ASCII characters, or absent. */
export function parseIdempotencyKey(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) {
    throw RedFlushRefusal.fields([
      { field: 'Idempotency-Key', label: '幂等键', message: '应为 1–128 个可见 ASCII 字符（请求头只传一次）' },
    ]);
  }
  return value;
}

/** The Chinese name of the field at `pointer` (src/api/field-labels.ts). */
function labelAt(pointer: string): string {
  return fieldAt(SCHEMA, pointer).label;
}
