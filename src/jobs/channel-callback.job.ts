/**
 * The job of a channel's callback (`channel-callback`, one per callback,
 * sent with it when it is stored): processes it (src/callbacks/
 * callbacks.service.ts `processCallback`): reads the stored body, finds
 * what it names and asks the channel about it now, marks it done.
 */
import { type CallbackJobData, processCallback } from '../callbacks/callbacks.service.ts';
import type { JobHandler } from '../queue/queue.ts';
import type { RedFlushContext } from './red-flush-channel.ts';

export function channelCallbackJob(context: RedFlushContext): JobHandler<CallbackJobData> {
  return async (job) => {
    await processCallback(context.db, context.jobs, job.data.callbackId, job.retryCount >= job.retryLimit);
  };
}
