/**
 * The red-flush workflow's codes as finance calls them. The states and
 * reasons are the server's own table (src/red-flush/request-states.ts),
 * imported as they are: one list, in one place.
 */
import type { ChannelCall, RedFlushRecord, RedFlushState } from '../../lib/schemas.ts';

export { FINAL_STATES, REASON_LABELS, REQUEST_STATES, STATE_LABELS } from '../../../../src/red-flush/request-states.ts';

/** Kingdee: 一次最多只能批量红冲10张 (the API refuses more, whole). */
export const BATCH_LIMIT = 10;
export const BATCH_LIMIT_MESSAGE = `一次最多只能批量红冲${BATCH_LIMIT}张`;

export const STATE_COLORS: Readonly<Record<RedFlushState, string>> = {
  accepted: 'blue',
  submitted: 'processing',
  awaiting_confirmation: 'orange',
  info_sheet_required: 'gold',
  issued: 'green',
  refused: 'red',
  failed: 'red',
  cancelled: 'default',
};

export const KIND_LABELS: Readonly<Record<RedFlushRecord['kind'], string>> = { full: '全额红冲', partial: '部分红冲' };

/** What happens next, by the invoice kind (seed 002). */
export const PATH_LABELS: Readonly<Record<RedFlushRecord['path'], string>> = {
  confirmation_form: '申请红字确认单后开具（数电发票）',
  direct: '直接开具红字发票（税控普通发票）',
  info_sheet: '需先取得红字信息表编号（税控专用发票）',
};

export const EVENT_SOURCES: Readonly<Record<string, string>> = {
  api: '发起申请',
  job: '提交渠道',
  push: '渠道推送红票',
  poll: '查询渠道',
  callback: '渠道回调',
};

/** Every outcome of a channel call (the schema's list: a new one fails the typecheck here). */
export const CALL_OUTCOMES: Readonly<Record<ChannelCall['outcome'], { label: string; color: string }>> = {
  pending: { label: '进行中', color: 'processing' },
  ok: { label: '成功', color: 'green' },
  refused: { label: '渠道拒绝', color: 'red' },
  duplicate: { label: '已存在（已查回）', color: 'blue' },
  unknown: { label: '结果未知（将查询）', color: 'orange' },
  unavailable: { label: '渠道不可用（将重试）', color: 'orange' },
};

/** The channel methods as finance knows them (Nuonuo's names otherwise). */
export const CHANNEL_METHODS: Readonly<Record<string, string>> = {
  'nuonuo.OpeMplatform.saveInvoiceRedConfirm': '申请红字确认单',
  'nuonuo.OpeMplatform.queryInvoiceRedConfirm': '查询红字确认单',
  'nuonuo.OpeMplatform.fastInvoiceRed': '开具红字发票',
  'nuonuo.OpeMplatform.queryInvoiceResult': '查询开票结果',
  'nuonuo.OpeMplatform.confirm': '确认/拒绝红字确认单',
  'nuonuo.OpeMplatform.confirmInfoCancel': '撤销红字确认单',
};

/** Bureau states of a 红字确认单 (issue 12), for the form the request follows: the server's list. */
export { RED_CONFIRM_STATES as FORM_STATES } from '../../../../src/red-flush/form-states.ts';

/** How a red flush of an invoice kind goes (the server's rule): a tax-control invoice's is whole only. */
export { pathOf, wholeOnly } from '../../../../src/red-flush/request-states.ts';

/** Who asked: a console user or an app. */
export function askerOf(record: Pick<RedFlushRecord, 'userName' | 'appName'>): { kind: string; name: string } {
  return record.userName !== null ? { kind: '用户', name: record.userName } : { kind: '应用', name: record.appName ?? '—' };
}
