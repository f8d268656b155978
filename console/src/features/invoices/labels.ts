/**
 * The API's codes as finance calls them. Every coded value the invoice
 * pages show goes through this table.
 */
import type { FindingCode } from '../../lib/schemas.ts';

export const INVOICE_TYPE_CODES: Readonly<Record<string, string>> = {
  '004': '增值税专用发票',
  '007': '增值税普通发票',
  '026': '增值税电子普通发票',
  '028': '增值税电子专用发票',
  '01': '电子发票（增值税专用发票）',
  '02': '电子发票（普通发票）',
};

/** The kinds of invoice as a filter's options: 名称（代码）. */
export const TYPE_CODE_OPTIONS = Object.entries(INVOICE_TYPE_CODES).map(([value, text]) => ({ value, label: `${text}（${value}）` }));

/** As finance says them in a list (the detail page names the type in full). */
export const INVOICE_TYPE_SHORT: Readonly<Record<string, string>> = {
  '004': '专票',
  '007': '普票',
  '026': '电子普票',
  '028': '电子专票',
  '01': '数电专票',
  '02': '数电普票',
};

export const INVOICE_TYPES: Readonly<Record<number, string>> = { 0: '蓝字发票', 1: '红字发票' };

export const INVOICING_STATUSES: Readonly<Record<string, string>> = { '00': '正常', '03': '作废' };

export const RED_FLUSH_STATUSES: Readonly<Record<string, { label: string; color: string }>> = {
  none: { label: '未红冲', color: 'default' },
  partial: { label: '部分红冲', color: 'orange' },
  full: { label: '全额红冲', color: 'red' },
  voided: { label: '已作废', color: 'default' },
  linked: { label: '已关联蓝票', color: 'green' },
  unlinked: { label: '未关联蓝票', color: 'warning' },
};

export const HISTORY_CHANGES: Readonly<Record<string, string>> = {
  created: '首次接收',
  updated: '内容更新',
  voided: '作废',
  unchanged: '重复推送（无变化）',
  ignored: '已忽略（作废后不可恢复）',
};

export const DETAIL_ROW_TYPES: Readonly<Record<number, string>> = { 0: '正常行', 1: '折扣行', 2: '被折扣行' };

export const SEVERITIES: Readonly<Record<string, { label: string; color: string }>> = {
  error: { label: '错误', color: 'red' },
  warning: { label: '警告', color: 'orange' },
};

export const FINDINGS: Readonly<Record<FindingCode, string>> = {
  HEADER_SUM_MISMATCH: '发票金额 + 发票税额 ≠ 价税合计',
  DETAILS_AMOUNT_MISMATCH: '明细金额合计 ≠ 发票金额',
  DETAILS_TAX_MISMATCH: '明细税额合计 ≠ 发票税额',
  ROW_TAX_ROUNDING: '明细行税额与“金额 × 税率”相差超过 0.06 元',
  INVOICE_TAX_ROUNDING: '整张发票税额与“金额 × 税率”相差超过 1.27 元',
  INVOICE_CODE_FORMAT: '发票代码格式不对（应为 10 或 12 位数字，数电发票为空）',
  INVOICE_NUMBER_FORMAT: '发票号码格式不对（应为 8 位或 20 位数字）',
  TAX_NO_FORMAT: '纳税人识别号格式不对（应为 15、17、18 或 20 位大写字母或数字）',
  USCC_CHECK_CHARACTER: '统一社会信用代码的校验位不对',
  INVOICE_DATE_IMPLAUSIBLE: '发票日期或开票日期不可能（早于 1994 年或晚于收到时一天以上；秒而不是毫秒？）',
  DISCOUNT_ROW_ORPHAN: '折扣行前面没有被折扣行',
  DISCOUNT_ROW_MISSING: '被折扣行后面缺少折扣行',
  DISCOUNT_ROW_TAX_RATE: '折扣行税率与被折扣行不同',
  DISCOUNT_ROW_NOT_NEGATIVE: '折扣行金额不是负数',
  DISCOUNT_ROW_TOO_LARGE: '折扣金额大于被折扣行金额',
  RED_ROW_TYPE: '红字发票含折扣行或被折扣行',
  RED_ORIGINAL_MISSING: '红字发票未注明原蓝字发票',
  RED_EXCEEDS_REMAINING: '红字金额超过原蓝票剩余可红冲金额',
  RED_BUYER_MISMATCH: '红字发票购方与原蓝票不一致',
  RED_SELLER_MISMATCH: '红字发票销方税号与原蓝票不一致',
  RED_BLUE_VOIDED: '原蓝字发票已作废',
};

