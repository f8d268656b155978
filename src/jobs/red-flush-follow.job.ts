/**
 * Following a red-flush request after the channel took it: loads the
 * request, asks the channel what became of it (its 红字确认单 by the
 * request's billId, or its red invoice by order number), records what it
 * says, and sends the next poll while the request is open: fast while the
 * bureau decides (form 15, the red invoice being issued), slowly while the
 * buyer must confirm (02) or the push of the red invoice is awaited (01,
 * 04, issued). The pace doubles each round up to its ceiling (see
 * red-flush.jobs.ts `DEFAULT_PACING`).
 *
 * The red invoice normally arrives by push and closes the request in the
 * push's transaction; the polls go on meanwhile, and when the channel says
 * it issued a red invoice that is stored but closed nothing (it came
 * without the order number, with another total), the poll links it. If it
 * never comes, the request stays `submitted`, holding its amount, polled
 * once an hour, its view showing the channel's word (form state 01/04, the
 * red invoice's number): the channel must push it.
 */

import type { JobHandler } from '../queue/queue.ts';
import * as progress from '../red-flush/progress.repository.ts';
import { move } from '../red-flush/progress.service.ts';
import { type FollowJobData, sendCallNow } from '../red-flush/red-flush-queues.ts';
import type { Pace } from '../red-flush/request-progress.ts';
import { isFinal } from '../red-flush/request-states.ts';
import { ChannelPending, lookUp, nextPoll, type RedFlushContext } from './red-flush-channel.ts';

export function redFlushFollowJob(context: RedFlushContext): JobHandler<FollowJobData> {
  return async (job) => {
    const { db } = context;
    const { requestId, round, pace } = job.data;
    const request = await progress.findChannelRequest(db, requestId);
    // Ended, or not yet taken by its call job (which sends the first poll once the channel has it).
    if (!request || isFinal(request.state) || request.state === 'accepted') return;
    if (request.path === 'info_sheet' && request.info_sheet_no === null) return;
    const next = nextPoll(context, requestId, (nextPace) => (nextPace === pace ? round + 1 : 0));
    const again = (at: Pace) => move(db, requestId, { to: null, source: 'poll', detail: {}, andThen: (trx) => next(trx, at) });
    const adapter = await context.adapterOf(request.channel_code);
    if (!adapter) {
      await again('slow');
      return;
    }
    let found: 'found' | 'none';
    try {
      found = await lookUp(context, adapter, request, 'poll', next);
    } catch (error) {
      if (!(error instanceof ChannelPending)) throw error;
      context.logger.info(
        { redFlushId: requestId, reason: error.message },
        'red flush poll: no answer from the channel; asking again later',
      );
      await again(pace);
      return;
    }
    if (found === 'found') return;
    if (request.channel_accepted_at === null) {
      // The channel never took it and has nothing: the call job asks for it (it looks it up once more first).
      await sendCallNow(context.jobs, requestId);
      return;
    }
    context.logger.warn({ redFlushId: requestId }, 'red flush poll: the channel took the request but does not show it; asking again later');
    await again('slow');
  };
}
