/**
 * The CSV exports for finance: one row per invoice (`export.csv`), or one
 * row per detail row with its invoice's identity (`export-details.csv`),
 * made from the API records (so a value reads the same in JSON and in the
 * file), with Chinese headers. The columns are listed in openapi.yaml
 * (exportInvoices, exportInvoiceDetails).
 *
 * What the files do that the API does not, so that a file opened by
 * double-click in Excel (or WPS) is right:
 *
 * - **Words, not codes**: 发票类型, 开票状态, 红冲状态, 是否有发票原件,
 *   清单标志, 发票行性质 in Chinese (src/invoice-labels.ts); 发票类型代码
 *   keeps the code, with 发票种类 beside it.
 * - **One sign for red invoices**: every amount and quantity of a red
 *   invoice (`invoiceType` 1) is written negative, whatever sign the
 *   channel sent (channels send both), so that a SUM over the file is
 *   right; unit prices and rates are written positive. Blue invoices are
 *   written as stored (a discount row is negative). The API keeps the
 *   values as received.
 * - **Codes stay text**: a text cell that Excel would read as a number or
 *   a date (all digits, as codes, invoice numbers, tax numbers and bank
 *   accounts often are; `1-2`) is written as the formula `="01100210"`, which
 *   Excel and WPS show as the text itself: leading zeros stay, a 20-digit
 *   数电 number is not rounded to 15 digits or shown as 2.41E+19. A leading
 *   tab would do it too in some versions, but it stays in the cell and
 *   breaks lookups and copies. `excel=false` writes the codes as they are,
 *   for programs.
 * - **No formulas from data**: any other text cell starting with `=`, `+`,
 *   `-`, `@`, tab or carriage return gets a leading `'`.
 * - **Findings**: 校验结果 lists each finding code with its Chinese name.
 */
import { type Stringifier, stringify } from 'csv-stringify';
import { FINDING_TITLES } from '../findings/finding-messages.ts';
import type { FindingCode } from '../findings/findings.ts';
import { BEIJING_OFFSET_MS, INVOICE_TYPE } from '../invoice-codes.ts';
import {
  INVOICE_TYPE_CODE_LABELS,
  INVOICE_TYPE_LABELS,
  INVOICING_STATUS_LABELS,
  LIST_MARK_LABELS,
  labelOf,
  ORIGINALS_LABELS,
  RED_FLUSH_STATUS_LABELS,
  ROW_TYPE_LABELS,
} from '../invoice-labels.ts';
import type { InvoiceDetailRecord, InvoiceRecord } from './invoice-record.ts';

/**
 * How a cell is written: text; an amount or a quantity (negative on a red
 * invoice); a unit price or a rate (positive on a red invoice); an integer;
 * a time (Beijing); JSON; a code's label; the findings.
 */
type Kind =
  | { readonly kind: 'text' | 'amount' | 'price' | 'decimal' | 'integer' | 'time' | 'json' | 'findings' }
  | { readonly kind: 'label'; readonly labels: Readonly<Record<string | number, string>> };

/** A CSV column: its Chinese header, and how its cell is made from a row. */
export interface CsvColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => unknown;
  readonly kind: Kind;
}

/** What a row of a file is made from: the invoice, and for the details file one of its rows. */
export interface DetailLine {
  readonly invoice: InvoiceRecord;
  /** 1-based position of the row in the invoice. */
  readonly line: number;
  readonly detail: InvoiceDetailRecord;
}

const text: Kind = { kind: 'text' };
const amount: Kind = { kind: 'amount' };
const price: Kind = { kind: 'price' };
const label = (labels: Readonly<Record<string | number, string>>): Kind => ({ kind: 'label', labels });

function invoiceColumn(
  key: keyof InvoiceRecord,
  header: string,
  kind: Kind = text,
): CsvColumn<InvoiceRecord> & { key: keyof InvoiceRecord } {
  return { key, header, kind, value: (record) => record[key] };
}

