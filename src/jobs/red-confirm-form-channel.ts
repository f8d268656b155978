/**
 * What the 红字确认单 jobs share: asking the channel about one form
 * (recorded in channel_calls with the form, and its request when ours) and
 * recording what it says, and expiring a form past its deadline.
 */
import type { ChannelAdapter, FormRef, RedConfirmForm } from '../channels/adapter.ts';
import type { RedConfirmFormEventSource, RedFlushEventSource } from '../db/database.ts';
import { type FormSighting, type RecordedForm, recordForm } from '../red-flush/form-record.ts';
import { EXPIRED } from '../red-flush/form-states.ts';
import { type FormRow, findFormByNames } from '../red-flush/forms.repository.ts';
import * as progress from '../red-flush/progress.repository.ts';
import { applyForm, recordedCall } from '../red-flush/progress.service.ts';
import { ChannelPending, describe, nextPoll, type RedFlushContext } from './red-flush-channel.ts';

/** A form's names as the channel takes them. */
export function refOf(form: Pick<FormRow, 'bill_id' | 'bill_no' | 'bill_uuid'>): FormRef {
  return { billId: form.bill_id, billNo: form.bill_no, billUuid: form.bill_uuid };
}

/** The request's event source for a form event's (an action's answer is the channel's, as the call job's). */
function requestSource(source: RedConfirmFormEventSource): RedFlushEventSource {
  return source === 'action' ? 'api' : source;
}

/**
 * Asks the channel about a form and records what it says. Ours go through
 * their request (its state follows the form); the others are recorded on
 * their own. `none`: the channel does not have it. Throws `ChannelPending`
 * when the channel gives no answer.
 */
export async function askAbout(
  context: RedFlushContext,
  adapter: ChannelAdapter,
  form: Pick<FormRow, 'id' | 'channel_code' | 'bill_id' | 'bill_no' | 'bill_uuid' | 'request_id'>,
  source: RedConfirmFormEventSource,
  extra: Pick<FormSighting, 'action' | 'actor' | 'detail' | 'alwaysEvent'> = {},
): Promise<RecordedForm | 'none'> {
  const { db, metrics } = context;
  const query = await recordedCall(
    db,
    metrics,
    { id: form.request_id, channel_code: form.channel_code, formId: form.id },
    { operation: 'queryRedConfirm', method: adapter.methods.queryRedConfirm, run: () => adapter.queryRedConfirm(refOf(form)) },
  );
  if (query.outcome !== 'ok') throw new ChannelPending(`queryRedConfirm: ${describe(query)}`);
  if (query.data === null) return 'none';
  return record(context, form.channel_code, form.request_id, query.data, source, extra);
}

/** Records a form the channel reported: through its request when ours (the request moves with it), else on its own. */
export async function record(
  context: RedFlushContext,
  channelCode: string,
  requestId: string | null,
  reported: RedConfirmForm,
  source: RedConfirmFormEventSource,
  extra: Pick<FormSighting, 'action' | 'actor' | 'detail' | 'alwaysEvent'> = {},
): Promise<RecordedForm> {
  const { db } = context;
  const request = requestId === null ? undefined : await progress.findChannelRequest(db, requestId);
  if (request) {
    await applyForm(
      db,
      request,
      reported,
      requestSource(source),
      nextPoll(context, request.id, () => 0),
      context.forms,
      {
        source,
        ...extra,
      },
    );
    const row = await findFormByNames(db, { channelCode, requestId: request.id });
    if (!row) throw new Error(`the form of request ${request.id} was not recorded`);
    return { id: row.id, created: false, changed: true, state: row.state, row };
  }
  return recordForm(db, { channelCode, form: reported, source, ...extra }, context.forms);
}

/** The form as expired by its deadline (nothing else known anew). */
export function expiredForm(form: FormRow, message: string): RedConfirmForm {
  return {
    billId: form.bill_id,
    billNo: form.bill_no,
    billUuid: form.bill_uuid,
    state: EXPIRED,
    message,
    operationStatus: null,
    enteredBy: form.entered_by,
    blue: null,
    sellerTaxNo: null,
    sellerName: null,
    buyerTaxNo: null,
    buyerName: null,
    amount: null,
    taxAmount: null,
    reason: null,
    enteredAt: null,
    confirmedAt: null,
    redInvoice: { issued: false, serialNo: null, orderNo: null, invoiceNumber: null },
    rows: [],
  };
}

/** A form still waiting after its deadline: recorded as 07 (source `deadline`); ours end their request `cancelled` with it. */
export async function expire(context: RedFlushContext, form: FormRow): Promise<void> {
  const hours = Math.round((context.forms.settings.confirmWindowMs / 3_600_000) * 1000) / 1000;
  const message = `超过确认期限（录入后 ${hours} 小时）未确认，已作废（fapiao-hub 按期限判定）`;
  await record(context, form.channel_code, form.request_id, expiredForm(form, message), 'deadline', {
    detail: { deadlineAt: form.deadline_at?.toISOString() ?? null },
  });
}
