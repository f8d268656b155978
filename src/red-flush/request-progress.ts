/**
 * How a red-flush request moves on once it is accepted: what each answer of
 * the channel means for it, written once and used by the jobs that ask the
 * channel and follow its form (src/jobs/red-flush-*.job.ts), by the push
 * that links the red invoice, and by the answer of the asking API.
 *
 *   accepted ──job──▶ submitted ─┬─ form 15 申请中 ─────────────▶ submitted (poll fast)
 *                                ├─ form 02 待购方确认 ──────────▶ awaiting_confirmation (poll slowly)
 *                                ├─ form 01/04 (channel issues) ─▶ submitted, waiting for the push (poll slowly)
 *                                ├─ form 05–13 作废 ─────────────▶ cancelled (final; its amount is free again)
 *                                ├─ form 16 申请失败, or refused ─▶ refused (final; its amount is free again)
 *                                └─ the red invoice is pushed ───▶ issued (final; the red invoice counts instead)
 *
 * The direct path (007, 026) asks for the red invoice itself: issuing →
 * submitted, issued → waiting for the push, failed → failed. No answer of
 * the channel ever moves a request out of a final state: a red invoice
 * pushed before the channel's answer has made it `issued`, and stays so.
 */
import type { RedInvoiceStatus } from '../channels/adapter.ts';
import { RED_CONFIRM_STATES } from './form-states.ts';
import { type RequestState, stateMessage } from './request-states.ts';

/**
 * The order number (订单编号) of a request's red invoice at the channel:
 * 20 characters, digits and capital letters (Nuonuo's `orderNo` allows 20;
 * the request's id has 32). Made from the id, so the same request always
 * gets the same number: the id's 48-bit time and its first 55 random bits,
 * in base 36. Two requests share it only if they were made in the same
 * millisecond with the same 55 random bits; the unique index on
 * `channel_order_no` would refuse the second.
 */
export function channelOrderNo(requestId: string): string {
  if (!/^[0-9a-f]{32}$/.test(requestId)) throw new Error(`not a request id: ${requestId}`);
  const value = BigInt(`0x${requestId}`);
  const time = value >> 80n;
  // After the time: 4 version bits, 12 random bits, 2 variant bits, 62 random bits.
  const randA = (value >> 64n) & 0xfffn;
  const randB = value & ((1n << 62n) - 1n);
  const random = (randA << 43n) | (randB >> 19n);
  return ((time << 55n) | random).toString(36).toUpperCase().padStart(20, '0');
}

/** How soon a request's channel is asked again: fast while the bureau decides, slowly while a person or the push is awaited. */
export type Pace = 'fast' | 'slow';

/** What a form state means for a request. */
export interface FormStep {
  /** The request's state (for a request not yet final). */
  readonly state: RequestState;
  /** How to follow it on; null: it has ended. */
  readonly pace: Pace | null;
}

const CANCELLED_STATES = new Set(['05', '06', '07', '08', '09', '10', '11', '12', '13']);

/**
 * A 红字确认单's state (seed 002; Nuonuo's 15 and 16) as a step of the
 * request: 15 申请中 → submitted (fast); 02/03 → awaiting_confirmation;
 * 01/04 → submitted, waiting for the red invoice the channel issues and
 * pushes; 05–13 → cancelled; 16 → refused. A state the channel did not
 * document: unchanged, followed slowly.
 */
export function formStep(formState: string, current: RequestState): FormStep {
  if (formState === '15') return { state: 'submitted', pace: 'fast' };
  if (formState === '02' || formState === '03') return { state: 'awaiting_confirmation', pace: 'slow' };
  if (formState === '01' || formState === '04') return { state: 'submitted', pace: 'slow' };
  if (CANCELLED_STATES.has(formState)) return { state: 'cancelled', pace: null };
  if (formState === '16') return { state: 'refused', pace: null };
  return { state: current === 'accepted' ? 'submitted' : current, pace: 'slow' };
}

/** A red invoice asked for directly, as the channel reports it. */
export function redInvoiceStep(status: RedInvoiceStatus['status'], current: RequestState): FormStep {
  switch (status) {
    case 'issuing':
      return { state: 'submitted', pace: 'fast' };
    case 'issued':
      return { state: 'submitted', pace: 'slow' };
    case 'failed':
      return { state: 'failed', pace: null };
    case 'voided':
      return { state: 'cancelled', pace: null };
    default:
      return { state: current === 'accepted' ? 'submitted' : current, pace: 'slow' };
  }
}

/** The Chinese label of a form state (`01 无需确认`), or the code alone. */
export function formLabel(formState: string | null): string {
  if (formState === null) return '';
  const label = RED_CONFIRM_STATES[formState];
  return label ? `${formState} ${label}` : formState;
}

/** What the asking API says of a request, in seed 000's words where it has them. */
export interface AnswerSnapshot {
  readonly state: RequestState;
  readonly path: 'confirmation_form' | 'direct' | 'info_sheet';
  readonly invoiceNumber: string;
  /** The channel took it (or was found to have it). */
  readonly channelAccepted: boolean;
  readonly formState: string | null;
  readonly lastCode: string | null;
  readonly lastMessage: string | null;
}

/** `data.msg` of a successful answer. */
export function successMessage(snapshot: AnswerSnapshot): string {
  switch (snapshot.state) {
    case 'awaiting_confirmation':
      return `红字确认单申请成功，等待购方确认（${formLabel(snapshot.formState ?? '02')}）`;
    case 'issued':
      return '同步红字发票信息成功，请至发票查询页面打印发票';
    case 'submitted':
      if (!snapshot.channelAccepted) return stateMessage('submitted');
      if (snapshot.path !== 'confirmation_form') return '红字发票开具申请成功，等待渠道开具红字发票';
      if (snapshot.formState === '01' || snapshot.formState === '04') {
        return `红字确认单申请成功（${formLabel(snapshot.formState)}），等待渠道开具红字发票`;
      }
      return '红字确认单申请成功，等待税局处理';
    default:
      return stateMessage(snapshot.state);
  }
}

/** The refusal of a request that ended without a red invoice: `msg` (Chinese, seed 000's form) and `data.reason`. */
export function endMessage(snapshot: AnswerSnapshot): { reason: 'channel_refused' | 'cancelled' | 'failed'; msg: string } {
  const named = `发票号码：${snapshot.invoiceNumber}`;
  const said = snapshot.lastMessage ? `：${snapshot.lastMessage}` : '';
  switch (snapshot.state) {
    case 'refused':
      return { reason: 'channel_refused', msg: `${named} 渠道拒绝${said || '了红冲申请'}` };
    case 'cancelled':
      return { reason: 'cancelled', msg: `${named} 红字确认单已作废（${formLabel(snapshot.formState)}）${said}` };
    default:
      return { reason: 'failed', msg: `${named} 红冲失败${said}` };
  }
}
