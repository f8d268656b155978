/**
 * The states of a red-flush request, with their Chinese labels, and what
 * the invoice kind decides: how the channel is asked, and where a request
 * starts.
 *
 *   accepted               已受理          recorded, waiting for the channel call
 *   submitted              已提交渠道      the channel was asked; outcome pending
 *   awaiting_confirmation  待对方确认      a 红字确认单 waits for the other party (02)
 *   info_sheet_required    待填红字信息表  a tax-control special invoice (004, 028) needs a 红字信息表 number
 *   issued                 已开具          final: the red invoice is linked
 *   refused                渠道拒绝        final
 *   failed                 失败            final
 *   cancelled              已撤销/已作废   final
 *
 * Open (not final) requests hold their total against the blue invoice; an
 * issued one counts through its red invoice instead; the others hold nothing.
 */
import type { RedFlushPath, RedFlushRequestState } from '../db/database.ts';

export type RequestState = RedFlushRequestState;

export const REQUEST_STATES: readonly RequestState[] = [
  'accepted',
  'submitted',
  'awaiting_confirmation',
  'info_sheet_required',
  'issued',
  'refused',
  'failed',
  'cancelled',
];

export const STATE_LABELS: Readonly<Record<RequestState, string>> = {
  accepted: '已受理',
  submitted: '已提交渠道',
  awaiting_confirmation: '待对方确认',
  info_sheet_required: '待填红字信息表',
  issued: '已开具',
  refused: '渠道拒绝',
  failed: '失败',
  cancelled: '已撤销/已作废',
};

/** Open requests: each holds its total against its blue invoice. */
export const OPEN_STATES: readonly RequestState[] = ['accepted', 'submitted', 'awaiting_confirmation', 'info_sheet_required'];

export const FINAL_STATES: readonly RequestState[] = ['issued', 'refused', 'failed', 'cancelled'];

export function isFinal(state: RequestState): boolean {
  return FINAL_STATES.includes(state);
}

/** 红冲原因, as seed 000 names them. */
export const REASON_LABELS: Readonly<Record<1 | 2 | 3 | 4, string>> = {
  1: '销货退回',
  2: '开票有误',
  3: '服务终止',
  4: '销售折让',
};

export type RequestPath = RedFlushPath;

/**
 * What the invoice kind decides (seed 002): 数电 invoices (01, 02) need a
 * 红字确认单 applied for through the channel; tax-control ordinary ones
 * (007, 026) get their red invoice asked for directly; tax-control special
 * ones (004, 028) need a 红字信息表 number first.
 */
export function pathOf(invoiceTypeCode: string): RequestPath {
  switch (invoiceTypeCode) {
    case '01':
    case '02':
      return 'confirmation_form';
    case '004':
    case '028':
      return 'info_sheet';
    default:
      return 'direct';
  }
}

/**
 * Whether the channel reverses only a whole invoice on this path: a
 * tax-control invoice's red invoice is asked for by the blue one's code and
 * number, or its 红字信息表 (seed 002: 税控发票快速红冲仅支持全额红冲).
 */
export function wholeOnly(path: RequestPath): boolean {
  return path !== 'confirmation_form';
}

/** Where a request starts: waiting for its 红字信息表 number on that path, otherwise accepted (waiting for the channel call). */
export function initialStateOf(path: RequestPath): RequestState {
  return path === 'info_sheet' ? 'info_sheet_required' : 'accepted';
}

/** What the answer's `data.msg` says of a request in this state. */
export function stateMessage(state: RequestState): string {
  switch (state) {
    case 'accepted':
      return '红冲申请已受理，等待提交渠道';
    case 'info_sheet_required':
      return '红冲申请已受理；税控专用发票需先取得红字信息表编号，填写后再提交渠道';
    case 'submitted':
      return '红冲申请已提交渠道，等待渠道结果';
    case 'awaiting_confirmation':
      return '红字确认单已提交，等待对方确认';
    case 'issued':
      return '红字发票已开具';
    case 'refused':
      return '渠道拒绝了红冲申请';
    case 'failed':
      return '红冲失败';
    case 'cancelled':
      return '红冲申请已撤销或作废';
  }
}
