/**
 * The Chinese words for the coded values of an invoice, as finance says
 * them (the CSV exports write these instead of the codes; the API keeps the
 * codes). Seed 001's remarks give the push's values; 红冲状态 is
 * fapiao-hub's own.
 */

/** 发票类型 (`invoiceType`). */
export const INVOICE_TYPE_LABELS: Readonly<Record<number, string>> = { 0: '蓝字发票', 1: '红字发票' };

/** 发票类型代码 (`invoiceTypeCode`): seed 001's names. */
export const INVOICE_TYPE_CODE_LABELS: Readonly<Record<string, string>> = {
  '004': '增值税专用发票',
  '007': '增值税普通发票',
  '026': '增值税电子发票',
  '028': '增值税电子专用发票',
  '01': '全电发票（增值税专用发票）',
  '02': '全电发票（普通发票）',
};

/** 开票状态 (`invoicingStatus`). */
export const INVOICING_STATUS_LABELS: Readonly<Record<string, string>> = { '00': '正常', '03': '作废' };

/** 红冲状态 (`redFlushStatus`). */
export const RED_FLUSH_STATUS_LABELS: Readonly<Record<string, string>> = {
  none: '未红冲',
  partial: '部分红冲',
  full: '全额红冲',
  voided: '已作废',
  linked: '已关联蓝票',
  unlinked: '未关联蓝票',
};

/** 是否有发票原件 (`originals`). */
export const ORIGINALS_LABELS: Readonly<Record<number, string>> = { 0: '没有', 1: '有' };

/** 清单标志 (`invoiceListMark`); a channel may send other text, written as sent. */
export const LIST_MARK_LABELS: Readonly<Record<string, string>> = { '0': '非清单', '1': '清单' };

/** 发票行性质 (`invRowType`) of a detail row. */
export const ROW_TYPE_LABELS: Readonly<Record<number, string>> = { 0: '正常行', 1: '折扣行', 2: '被折扣行' };

/** The label of a code in a table; the code itself when the table has none; '' when absent. */
export function labelOf(table: Readonly<Record<string | number, string>>, code: string | number | null | undefined): string {
  if (code === null || code === undefined) return '';
  return table[code] ?? String(code);
}
