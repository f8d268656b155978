/**
 * Bodies for tests. The typed builders make valid bodies, with unique
 * invoice numbers, in the schema's own types (`Invoice`, `InvoiceDetail`,
 * `PushRequest` from openapi.yaml): override what a test is about, and the
 * compiler holds the override to the schema. The raw builders start from
 * the same valid body and take anything: for deliberately invalid bodies
 * and for the quirks channels send (decimals as JSON numbers, "" for
 * absent, renamed keys).
 */

import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Schemas } from '../../src/api/spec.ts';

/** The spec's own example body, byte for byte. */
export const PUSH_EXAMPLE = readFileSync(new URL('../fixtures/push-example.json', import.meta.url), 'utf8');

export type Invoice = Schemas['Invoice'];
export type InvoiceDetail = Schemas['InvoiceDetail'];
export type PushRequest = Schemas['PushRequest'];

/** Where this process's numbers start: random, so that two test files' numbers rarely meet. */
const FIRST = randomInt(0, 100_000_000);
let sequence = 0;

/**
 * A unique 8-digit invoice number: consecutive from a random start, so never the same twice within a
 * process (a random number per call was not: an export test of 2,345 invoices met a repeat about once in 25 runs).
 */
export function uniqueNumber(): string {
  sequence += 1;
  return String((FIRST + sequence) % 100_000_000).padStart(8, '0');
}

/** Any JSON object: what the raw builders make, and how tests read answers they do not type. */
export type Json = Record<string, unknown>;

export function buildDetail(overrides: Partial<InvoiceDetail> = {}): InvoiceDetail {
  return {
    billNumber: '1',
    detailRowNo: '1',
    goodsName: '*信息技术服务*软件开发服务',
    goodsNum: '2',
    goodsPrice: '50.00000000',
    goodsCost: '100.00',
    goodsVat: '6.00',
    taxRate: '0.06',
    goodsUnit: '次',
    ...overrides,
  };
}

export function buildInvoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    invoiceType: 0,
    invoiceTypeCode: '026',
    buyerName: '北京文化产业有限公司',
    buyerTaxNo: '91110105MA01G6XX1X',
    sellerName: '上海示例科技有限公司',
    sellerTaxNo: '91310000MA1FL0XX2Y',
    originals: 0,
    invoicingStatus: '00',
    invoiceCode: '011002100111',
    invoiceNumber: uniqueNumber(),
    invoiceDate: Date.UTC(2026, 9, 1, 8, 30),
    invoiceAmount: '100.00',
    invoiceTaxRate: '0.06',
    invoiceTaxAmount: '6.00',
    invoiceTotalPriceTax: '106.00',
    details: [buildDetail()],
    ...overrides,
  };
}

export function buildPush(overrides: Partial<PushRequest> = {}): PushRequest {
  return { channelCode: 'jcsk', serialNo: `SN-${uniqueNumber()}`, result: 0, data: [buildInvoice()], ...overrides };
}

/**
 * `Base` with `Overrides` laid over it: the fields a raw builder was given
 * have the types given, the others keep the schema's.
 */
export type Over<Base, Overrides> = Omit<Base, keyof Overrides> & Overrides;

type NoOverrides = Record<never, never>;

/** A detail row with any fields and values: a valid row's, then `overrides`. */
export function rawDetail<Overrides extends Json = NoOverrides>(overrides?: Overrides): Over<InvoiceDetail, Overrides> {
  return Object.assign(buildDetail(), overrides) as Over<InvoiceDetail, Overrides>;
}

/** An invoice with any fields and values: a valid invoice's, then `overrides`. */
export function rawInvoice<Overrides extends Json = NoOverrides>(overrides?: Overrides): Over<Invoice, Overrides> {
  return Object.assign(buildInvoice(), overrides) as Over<Invoice, Overrides>;
}

/** A push body with any fields and values: a valid push's, then `overrides`. */
export function rawPush<Overrides extends Json = NoOverrides>(overrides?: Overrides): Over<PushRequest, Overrides> {
  return Object.assign(buildPush(), overrides) as Over<PushRequest, Overrides>;
}
