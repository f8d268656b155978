/**
 * The rows of a partial red flush (seed 003, Nuonuo's `detail` of
 * `saveInvoiceRedConfirm`): what the caller asks, each a blue row by its
 * `detailRowNo` with a tax-exclusive amount written positive, turned into
 * what the channel needs. Pure functions; exact decimal arithmetic
 * (big.js), never a float.
 *
 * - Rows come out in the blue invoice's row order, whatever the order asked.
 * - A discount row (`invRowType` 1) is not sent on its own: its discounted
 *   row (2, the row just before it) is reversed net of it (amount and tax of
 *   both added up).
 * - Quantity, amount and tax are negative, amount and tax with two
 *   decimals; the unit price (only with a quantity: amount ÷ quantity, to 8
 *   decimals) is positive.
 * - Tax is the amount × the row's rate (the invoice's rate when the row has
 *   none), rounded half up to the fen; reversing all that is left of a row
 *   takes all its tax that is left, so that rows reversed in full add up to
 *   the blue row exactly.
 * - A row cannot be reversed beyond what earlier partial flushes left of
 *   it: the rows of open requests, and of issued ones whose red invoice
 *   still counts (not voided: red-flush.sql.ts `rowsCountSql`).
 * - A row sent to the channel (a 红字确认单's `detail`: `rowsSent`) must
 *   carry its 税收分类编码 (seed 003: `goodsCode`, 商品编码, is required).
 */
import Big from 'big.js';
import type { RedFlushPath } from '../db/database.ts';
import type { BlueFigures } from './red-flush.sql.ts';
import { fieldMessage, RedFlushRefusal, type RefusedField } from './request-refusal.ts';

/** A detail row of the blue invoice as stored, with what earlier requests' rows reversed of it. */
export interface BlueRow {
  readonly rowIndex: number;
  readonly detailRowNo: string;
  readonly goodsName: string;
  readonly goodsCode: string | null;
  readonly specification: string | null;
  readonly unit: string | null;
  /** goodsCost: tax-exclusive amount (a discount row's is negative). */
  readonly amount: string;
  /** goodsVat. */
  readonly tax: string;
  readonly taxRate: string | null;
  /** invRowType: 0 normal, 1 discount, 2 discounted. */
  readonly rowType: number | null;
  /** Reversed by the rows of the requests naming this row that count (open, or issued while their red invoice counts: `rowsCountSql`), positive. */
  readonly reversedAmount: string;
  readonly reversedTax: string;
}

/** A row as the caller asks it. */
export interface AskedRow {
  readonly detailRowNo: string;
  /** Tax-exclusive, positive, at most 2 decimals (checked at the edge). */
  readonly amount: string;
  /** Positive; optional. */
  readonly quantity?: string | undefined;
}

/** A row of the red flush as the channel needs it. */
export interface RedRow {
  /** 0, 1, … in the blue invoice's row order. */
  readonly position: number;
  readonly blueRowIndex: number;
  readonly detailRowNo: string;
  readonly goodsName: string;
  readonly goodsCode: string | null;
  readonly specification: string | null;
  readonly unit: string | null;
  readonly taxRate: string;
  /** Negative, or null when not asked. */
  readonly quantity: string | null;
  /** Positive, or null without a quantity. */
  readonly unitPrice: string | null;
  /** Negative, 2 decimals. */
  readonly amount: string;
  /** Negative (or 0.00), 2 decimals. */
  readonly tax: string;
}

export interface RedRows {
  readonly rows: readonly RedRow[];
  /** Positive, 2 decimals: Σ amounts, Σ taxes, and both together. */
  readonly amount: string;
  readonly tax: string;
  readonly total: string;
}

const HALF_UP = 1;
const UNIT_PRICE_DECIMALS = 8;
/** The decimals a row's quantity is stored and sent with (request-input.ts refuses more). */
export const QUANTITY_DECIMALS = 8;
const DISCOUNT = 1;
const DISCOUNTED = 2;

/** Two decimals; zero without a sign. */
export function money(value: Big): string {
  return value.eq(0) ? '0.00' : value.toFixed(2);
}

/** Kingdee's figures of what is left, as a refusal says them: `价税合计 106.00，已红冲 0.00，待开中的红冲 90.10，剩余可红冲 15.90`. */
export function figuresSaid(figures: BlueFigures): string {
  const said = (value: string) => money(new Big(value));
  return `价税合计 ${said(figures.total)}，已红冲 ${said(figures.flushed)}，待开中的红冲 ${said(figures.held)}，剩余可红冲 ${said(figures.remaining)}`;
}

