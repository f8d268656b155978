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
import type { ErrorObject } from 'ajv/dist/2020.js';
import Big from 'big.js';
import { normalize } from '../api/normalize.ts';
import { resolve, type SchemaNode, schemas, validator } from '../api/spec.ts';
import type { FieldError } from '../errors.ts';
import { RedFlushRefusal, type RefusedField } from './request-refusal.ts';
import type { AskedRow } from './request-rows.ts';

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

/** The request checked, or a 400 naming every failing field in Chinese. */
export function parseRedFlushRequest(body: unknown): RedFlushInput {
  const { value, errors: normalizeErrors } = normalize(SCHEMA, body);
  const errors = normalizeErrors.map(fromNormalize);
  const validate = validator(SCHEMA);
  if (!validate(value)) {
    for (const error of validate.errors ?? []) {
      const translated = translate(error);
      if (translated) errors.push(translated);
    }
  }
  if (errors.length > 0) throw RedFlushRefusal.fields(firstPerField(errors));
  return checked(value as Normalized);
}

/** The rules about the request alone, after the schema. */
function checked(body: Normalized): RedFlushInput {
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
  if (errors.length > 0) throw RedFlushRefusal.fields(errors);
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

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: '字符串',
  integer: '整数',
  number: '数字',
  array: '数组',
  object: '对象',
  boolean: '布尔值',
};

/** ajv's error as the field it names and why, in Chinese; undefined for errors another one explains. */
function translate(error: ErrorObject): RefusedField | undefined {
  const params = error.params as Record<string, unknown>;
  const limit = Number(params.limit);
  let pointer = error.instancePath;
  let message: string;
  switch (error.keyword) {
    case 'if':
      return undefined;
    case 'required':
      pointer = `${pointer}/${String(params.missingProperty)}`;
      message = '必填';
      break;
    case 'type':
      message = `应为${String(params.type)
        .split(',')
        .map((type) => TYPE_NAMES[type] ?? type)
        .join('或')}`;
      break;
    case 'enum':
      message = `必须是 ${(params.allowedValues as unknown[]).map(String).join('、')} 之一`;
      break;
    case 'minLength':
      message = limit === 1 ? '不能为空' : `至少 ${limit} 个字符`;
      break;
    case 'maxLength':
      message = `不能超过 ${limit} 个字符`;
      break;
    case 'minItems':
      message = `至少 ${limit} 项`;
      break;
    case 'maxItems':
      message = `最多 ${limit} 项`;
      break;
    case 'pattern':
      message = '应为数字，如 "30.00"';
      break;
    case 'anyOf':
      message = '类型不对';
      break;
    default:
      message = error.message ?? '无效';
  }
  return { field: fieldAt(pointer), label: labelAt(pointer), message };
}

const NORMALIZE_MESSAGES: Readonly<Record<string, string>> = {
  nul: '不能含 NUL 字符（\\u0000）',
  surrogate: '不能含不成对的 UTF-16 代理字符',
  depth: '嵌套过深',
};

function fromNormalize(error: FieldError): RefusedField {
  const pointer = 'pointer' in error ? error.pointer : '';
  return { field: fieldAt(pointer), label: labelAt(pointer), message: NORMALIZE_MESSAGES[error.rule ?? ''] ?? error.message };
}

/** One reason per field: the first. */
function firstPerField(errors: readonly RefusedField[]): RefusedField[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (seen.has(error.field)) return false;
    seen.add(error.field);
    return true;
  });
}

/** `/details/0/amount` → `details[0].amount`; `` → `` (the body itself). */
function fieldAt(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`), '');
}

/** The Chinese name of the field at `pointer` (its `title` in openapi.yaml); `请求体` for the body itself. */
function labelAt(pointer: string): string {
  let node: SchemaNode | undefined = schemas[SCHEMA];
  let label = '请求体';
  for (const segment of pointer.split('/').slice(1)) {
    const schema: SchemaNode | undefined = node && resolve(node);
    const child: SchemaNode | undefined = /^\d+$/.test(segment) ? schema?.items : schema?.properties?.[segment];
    if (!child) return segment;
    label = typeof child.title === 'string' ? child.title : ((resolve(child).title as string | undefined) ?? segment);
    node = child;
  }
  return label;
}
