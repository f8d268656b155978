/**
 * What both red-flush jobs need: their context, how a request is looked up
 * at its channel (and what the channel says applied), and the next poll.
 */
import type { Kysely, Transaction } from 'kysely';
import type { ChannelAdapter } from '../channels/adapter.ts';
import type { Database, RedFlushEventSource } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { JobQueue } from '../queue/queue.ts';
import type { FormTracking } from '../red-flush/forms-queues.ts';
import type { ChannelRequest } from '../red-flush/progress.repository.ts';
import { applyForm, applyRedInvoice, type Next, recordedCall } from '../red-flush/progress.service.ts';
import { sendFollow } from '../red-flush/red-flush-queues.ts';
import type { Pace } from '../red-flush/request-progress.ts';

/** What the red-flush jobs work with. */
export interface RedFlushContext {
  readonly db: Kysely<Database>;
  readonly jobs: JobQueue;
  readonly logger: Logger;
  readonly metrics: Metrics | undefined;
  /** The channel's adapter; undefined when the channel has none (it only pushes). */
  adapterOf(channelCode: string): Promise<ChannelAdapter | undefined>;
  /** The delay before poll `round` at this pace. */
  delayMs(pace: Pace, round: number): number;
  /** How the forms the channel shows are recorded and kept track of (issue 12). */
  readonly forms: FormTracking;
}

/** The channel gave no usable answer (timeout, not reachable, a query refused): the job tries again later. */
export class ChannelPending extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelPending';
  }
}

/** The job's attempt was cut short (expired, or the queue is stopping): no new call is started. */
export function stopIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new ChannelPending('the attempt was aborted before its next call');
}

/** The next poll of a request at `pace`, round `round` (in the transaction that records what the channel said). */
export function nextPoll(context: RedFlushContext, requestId: string, round: (pace: Pace) => number): Next {
  return (trx: Transaction<Database>, pace: Pace) => {
    const next = round(pace);
    return sendFollow(context.jobs, trx, requestId, next, pace, context.delayMs(pace, next));
  };
}

/**
 * Asks the channel whether it has the request (the form by its billId, or
 * the red invoice by its order number) and, if it has, applies what it
 * says. `none`: the channel has nothing (only then may it be asked for
 * it). Throws `ChannelPending` when the channel gives no answer.
 */
export async function lookUp(
  context: RedFlushContext,
  adapter: ChannelAdapter,
  request: ChannelRequest,
  source: RedFlushEventSource,
  next: Next,
): Promise<'found' | 'none'> {
  const { db, metrics } = context;
  // Tax-control invoices (direct, or with a 红字信息表): the red invoice asked for by its order number.
  if (request.path !== 'confirmation_form') {
    const orderNo = request.channel_order_no;
    if (orderNo === null) return 'none';
    const query = await recordedCall(db, metrics, request, {
      operation: 'queryRedInvoice',
      method: adapter.methods.queryRedInvoice,
      run: () => adapter.queryRedInvoice({ orderNo }),
    });
    if (query.outcome !== 'ok') throw new ChannelPending(`queryRedInvoice: ${describe(query)}`);
    if (query.data === null) return 'none';
    await applyRedInvoice(db, request, query.data, source, next);
    return 'found';
  }
  const query = await recordedCall(db, metrics, request, {
    operation: 'queryRedConfirm',
    method: adapter.methods.queryRedConfirm,
    run: () => adapter.queryRedConfirm({ billId: request.id }),
  });
  if (query.outcome !== 'ok') throw new ChannelPending(`queryRedConfirm: ${describe(query)}`);
  if (query.data === null) return 'none';
  await applyForm(db, request, query.data, source, next, context.forms);
  return 'found';
}

export function describe(outcome: { outcome: string; reason?: string; code?: string; message?: string }): string {
  return outcome.reason ?? `${outcome.outcome} ${outcome.code ?? ''} ${outcome.message ?? ''}`.trim();
}
