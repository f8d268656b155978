/**
 * Valid bodies with unique invoice numbers; override what a test is about.
 */

import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The spec's own example body, byte for byte. */
export const PUSH_EXAMPLE = readFileSync(new URL('../fixtures/push-example.json', import.meta.url), 'utf8');

let sequence = 0;

/** A unique 8-digit invoice number. */
export function uniqueNumber(): string {
  sequence += 1;
  return String((randomInt(0, 90_000) * 1000 + sequence) % 100_000_000).padStart(8, '0');
}

export type Json = Record<string, unknown>;

export function buildDetail(overrides: Json = {}): Json {
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

export function buildInvoice(overrides: Json = {}): Json {
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

export function buildPush(overrides: Json = {}): Json {
  return { channelCode: 'jcsk', serialNo: `SN-${uniqueNumber()}`, result: 0, data: [buildInvoice()], ...overrides };
}
