/** The 红字确认单's codes as finance calls them (the states: red-flush/labels.ts FORM_STATES, the bureau's list). */
import type { RedConfirmForm, RedConfirmFormAction, RedConfirmFormEvent } from '../../lib/schemas.ts';

import { REASON_LABELS } from '../red-flush/labels.ts';

export { FORM_STATES } from '../red-flush/labels.ts';

export const ORIGINS: Readonly<Record<RedConfirmForm['origin'], string>> = { ours: '我方申请', counterparty: '对方录入' };
export const ENTERED_BY: Readonly<Record<RedConfirmForm['enteredBy'], string>> = { seller: '销方录入', buyer: '购方录入' };

export const ACTIONS: Readonly<Record<RedConfirmFormAction, string>> = {
  confirm: '确认',
  reject: '拒绝',
  revoke: '撤销',
  refresh: '刷新',
};

export const EVENT_SOURCES: Readonly<Record<RedConfirmFormEvent['source'], string>> = {
  api: '渠道答复',
  poll: '查询渠道',
  callback: '渠道回调',
  sync: '定期同步',
  deadline: '超过确认期限',
  push: '渠道推送红票',
  action: '操作',
};

/** Nuonuo's requestStatus: an operation under way or failed. */
export const OPERATION_STATUSES: Readonly<Record<string, { label: string; color: string }>> = {
  '01': { label: '撤销中', color: 'processing' },
  '02': { label: '撤销失败', color: 'red' },
  '03': { label: '确认中', color: 'processing' },
  '04': { label: '确认失败', color: 'red' },
};

/**
 * 红冲原因 of a form, by the code the channel sends (`'1'`…`'4'`): the same
 * words as a request's (seed 000: 3 服务终止; Nuonuo's documentation writes
 * 服务中止 for the same code), so that a request and its form agree.
 */
export const FORM_REASONS: Readonly<Record<string, string>> = REASON_LABELS;

/** A state's colour: waiting orange, confirmed or issued green, void grey, failed red, applying blue. */
export function stateColor(form: Pick<RedConfirmForm, 'state' | 'final' | 'redInvoice'>): string {
  if (form.state === '02' || form.state === '03') return 'orange';
  if (form.state === '01' || form.state === '04') return form.final ? 'green' : 'cyan';
  if (form.state === '15') return 'processing';
  if (form.state === '16') return 'red';
  return 'default';
}
