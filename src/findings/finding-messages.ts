/**
 * What a finding says, in Chinese, from its stable code and its figures
 * (the same figures the API returns beside it): `价税合计 107.00，但发票金额
 * 100.00 + 发票税额 6.07 = 106.07（差 0.93）`. Findings are stored with
 * their English message; the API answers the Chinese one unless the client
 * prefers English (`Accept-Language: en`), so findings stored before these
 * texts existed read in Chinese too. Fields are named as seed 001 names
 * them (src/api/field-labels.ts).
 */
import { fieldAt } from '../api/field-labels.ts';
import type { Finding, FindingCode } from './findings.ts';

type Figures = Readonly<Record<string, string>>;

/** A short Chinese name of each code: the CSV's summary, the console's list. */
export const FINDING_TITLES: Readonly<Record<FindingCode, string>> = {
  HEADER_SUM_MISMATCH: '发票金额 + 发票税额 ≠ 价税合计',
  DETAILS_AMOUNT_MISMATCH: '明细不含税金额合计 ≠ 发票金额',
  DETAILS_TAX_MISMATCH: '明细税额合计 ≠ 发票税额',
  ROW_TAX_ROUNDING: '明细行税额与“金额 × 税率”相差过大',
  INVOICE_TAX_ROUNDING: '整张发票税额与“金额 × 税率”相差过大',
  INVOICE_CODE_FORMAT: '发票代码格式不对',
  INVOICE_NUMBER_FORMAT: '发票号码格式不对',
  TAX_NO_FORMAT: '税号格式不对',
  USCC_CHECK_CHARACTER: '统一社会信用代码校验位不对',
  INVOICE_DATE_IMPLAUSIBLE: '日期不可能是发票的（秒而不是毫秒？）',
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

/** The field a finding points at, by its seed name (`/details/1/goodsVat` → 税额). */
function labelOf(pointer: string): string {
  return fieldAt('Invoice', pointer).label;
}

/** `第 2 行（行序号 2）` for a pointer into the detail rows. */
function rowOf(pointer: string, figures: Figures): string {
  const index = /^\/details\/(\d+)/.exec(pointer)?.[1];
  const row = index === undefined ? '' : `第 ${Number(index) + 1} 行`;
  return figures.detailRowNo === undefined ? row : `${row}（行序号 ${figures.detailRowNo}）`;
}

function orNone(value: string | undefined): string {
  return value === undefined || value === '' ? '（无）' : value;
}

type Render = (figures: Figures, pointer: string) => string;

const RENDER: Readonly<Record<FindingCode, Render>> = {
  HEADER_SUM_MISMATCH: (f) =>
    `价税合计 ${f.invoiceTotalPriceTax}，但发票金额 ${f.invoiceAmount} + 发票税额 ${f.invoiceTaxAmount} = ${f.expected}（差 ${f.difference}）`,
  DETAILS_AMOUNT_MISMATCH: (f) => `发票金额 ${f.invoiceAmount}，但明细不含税金额合计 ${f.detailsSum}（差 ${f.difference}）`,
  DETAILS_TAX_MISMATCH: (f) => `发票税额 ${f.invoiceTaxAmount}，但明细税额合计 ${f.detailsSum}（差 ${f.difference}）`,
  ROW_TAX_ROUNDING: (f, pointer) =>
    `${rowOf(pointer, f)}税额 ${f.goodsVat}，但不含税金额 ${f.goodsCost} × 税率 ${f.taxRate} = ${f.expected}，相差 ${f.difference}，超过允许的 ${f.tolerance}`,
  INVOICE_TAX_ROUNDING: (f) =>
    `明细税额合计 ${f.goodsVat}，但各行不含税金额 × 税率合计 ${f.expected}，相差 ${f.difference}，超过允许的 ${f.tolerance}`,
  INVOICE_CODE_FORMAT: (f) =>
    f.invoiceCode === ''
      ? `发票代码为空，只有数电发票（20 位发票号码）可以为空；发票号码是 "${f.invoiceNumber}"`
      : `发票代码 "${f.invoiceCode}" 不是 10 位或 12 位数字（数电发票应为空）`,
  INVOICE_NUMBER_FORMAT: (f) => `发票号码 "${f.invoiceNumber}" 不是 8 位或 20 位数字`,
  TAX_NO_FORMAT: (f, pointer) => `${labelOf(pointer)} "${f.taxNo}" 不是 15、17、18 或 20 位大写字母或数字`,
  USCC_CHECK_CHARACTER: (f, pointer) =>
    f.expected === ''
      ? `${labelOf(pointer)} "${f.taxNo}"：统一社会信用代码（GB 32100-2015）在校验位前不能含 I、O、S、V、Z`
      : `${labelOf(pointer)} "${f.taxNo}"：统一社会信用代码（GB 32100-2015）的校验位应为 ${f.expected}，不是 ${f.checkCharacter}`,
  INVOICE_DATE_IMPLAUSIBLE: (f, pointer) => `${labelOf(pointer)} ${f.value} 即北京时间 ${f.date}，${dateCause(f)}`,
  DISCOUNT_ROW_MISSING: (f, pointer) => `${rowOf(pointer, f)}是被折扣行（2），但下一行不是它的折扣行（1）`,
  DISCOUNT_ROW_NOT_NEGATIVE: (f, pointer) => `${rowOf(pointer, f)}是折扣行，不含税金额应为负数，不是 ${f.goodsCost}`,
  DISCOUNT_ROW_ORPHAN: (f, pointer) => `${rowOf(pointer, f)}是折扣行（1），但上一行不是被折扣行（2）`,
  DISCOUNT_ROW_TAX_RATE: (f, pointer) =>
    `${rowOf(pointer, f)}折扣行税率 ${orNone(f.taxRate)}，与被折扣行税率 ${orNone(f.discountedTaxRate)} 不同`,
  DISCOUNT_ROW_TOO_LARGE: (f, pointer) => `${rowOf(pointer, f)}折扣金额 ${f.goodsCost} 大于被折扣行不含税金额 ${f.discountedGoodsCost}`,
  RED_ROW_TYPE: (f, pointer) => `${rowOf(pointer, f)}发票行性质是 ${f.invRowType}：红字发票只能有正常行（0）`,
  RED_ORIGINAL_MISSING: () => '红字发票没有填原发票号码，关联不到被红冲的蓝字发票',
  RED_EXCEEDS_REMAINING: (f) =>
    `红冲 ${f.redTotal}，但蓝字发票 ${f.blueInvoiceCode}/${f.blueInvoiceNumber} 只剩 ${f.remaining} 可红冲（价税合计 ${f.blueTotal}，此前已红冲 ${f.flushedBefore}）`,
  RED_BUYER_MISMATCH: (f, pointer) => `${labelOf(pointer)} "${f.red}" 与蓝字发票的 "${f.blue}" 不一致`,
  RED_SELLER_MISMATCH: (f, pointer) => `${labelOf(pointer)} "${f.red}" 与蓝字发票的 "${f.blue}" 不一致`,
  RED_BLUE_VOIDED: (f) => `原蓝字发票 ${f.blueInvoiceCode}/${f.blueInvoiceNumber} 已作废`,
};

/** Why an invoice date cannot be right, and its likely cause. */
function dateCause(f: Figures): string {
  switch (f.cause) {
    case 'seconds':
      return `早于 1994 年，不可能是发票日期：是秒而不是毫秒吗？（按毫秒应为 ${f.asMilliseconds}，即 ${f.asDate}）`;
    case 'future':
      return `比收到推送时（${f.receivedAt}）晚一天以上，不可能是发票日期`;
    default:
      return '早于 1994 年，不可能是发票日期';
  }
}

/** The Chinese message of a finding, from its code and figures. */
export function chineseFindingMessage(finding: Pick<Finding, 'code' | 'pointer' | 'figures'>): string {
  return RENDER[finding.code](finding.figures as Figures, finding.pointer);
}

/** A finding as the API answers it in a language: the message Chinese unless English is asked for. */
export function findingIn<F extends Pick<Finding, 'code' | 'pointer' | 'figures' | 'message'>>(finding: F, language: 'zh' | 'en'): F {
  return language === 'en' ? finding : { ...finding, message: chineseFindingMessage(finding) };
}