/** The invoice's identity and the fields finance sorts by, first in both files. */
const IDENTITY: readonly (CsvColumn<InvoiceRecord> & { key: keyof InvoiceRecord })[] = [
  invoiceColumn('id', 'ID'),
  invoiceColumn('invoiceCode', '发票代码'),
  invoiceColumn('invoiceNumber', '发票号码'),
  invoiceColumn('invoiceDate', '发票日期', { kind: 'time' }),
  invoiceColumn('invoiceType', '发票类型', label(INVOICE_TYPE_LABELS)),
  invoiceColumn('invoiceTypeCode', '发票类型代码'),
  { key: 'invoiceTypeCode', header: '发票种类', kind: label(INVOICE_TYPE_CODE_LABELS), value: (record) => record.invoiceTypeCode },
  invoiceColumn('invoicingStatus', '开票状态', label(INVOICING_STATUS_LABELS)),
  invoiceColumn('redFlushStatus', '红冲状态', label(RED_FLUSH_STATUS_LABELS)),
  invoiceColumn('sellerTaxNo', '销方税号'),
  invoiceColumn('sellerName', '销方名称'),
  invoiceColumn('buyerTaxNo', '购方单位税号'),
  invoiceColumn('buyerName', '购方单位名称'),
];

/** `export.csv`: one row per invoice. */
export const CSV_COLUMNS: readonly (CsvColumn<InvoiceRecord> & { key: keyof InvoiceRecord })[] = [
  ...IDENTITY,
  invoiceColumn('invoiceAmount', '发票金额', amount),
  invoiceColumn('invoiceTaxRate', '发票税率', price),
  invoiceColumn('invoiceTaxAmount', '发票税额', amount),
  invoiceColumn('invoiceTotalPriceTax', '价税合计', amount),
  invoiceColumn('findingCodes', '校验结果', { kind: 'findings' }),
  invoiceColumn('channelCode', '渠道编码'),
  invoiceColumn('serialNo', '批次号'),
  invoiceColumn('orderNo', '来源单号'),
  invoiceColumn('originalInvoiceCode', '原发票代码'),
  invoiceColumn('originalInvoiceNumber', '原发票号码'),
  invoiceColumn('originalSerialNo', '原流水号'),
  invoiceColumn('originalInvoicingStatus', '原发票的红冲状态'),
  invoiceColumn('invoicingDate', '开票日期', { kind: 'time' }),
  invoiceColumn('payee', '收款人'),
  invoiceColumn('checker', '复核人'),
  invoiceColumn('drawer', '开票人'),
  invoiceColumn('checkCode', '校验码'),
  invoiceColumn('invoiceSpecialMark', '特殊票种'),
  invoiceColumn('invoiceListMark', '清单标志', label(LIST_MARK_LABELS)),
  invoiceColumn('invoicingRemark', '开票说明'),
  invoiceColumn('buyerBankAccount', '购方开户行及账号'),
  invoiceColumn('buyerAddressPhone', '购方地址及电话'),
  invoiceColumn('buyerBankName', '购买方开户行'),
  invoiceColumn('buyerBankNumber', '购买方银行账号'),
  invoiceColumn('buyerAddress', '购买方地址'),
  invoiceColumn('buyerTelPhone', '购买方联系电话'),
  invoiceColumn('sellerAddressPhone', '销方地址电话'),
  invoiceColumn('sellerBankAccount', '销方银行账号'),
  invoiceColumn('sellerBankName', '销售方开户行'),
  invoiceColumn('sellerBankNumber', '销售方银行账号'),
  invoiceColumn('sellerAddress', '销售方地址'),
  invoiceColumn('sellerTelPhone', '销售方联系电话'),
  invoiceColumn('systemName', '第三方系统名称', { kind: 'integer' }),
  invoiceColumn('systemId', '第三方系统id'),
  invoiceColumn('originals', '是否有发票原件', label(ORIGINALS_LABELS)),
  invoiceColumn('originalsUrl', '原件地址'),
  invoiceColumn('previewUrl', '发票预览地址'),
  invoiceColumn('ext', '扩展字段', { kind: 'json' }),
  invoiceColumn('createdAt', '入库时间', { kind: 'time' }),
  invoiceColumn('updatedAt', '更新时间', { kind: 'time' }),
  invoiceColumn('voidedAt', '作废时间', { kind: 'time' }),
];

function detailColumn(key: keyof InvoiceDetailRecord, header: string, kind: Kind = text): CsvColumn<DetailLine> {
  return { header, kind, value: (line) => line.detail[key] };
}

