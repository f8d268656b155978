/**
 * Keeping track of 红字确认单 that are not final (issue 12).
 *
 * - `red-confirm-form-follow`: a counterparty form is asked about with
 *   backoff until it is final; every waiting form (02/03), ours too, is
 *   looked at once more just after its deadline, and one still waiting
 *   then is recorded as expired (07, source `deadline`) even if the
 *   channel is silent or says otherwise; ours end their request
 *   `cancelled` with it. A form of ours is otherwise followed by its
 *   request's polls (red-flush-follow.job.ts).
 * - `red-confirm-form-refresh`: asks the channel about a form now
 *   (`sendFormRefresh`: a callback, a refresh); one not stored yet is
 *   looked up at the channel by its names and recorded.
 */

import type { JobHandler } from '../queue/queue.ts';
import { isFinalForm, isWaiting } from '../red-flush/form-states.ts';
import { type FormRow, findForm, findFormByNames, findRequestOfBill, formActorOf, insertFormEvent } from '../red-flush/forms.repository.ts';
import { factsOf } from '../red-flush/forms.service.ts';
import { type FollowFormData, type RefreshFormData, sendFormFollow } from '../red-flush/forms-queues.ts';
import { recordedCall } from '../red-flush/progress.service.ts';
import { askAbout, expire, record } from './red-confirm-form-channel.ts';
import { ChannelPending, describe, type RedFlushContext } from './red-flush-channel.ts';

const pastDeadline = (form: FormRow) => isWaiting(form.state) && form.deadline_at !== null && form.deadline_at.getTime() <= Date.now();

export function followFormJob(context: RedFlushContext): JobHandler<FollowFormData> {
  return async (job) => {
    const { db } = context;
    const form = await findForm(db, job.data.formId);
    if (!form || isFinalForm(factsOf(form), 0)) return;
    // Ours before their deadline: their request's polls follow them; this queue only looks after the deadline.
    const ask = form.origin === 'counterparty' || pastDeadline(form);
    if (ask) {
      const adapter = await context.adapterOf(form.channel_code);
      try {
        if (adapter) {
          const seen = await askAbout(context, adapter, form, 'poll');
          if (seen === 'none') context.logger.warn({ formId: form.id }, 'red confirm form poll: the channel does not show the form');
        }
      } catch (error) {
        if (!(error instanceof ChannelPending)) throw error;
        context.logger.info({ formId: form.id, reason: error.message }, 'red confirm form poll: no answer from the channel');
      }
    }
    const now = await findForm(db, form.id);
    if (!now || isFinalForm(factsOf(now), 0)) return;
    if (pastDeadline(now)) {
      await expire(context, now);
      return;
    }
    await db.transaction().execute((trx) => sendFormFollow(context.forms, trx, now, ask ? job.data.round + 1 : job.data.round));
  };
}

export function refreshFormJob(context: RedFlushContext): JobHandler<RefreshFormData> {
  return async (job) => {
    const { db } = context;
    const { channelCode, source } = job.data;
    const names = { channelCode, billId: job.data.billId ?? null, billNo: job.data.billNo ?? null, billUuid: job.data.billUuid ?? null };
    const form = job.data.formId ? await findForm(db, job.data.formId) : await findFormByNames(db, names);
    const adapter = await context.adapterOf(channelCode);
    if (!adapter) {
      context.logger.warn({ channelCode }, 'red confirm form refresh: the channel has no adapter');
      return;
    }
    if (form) {
      const { actionEventId } = job.data;
      if (!actionEventId) {
        await askAbout(context, adapter, form, source);
        return;
      }
      // Someone pressed 刷新: the answer names the asking event, with who asked.
      const actor = await formActorOf(db, actionEventId);
      const seen = await askAbout(context, adapter, form, 'api', {
        action: 'refresh',
        actor,
        alwaysEvent: true,
        detail: { actionEventId },
      });
      if (seen === 'none') {
        await insertFormEvent(db, {
          formId: form.id,
          fromState: form.state,
          toState: form.state,
          source: 'api',
          action: 'refresh',
          actorAppId: actor.appId,
          actorUserId: actor.userId,
          detail: { actionEventId, message: '渠道查不到这张红字确认单' },
        });
      }
      return;
    }
    // Not stored yet: ours when billId is one of our requests; else the channel's names.
    const request = names.billId ? await findRequestOfBill(db, channelCode, names.billId) : undefined;
    const ref = request ? { billId: request.id } : names;
    const query = await recordedCall(
      db,
      context.metrics,
      { id: request?.id ?? null, channel_code: channelCode },
      { operation: 'queryRedConfirm', method: adapter.methods.queryRedConfirm, run: () => adapter.queryRedConfirm(ref) },
    );
    if (query.outcome !== 'ok') throw new ChannelPending(`queryRedConfirm: ${describe(query)}`);
    if (query.data === null) {
      context.logger.warn({ ...names }, 'red confirm form refresh: the channel has no such form');
      return;
    }
    await record(context, channelCode, request?.id ?? null, query.data, source);
  };
}
