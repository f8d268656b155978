/**
 * The CSV export's columns: one row per invoice, made from the API record
 * (so a value reads the same in JSON and in the file), with Chinese
 * headers. The columns are listed in openapi.yaml (exportInvoices).
 */
import { type Stringifier, stringify } from 'csv-stringify';
import { BEIJING_OFFSET_MS } from '../invoice-codes.ts';
import type { InvoiceRecord } from './invoice-record.ts';

type Kind = 'text' | 'decimal' | 'integer' | 'time' | 'json';

interface Column {
  readonly key: keyof InvoiceRecord;
  readonly header: string;
  readonly kind: Kind;
}

const column = (key: keyof InvoiceRecord, header: string, kind: Kind = 'text'): Column => ({ key, header, kind });

export const CSV_COLUMNS: readonly Column[] = [
  column('id', 'ID'),
  column('invoiceCode', '发票代码'),
  column('invoiceNumber', '发票号码'),
  column('invoiceDate', '发票日期', 'time'),
  column('invoiceType', '发票类型(0蓝票/1红票)', 'integer'),
  column('invoiceTypeCode', '发票类型代码'),
  column('invoicingStatus', '开票状态(00正常/03作废)'),
  column('redFlushStatus', '红冲状态'),
  column('sellerTaxNo', '销方税号'),
  column('sellerName', '销方名称'),
  column('buyerTaxNo', '购方单位税号'),
  column('buyerName', '购方单位名称'),
  column('invoiceAmount', '发票金额', 'decimal'),
  column('invoiceTaxRate', '发票税率', 'decimal'),
  column('invoiceTaxAmount', '发票税额', 'decimal'),
  column('invoiceTotalPriceTax', '价税合计', 'decimal'),
  column('channelCode', '渠道编码'),
  column('serialNo', '批次号'),
  column('orderNo', '来源单号'),
  column('originalInvoiceCode', '原发票代码'),
  column('originalInvoiceNumber', '原发票号码'),
  column('originalSerialNo', '原流水号'),
  column('originalInvoicingStatus', '原发票的红冲状态'),
  column('invoicingDate', '开票日期', 'time'),
  column('payee', '收款人'),
  column('checker', '复核人'),
  column('drawer', '开票人'),
  column('checkCode', '校验码'),
  column('invoiceSpecialMark', '特殊票种'),
  column('invoiceListMark', '清单标志'),
  column('invoicingRemark', '开票说明'),
  column('buyerBankAccount', '购方开户行及账号'),
  column('buyerAddressPhone', '购方地址及电话'),
  column('buyerBankName', '购买方开户行'),
  column('buyerBankNumber', '购买方银行账号'),
  column('buyerAddress', '购买方地址'),
  column('buyerTelPhone', '购买方联系电话'),
  column('sellerAddressPhone', '销方地址电话'),
  column('sellerBankAccount', '销方银行账号'),
  column('sellerBankName', '销售方开户行'),
  column('sellerBankNumber', '销售方银行账号'),
  column('sellerAddress', '销售方地址'),
  column('sellerTelPhone', '销售方联系电话'),
  column('systemName', '第三方系统名称', 'integer'),
  column('systemId', '第三方系统id'),
  column('originals', '是否有发票原件(0否/1是)', 'integer'),
  column('originalsUrl', '原件地址'),
  column('previewUrl', '发票预览地址'),
  column('ext', '扩展字段', 'json'),
  column('createdAt', '入库时间', 'time'),
  column('updatedAt', '更新时间', 'time'),
  column('voidedAt', '作废时间', 'time'),
];

/** A cell a spreadsheet would take for a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** `2026-10-01 16:30:00`, Beijing time: Excel reads it as a date and time. */
function beijingTime(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function cell(kind: Kind, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'time':
      return beijingTime(value as number);
    case 'json':
      return neutralised(JSON.stringify(value));
    case 'text':
      return neutralised(String(value));
    default:
      return String(value);
  }
}

function neutralised(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A CSV stringifier for invoice records: UTF-8 with BOM, CRLF, the header row first. */
export function csvStringifier(): Stringifier {
  return stringify({
    bom: true,
    header: true,
    record_delimiter: 'windows',
    columns: CSV_COLUMNS.map((col) => ({ key: col.key, header: col.header })),
  });
}

/** The record as the CSV row's cells. */
export function csvRow(record: InvoiceRecord): Record<string, string> {
  const row: Record<string, string> = {};
  for (const col of CSV_COLUMNS) row[col.key] = cell(col.kind, record[col.key]);
  return row;
}