/** Findings that only warn (the others break a rule of the tax system); as `Finding.severity` says on the invoice page. */
export const WARNING_FINDINGS: ReadonlySet<string> = new Set(['USCC_CHECK_CHARACTER', 'RED_ORIGINAL_MISSING']);

/** Names of the figures findings carry, in the order they are shown. */
export const FIGURES: Readonly<Record<string, string>> = {
  invoiceCode: '发票代码',
  invoiceNumber: '发票号码',
  taxNo: '纳税人识别号',
  checkCharacter: '校验位',
  detailRowNo: '明细行号',
  invRowType: '行性质',
  invoiceAmount: '发票金额',
  invoiceTaxAmount: '发票税额',
  invoiceTotalPriceTax: '价税合计',
  goodsCost: '金额',
  discountedGoodsCost: '被折扣行金额',
  goodsVat: '税额',
  vat: '税额',
  detailsSum: '明细合计',
  taxRate: '税率',
  discountedTaxRate: '被折扣行税率',
  blueInvoiceCode: '原蓝票代码',
  blueInvoiceNumber: '原蓝票号码',
  blueTotal: '蓝票价税合计',
  flushedBefore: '此前已红冲',
  remaining: '剩余可红冲',
  redTotal: '本红票金额',
  red: '红票',
  blue: '蓝票',
  expected: '应为',
  difference: '差额',
  tolerance: '允许误差',
  value: '收到的值',
  date: '即（北京时间）',
  cause: '可能的原因',
  asMilliseconds: '按毫秒应为',
  asDate: '即',
  receivedAt: '收到时间',
};

/** The invoice's and its rows' fields a finding can point at. */
const FIELDS: Readonly<Record<string, string>> = {
  invoiceTotalPriceTax: '价税合计',
  invoiceAmount: '发票金额',
  invoiceTaxAmount: '发票税额',
  invoiceCode: '发票代码',
  invoiceNumber: '发票号码',
  sellerTaxNo: '销方税号',
  buyerTaxNo: '购方税号',
  buyerName: '购方名称',
  originalInvoiceCode: '原发票代码',
  originalInvoiceNumber: '原发票号码',
  details: '明细',
  goodsCost: '金额',
  goodsVat: '税额',
  taxRate: '税率',
  invRowType: '行性质',
  invoiceDate: '发票日期',
  invoicingDate: '开票日期',
};

/** `/details/1/goodsVat` → "第 2 行明细 · 税额"; `/invoiceTotalPriceTax` → "价税合计". */
export function pointerLabel(pointer: string): string {
  const parts = pointer.split('/').slice(1);
  if (parts.length === 0) return '整张发票';
  if (parts[0] === 'details' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    const row = `第 ${Number(parts[1]) + 1} 行明细`;
    return parts[2] === undefined ? row : `${row} · ${FIELDS[parts[2]] ?? parts[2]}`;
  }
  return parts.map((part) => FIELDS[part] ?? part).join(' · ');
}

export function label(table: Readonly<Record<string | number, string>>, code: string | number | null | undefined): string {
  if (code === null || code === undefined) return '—';
  return table[code] ?? String(code);
}