/** A decimal without trailing zeros after the point (and never in exponent form). */
function plain(value: Big, decimals: number): string {
  const text = value.round(decimals, HALF_UP).toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** A blue row that can be named, with its discount row folded in. */
interface Reversible {
  readonly row: BlueRow;
  /** What is left of the row (net of its discount) to reverse. */
  readonly leftAmount: Big;
  readonly leftTax: Big;
}

/**
 * Whether a request's rows go to the channel, in a 红字确认单's `detail`
 * (seed 003), where each must carry its 税收分类编码: on the 数电 path,
 * unless the request is for the whole invoice (a full red flush of an
 * invoice nothing was red-flushed or held of yet: sent without rows). A
 * partial red flush sends its rows; a full one of what is left sends the
 * rows of what is left (`leftRows`). Tax-control invoices never send rows
 * (`fastInvoiceRed` takes a whole invoice).
 */
export function rowsSent(path: RedFlushPath, wholeInvoice: boolean): boolean {
  return path === 'confirmation_form' && !wholeInvoice;
}

/** `第 4 行没有税收分类编码，无法红冲`, or undefined when the row has one. */
function withoutGoodsCode(row: BlueRow): string | undefined {
  return row.goodsCode === null || row.goodsCode.trim() === '' ? `第 ${row.detailRowNo} 行没有税收分类编码，无法红冲` : undefined;
}

/**
 * The red rows for the rows asked, or a refusal naming each asked row that
 * cannot be reversed (`details[i].…`). `number` is the invoice number (for
 * the message), `invoiceTaxRate` the invoice's rate (for rows without one);
 * `sent`: the rows go to the channel (`rowsSent`), so each needs its
 * 税收分类编码.
 */
export function redRows(
  number: string,
  blueRows: readonly BlueRow[],
  invoiceTaxRate: string | null,
  asked: readonly AskedRow[],
  sent: boolean,
): RedRows {
  const ordered = [...blueRows].sort((a, b) => a.rowIndex - b.rowIndex);
  const errors: RefusedField[] = [];
  const exceeded: RefusedField[] = [];
  const rows: (RedRow & { order: number })[] = [];
  asked.forEach((ask, index) => {
    const at = (name: string) => `details[${index}].${name}`;
    const matches = ordered.filter((row) => row.detailRowNo === ask.detailRowNo);
    const [blue] = matches;
    if (!blue) {
      errors.push({ field: at('detailRowNo'), label: '明细行序号', message: `发票没有序号为 ${ask.detailRowNo} 的明细行` });
      return;
    }
    if (matches.length > 1) {
      errors.push({
        field: at('detailRowNo'),
        label: '明细行序号',
        message: `发票有 ${matches.length} 行序号为 ${ask.detailRowNo}，无法确定红冲哪一行`,
      });
      return;
    }
    const position = ordered.indexOf(blue);
    if (blue.rowType === DISCOUNT) {
      const discounted = ordered[position - 1];
      errors.push({
        field: at('detailRowNo'),
        label: '明细行序号',
        message: `第 ${blue.detailRowNo} 行是折扣行，不单独红冲：请指定被折扣行${discounted ? `（序号 ${discounted.detailRowNo}）` : ''}，按折扣后的金额红冲`,
      });
      return;
    }
    const rateText = blue.taxRate ?? invoiceTaxRate;
    if (rateText === null) {
      errors.push({ field: at('detailRowNo'), label: '明细行序号', message: `第 ${blue.detailRowNo} 行没有税率，无法计算红冲税额` });
      return;
    }
    const noGoodsCode = sent ? withoutGoodsCode(blue) : undefined;
    if (noGoodsCode !== undefined) {
      errors.push({ field: at('detailRowNo'), label: '明细行序号', message: noGoodsCode });
      return;
    }
    const { leftAmount, leftTax } = reversible(blue, ordered[position + 1]);
    const amount = new Big(ask.amount);
    if (amount.gt(leftAmount)) {
      exceeded.push({
        field: at('amount'),
        label: '红冲金额',
        message: `第 ${blue.detailRowNo} 行剩余可红冲金额（不含税）${money(leftAmount)}，不足 ${money(amount)}`,
      });
      return;
    }
    const computedTax = amount.times(rateText).round(2, HALF_UP);
    const tax = amount.eq(leftAmount) ? leftTax : maxOf(new Big(0), minOf(computedTax, leftTax));
    const quantity = ask.quantity === undefined ? null : new Big(ask.quantity);
    rows.push({
      order: blue.rowIndex,
      position: 0,
      blueRowIndex: blue.rowIndex,
      detailRowNo: blue.detailRowNo,
      goodsName: blue.goodsName,
      goodsCode: blue.goodsCode,
      specification: blue.specification,
      unit: blue.unit,
      taxRate: rateText,
      quantity: quantity === null ? null : plain(quantity.neg(), QUANTITY_DECIMALS),
      unitPrice: quantity === null ? null : plain(amount.div(quantity), UNIT_PRICE_DECIMALS),
      amount: money(amount.neg()),
      tax: money(tax.neg()),
    });
  });
  if (errors.length > 0) throw RedFlushRefusal.fields(errors);
  if (exceeded.length > 0) {
    throw new RedFlushRefusal(
      400,
      'insufficient_remaining',
      `发票号码：${number} 剩余可红冲金额不足：${exceeded.map(fieldMessage).join('；')}`,
      {
        errors: exceeded,
      },
    );
  }
  const sorted = rows.sort((a, b) => a.order - b.order).map(({ order: _order, ...row }, position) => ({ ...row, position }));
  const amount = sorted.reduce((sum, row) => sum.minus(row.amount), new Big(0));
  const tax = sorted.reduce((sum, row) => sum.minus(row.tax), new Big(0));
  return { rows: sorted, amount: money(amount), tax: money(tax), total: money(amount.plus(tax)) };
}

/**
 * The red rows of all that is left of each blue row (`whatIsLeft`), which
 * a full red flush sends when it is not the whole invoice (`rowsSent`). The
 * caller named no rows, so a row that cannot be sent (no 税收分类编码, no
 * tax rate, …) is refused by its 序号 alone, under `details` (the rows the
 * caller would give for a partial red flush instead): `发票号码：… 全额红冲
 * 剩余部分须按明细行提交渠道…：第 1 行没有税收分类编码，无法红冲`. Decided when
 * the request is made, and again when its call is sent (the rows are
 * computed then).
 */
export function leftRows(number: string, blueRows: readonly BlueRow[], invoiceTaxRate: string | null): RedRows {
  try {
    return redRows(number, blueRows, invoiceTaxRate, whatIsLeft(blueRows), true);
  } catch (error) {
    if (!(error instanceof RedFlushRefusal)) throw error;
    const why = ((error.data.errors ?? []) as readonly RefusedField[]).map((refused) => refused.message).join('；');
    throw new RedFlushRefusal(
      400,
      'validation_failed',
      `发票号码：${number} 全额红冲剩余部分须按明细行提交渠道（发票已部分红冲，或有待开中的红冲）：${why}`,
      { errors: [{ field: 'details', label: '部分红冲明细', message: why }] },
    );
  }
}

/**
 * The rows of what is left (`leftRows`) for a full red flush holding
 * `total`: their sum must be it. It is not when part of the invoice was
 * red-flushed without rows known here (a red invoice made elsewhere, a
 * counterparty form the channel sent without rows): what is left of each
 * row cannot be known then, and the caller is told to name the rows.
 */
export function rowsOfRest(number: string, blueRows: readonly BlueRow[], invoiceTaxRate: string | null, total: string): RedRows {
  const red = leftRows(number, blueRows, invoiceTaxRate);
  if (new Big(red.total).eq(total)) return red;
  const why =
    `已有未按明细记录的红冲（在 fapiao-hub 之外开具的红字发票或红字确认单），无法按明细确定剩余部分：按明细剩余 ${red.total}，` +
    `本次全额红冲 ${total}；请按明细（details）申请部分红冲`;
  throw new RedFlushRefusal(400, 'validation_failed', `发票号码：${number} ${why}`, {
    errors: [{ field: 'details', label: '部分红冲明细', message: why }],
  });
}

/**
 * All that is left of each blue row, as rows to ask for (a full red flush
 * of an invoice partly red-flushed already: the channel then needs the
 * rows): every row that can be named (discount rows folded into their
 * discounted row) with what is left of it, in the blue invoice's order.
 */
export function whatIsLeft(blueRows: readonly BlueRow[]): AskedRow[] {
  const ordered = [...blueRows].sort((a, b) => a.rowIndex - b.rowIndex);
  return ordered.flatMap((row, position) => {
    if (row.rowType === DISCOUNT) return [];
    const { leftAmount } = reversible(row, ordered[position + 1]);
    return leftAmount.gt(0) ? [{ detailRowNo: row.detailRowNo, amount: money(leftAmount) }] : [];
  });
}

/** What is left of a blue row to reverse: net of its discount row (the next row, when it is one), less what earlier requests reversed. */
function reversible(row: BlueRow, next: BlueRow | undefined): Reversible {
  let amount = new Big(row.amount);
  let tax = new Big(row.tax);
  if (row.rowType === DISCOUNTED && next?.rowType === DISCOUNT) {
    amount = amount.plus(next.amount);
    tax = tax.plus(next.tax);
  }
  return { row, leftAmount: amount.minus(row.reversedAmount), leftTax: tax.minus(row.reversedTax) };
}

function minOf(a: Big, b: Big): Big {
  return a.lt(b) ? a : b;
}

function maxOf(a: Big, b: Big): Big {
  return a.gt(b) ? a : b;
}