/** `export-details.csv`: one row per detail row, after its invoice's identity. */
export const DETAIL_CSV_COLUMNS: readonly CsvColumn<DetailLine>[] = [
  ...IDENTITY.map((column): CsvColumn<DetailLine> => ({ ...column, value: (line) => column.value(line.invoice) })),
  { header: '渠道编码', kind: text, value: (line) => line.invoice.channelCode },
  { header: '行号', kind: { kind: 'integer' }, value: (line) => line.line },
  detailColumn('detailRowNo', '行序号'),
  detailColumn('billNumber', '唯一标识'),
  detailColumn('invRowType', '发票行性质', label(ROW_TYPE_LABELS)),
  detailColumn('goodsName', '商品名称'),
  detailColumn('goodsSpecification', '规格型号'),
  detailColumn('goodsUnit', '单位'),
  detailColumn('goodsNum', '商品数量', amount),
  detailColumn('goodsPrice', '不含税单价', price),
  detailColumn('goodsPriceWithTax', '含税单价', price),
  detailColumn('goodsCost', '不含税金额', amount),
  detailColumn('taxRate', '税率', price),
  detailColumn('goodsVat', '税额', amount),
  detailColumn('goodsSum', '含税金额', amount),
  detailColumn('taxTaxonomyCode', '税收分类编码'),
  detailColumn('preferPolicyName', '优惠政策名称'),
  detailColumn('preferPolicySign', '优惠政策标识'),
  detailColumn('zeroTaxSign', '零税率标识'),
];

/** How the file is written for: Excel opened by double-click (codes kept as text), or programs (values as they are). */
export interface CsvOptions {
  readonly excel: boolean;
}

/** A cell a spreadsheet would take for a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A cell Excel would turn into a number or a date when it opens the file: digits with at most signs, points, separators, e. */
const NUMBER_LIKE = /^(?=.*\d)[\d\s.,:/%+\-eE]+$/;
const ZERO = /^-?0*(\.0*)?$/;

/** `2026-10-01 16:30:00`, Beijing time: Excel reads it as a date and time. */
function beijingTime(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The decimal with the sign the file's convention gives it: negative, positive, or as stored. */
function signed(value: string, sign: 'negative' | 'positive' | 'stored'): string {
  if (sign === 'stored' || ZERO.test(value)) return value;
  const absolute = value.startsWith('-') ? value.slice(1) : value;
  return sign === 'negative' ? `-${absolute}` : absolute;
}

function findings(codes: readonly string[]): string {
  return codes.map((code) => `${code} ${FINDING_TITLES[code as FindingCode] ?? ''}`.trim()).join('；');
}

function cell(kind: Kind, value: unknown, red: boolean, options: CsvOptions): string {
  if (value === null || value === undefined) return '';
  switch (kind.kind) {
    case 'time':
      return beijingTime(value as number);
    case 'json':
      return asText(JSON.stringify(value), options);
    case 'text':
      return asText(String(value), options);
    case 'label':
      return labelOf(kind.labels, value as string | number);
    case 'findings':
      return findings(value as string[]);
    case 'amount':
      return signed(String(value), red ? 'negative' : 'stored');
    case 'price':
      return signed(String(value), red ? 'positive' : 'stored');
    default:
      return String(value);
  }
}

/** Text as Excel will show it: number-like text as `="…"` (for Excel), formula-like text behind a `'`. */
function asText(value: string, options: CsvOptions): string {
  if (options.excel && NUMBER_LIKE.test(value)) return `="${value}"`;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A CSV stringifier for rows of these columns: UTF-8 with BOM, CRLF, the header row first. */
export function csvStringifier<Row>(columns: readonly CsvColumn<Row>[]): Stringifier {
  return stringify({
    bom: true,
    header: true,
    record_delimiter: 'windows',
    columns: columns.map((column, index) => ({ key: String(index), header: column.header })),
  });
}

/** A row's cells for these columns (an array, in column order). */
export function csvCells<Row>(columns: readonly CsvColumn<Row>[], row: Row, invoice: InvoiceRecord, options: CsvOptions): string[] {
  const red = invoice.invoiceType === INVOICE_TYPE.RED;
  return columns.map((column) => cell(column.kind, column.value(row), red, options));
}
