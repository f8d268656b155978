/**
 * An action on a 红字确认单 at its channel (issue 12): confirm or reject a
 * buyer's form (adapter `confirm`, agree true/false with the reason),
 * revoke one we entered (adapter `cancel`). Who asked was recorded with the
 * job, in one transaction (forms.service.ts); here the channel is called,
 * before and after recorded in channel_calls (the form, and its request
 * when ours), and its answer recorded as an event (source `api`) that
 * names the asking event, with the form as the channel then shows it.
 *
 * Exactly once: an attempt that finds a call of this action whose outcome
 * it does not know (`pending`: the process died during it, `unknown`,
 * `duplicate`, or `ok` whose answer was not recorded) never sends again:
 * it asks the channel for the form and records what it says. Only a call
 * certainly not sent (`unavailable`) is retried.
 */
import type { ChannelCallOutcome } from '../db/database.ts';
import type { JobHandler } from '../queue/queue.ts';
import { callOutcomesAfter, findForm, formActorOf, insertFormEventAsItIs, releaseConfirmHold } from '../red-flush/forms.repository.ts';
import type { ActionFormData } from '../red-flush/forms-queues.ts';
import { recordedCall } from '../red-flush/progress.service.ts';
import { askAbout, refOf } from './red-confirm-form-channel.ts';
import { ChannelPending, describe, type RedFlushContext } from './red-flush-channel.ts';

const MAYBE_SENT: ReadonlySet<string> = new Set<ChannelCallOutcome>(['pending', 'unknown', 'duplicate', 'ok']);

export function actionFormJob(context: RedFlushContext): JobHandler<ActionFormData> {
  return async (job) => {
    const { db } = context;
    const { formId, action, actionEventId, afterCallId } = job.data;
    const form = await findForm(db, formId);
    if (!form) return;
    const actor = await formActorOf(db, actionEventId);
    // The form's state as it is when the answer is recorded (it may have moved during the call). A confirm the channel
    // did not take frees what the form held from the ask (forms.service.ts), with the answer.
    const answered = async (detail: Record<string, unknown>) => {
      const recorded = await db.transaction().execute(async (trx) => {
        const id = await insertFormEventAsItIs(trx, {
          formId,
          source: 'api',
          action,
          actorAppId: actor.appId,
          actorUserId: actor.userId,
          detail: { actionEventId, ...detail },
        });
        if (action === 'confirm' && detail.outcome !== 'ok') await releaseConfirmHold(trx, formId);
        return id;
      });
      if (recorded === undefined)
        context.logger.warn({ formId, action }, 'red confirm form action: the form is gone, its answer is not recorded');
    };
    const adapter = await context.adapterOf(form.channel_code);
    if (!adapter) {
      await answered({ outcome: 'unavailable', message: `渠道 ${form.channel_code} 没有配置开票接口，无法操作` });
      return;
    }
    const operation = action === 'revoke' ? 'cancel' : 'confirm';
    // The channel's answer, with the form as it now shows it.
    const readBack = async (detail: Record<string, unknown>) => {
      try {
        const seen = await askAbout(context, adapter, form, 'api', {
          action,
          actor,
          alwaysEvent: true,
          detail: { actionEventId, ...detail },
        });
        if (seen === 'none') await answered({ ...detail, message: '渠道查不到这张红字确认单' });
      } catch (error) {
        if (!(error instanceof ChannelPending)) throw error;
        if (detail.outcome === 'ok') {
          // Done at the channel; the form's polls read its new state.
          await answered(detail);
          return;
        }
        throw error;
      }
    };
    try {
      const earlier = await callOutcomesAfter(db, formId, operation, afterCallId);
      if (earlier.some((outcome) => MAYBE_SENT.has(outcome))) {
        await readBack({ resolvedBy: 'query' });
        return;
      }
      const method = adapter.methods[operation];
      const subject = { id: form.request_id, channel_code: form.channel_code, formId };
      const outcome =
        operation === 'cancel'
          ? await recordedCall(db, context.metrics, subject, { operation, method, run: () => adapter.cancel(refOf(form)) })
          : await recordedCall(db, context.metrics, subject, {
              operation,
              method,
              run: () => adapter.confirm({ ...refOf(form), agree: action === 'confirm', reason: job.data.reason ?? null }),
            });
      switch (outcome.outcome) {
        case 'ok':
          await readBack({ outcome: 'ok', code: outcome.call.code, message: outcome.call.message });
          return;
        case 'refused':
          await answered({ outcome: 'refused', code: outcome.code, message: outcome.message });
          return;
        case 'duplicate':
        case 'unknown':
          await readBack({ outcome: outcome.outcome, resolvedBy: 'query' });
          return;
        default:
          throw new ChannelPending(`${operation}: ${describe(outcome)}`);
      }
    } catch (error) {
      if (job.retryCount >= job.retryLimit) {
        await answered({ outcome: 'unavailable', message: `渠道一直没有回答：${error instanceof Error ? error.message : String(error)}` });
        return;
      }
      throw error;
    }
  };
}
