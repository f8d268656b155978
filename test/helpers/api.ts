/**
 * Reading the query API in tests: GET with a token, check a body against
 * its schema in openapi.yaml, and the record an invoice should read back as.
 */
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { type SchemaName, validator } from '../../src/api/spec.ts';
import { invoiceFindings } from '../../src/findings/findings.ts';
import type { TestApp, TestToken } from './app.ts';
import type { Invoice, Json } from './builders.ts';

/** GET with the token in the `accessToken` header. */
export function get(app: TestApp, path: string, token: TestToken): supertest.Test {
  return app.http().get(path).set('accessToken', token.accessToken);
}

/** The body is valid against the named schema of openapi.yaml. */
export function assertValid(name: SchemaName, body: unknown): void {
  const validate = validator(name);
  assert.ok(validate(body), `not a valid ${name}: ${JSON.stringify(validate.errors, null, 1)}\n${JSON.stringify(body)}`);
}

/** A 200 with a valid body of `schema`; returns its `value`. */
export async function okValue<T = Json>(request: supertest.Test, schema: SchemaName): Promise<T> {
  const response = await request;
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assertValid(schema, response.body);
  return response.body.value as T;
}

/** A problem document with this status and code, valid against `Problem`; returns it. */
export async function problem(request: supertest.Test, status: number, code: string): Promise<Json> {
  const response = await request;
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  assertValid('Problem', response.body);
  assert.equal(response.body.code, code);
  return response.body as Json;
}

/** The fields of `Invoice` (but `details`), in the order of the schema. */
const INVOICE_FIELD_NAMES = [
  'invoiceType',
  'invoiceTypeCode',
  'buyerName',
  'buyerTaxNo',
  'buyerBankAccount',
  'buyerAddressPhone',
  'invoiceTotalPriceTax',
  'payee',
  'checker',
  'drawer',
  'sellerName',
  'sellerTaxNo',
  'sellerAddressPhone',
  'sellerBankAccount',
  'invoiceSpecialMark',
  'invoiceListMark',
  'systemName',
  'systemId',
  'orderNo',
  'invoicingRemark',
  'sellerBankName',
  'sellerBankNumber',
  'sellerAddress',
  'sellerTelPhone',
  'buyerBankName',
  'buyerBankNumber',
  'buyerAddress',
  'buyerTelPhone',
  'originals',
  'originalsUrl',
  'previewUrl',
  'invoicingDate',
  'invoicingStatus',
  'originalInvoiceNumber',
  'originalInvoiceCode',
  'originalSerialNo',
  'originalInvoicingStatus',
  'invoiceCode',
  'invoiceNumber',
  'invoiceDate',
  'invoiceAmount',
  'invoiceTaxRate',
  'invoiceTaxAmount',
  'checkCode',
  'ext',
] as const;

export interface StoredMeta {
  readonly channelCode: string;
  readonly serialNo: string | null;
  readonly redFlushStatus: string;
  readonly voided?: boolean;
  /** Default: the codes the checks find in the pushed invoice (red-flush findings need saying). */
  readonly findingCodes?: readonly string[];
}

/** The codes of the findings the checks make of an invoice as pushed, each once, sorted. */
export function findingCodesOf(pushed: Invoice): string[] {
  return [...new Set(invoiceFindings(pushed).map((finding) => finding.code))].sort();
}

/**
 * What a pushed invoice reads back as: every field as pushed (null when
 * absent), dates also in ISO 8601, and the stored facts. Ids and the
 * storage times come from `actual` (they are checked to be coherent).
 */
export function expectedRecord(pushed: Invoice, meta: StoredMeta, actual: Json): Json {
  const record: Json = { id: actual.id };
  for (const name of INVOICE_FIELD_NAMES) {
    record[name] = pushed[name] ?? null;
    if (name === 'invoicingDate' || name === 'invoiceDate') {
      const value = pushed[name];
      record[`${name}Iso`] = value === undefined ? null : new Date(value).toISOString();
    }
  }
  assert.match(String(actual.id), /^[1-9]\d*$/);
  for (const name of ['createdAt', 'updatedAt', ...(meta.voided ? ['voidedAt'] : [])]) {
    assert.equal(typeof actual[name], 'number', name);
    assert.equal(actual[`${name}Iso`], new Date(actual[name] as number).toISOString(), `${name}Iso`);
  }
  return {
    ...record,
    channelCode: meta.channelCode,
    serialNo: meta.serialNo,
    redFlushStatus: meta.redFlushStatus,
    findingCodes: meta.findingCodes ?? findingCodesOf(pushed),
    voidedAt: meta.voided ? actual.voidedAt : null,
    voidedAtIso: meta.voided ? actual.voidedAtIso : null,
    createdAt: actual.createdAt,
    createdAtIso: actual.createdAtIso,
    updatedAt: actual.updatedAt,
    updatedAtIso: actual.updatedAtIso,
  };
}
