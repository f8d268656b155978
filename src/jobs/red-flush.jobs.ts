/**
 * The red-flush jobs, registered on the job queue before it starts
 * (server.ts): `red-flush-call` asks the channel (red-flush-call.job.ts),
 * `red-flush-follow` follows what it answered to the end
 * (red-flush-follow.job.ts); see red-flush-queues.ts; `channel-callback`
 * processes a channel's callback (channel-callback.job.ts), which asks for
 * a poll now. Here: their queues'
 * policies, the pace of the polls, and how a job gets a channel's adapter.
 */
import type { Kysely } from 'kysely';
import { CHANNEL_CALLBACK } from '../callbacks/callbacks.service.ts';
import { loadAdapter } from '../channels/adapters.ts';
import { findAdapterSettings } from '../channels/channels.repository.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { JobQueue, QueuePolicy } from '../queue/queue.ts';
import { DEFAULT_FORM_SETTINGS, FORM_ACTION, FORM_FOLLOW, FORM_REFRESH, FORM_SYNC, type FormSettings } from '../red-flush/forms-queues.ts';
import { RED_FLUSH_CALL, RED_FLUSH_FOLLOW } from '../red-flush/red-flush-queues.ts';
import { channelCallbackJob } from './channel-callback.job.ts';
import { actionFormJob } from './red-confirm-form-action.job.ts';
import { followFormJob, refreshFormJob } from './red-confirm-form-follow.job.ts';
import { syncFormsJob } from './red-confirm-form-sync.job.ts';
import { redFlushCallJob } from './red-flush-call.job.ts';
import type { RedFlushContext } from './red-flush-channel.ts';
import { redFlushFollowJob } from './red-flush-follow.job.ts';

/** How soon the channel is asked again: `fastMs` × 2^round up to `fastMaxMs` while the bureau decides, the slow pair while a person or the push is awaited. */
export interface Pacing {
  readonly fastMs: number;
  readonly fastMaxMs: number;
  readonly slowMs: number;
  readonly slowMaxMs: number;
}

export const DEFAULT_PACING: Pacing = Object.freeze({ fastMs: 2000, fastMaxMs: 60_000, slowMs: 60_000, slowMaxMs: 3_600_000 });

export interface RedFlushJobOptions {
  readonly db: Kysely<Database>;
  readonly jobs: JobQueue;
  readonly logger: Logger;
  readonly metrics?: Metrics | undefined;
  /** The key of the channel secrets (read when a channel with an adapter is called). */
  readonly secretsKey: () => Buffer;
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  /** Retries of the channel call (tests shorten them). Default: 20 retries from 5 s, doubling, at most 10 minutes apart (about 2.3 hours in all). */
  readonly callRetries?: Pick<QueuePolicy, 'retryLimit' | 'retryDelaySeconds' | 'retryDelayMaxSeconds'>;
  readonly pacing?: Partial<Pacing>;
  /** Retries of a callback's job (tests shorten them). Default: 10 retries from 5 s, doubling, at most 10 minutes apart. */
  readonly callbackRetries?: Pick<QueuePolicy, 'retryLimit' | 'retryDelaySeconds' | 'retryDelayMaxSeconds'>;
  /** Channel calls made at once by this process. Default 4. */
  readonly concurrency?: number;
  /** How forms are kept track of (REDFLUSH_CONFIRM_HOURS, REDFLUSH_FORM_SYNC_*; tests shorten them). */
  readonly forms?: Partial<FormSettings>;
}

export function registerRedFlushJobs(options: RedFlushJobOptions): void {
  const { db, jobs } = options;
  const pacing = { ...DEFAULT_PACING, ...options.pacing };
  let key: Buffer | undefined;
  const context: RedFlushContext = {
    db,
    jobs,
    logger: options.logger,
    metrics: options.metrics,
    async adapterOf(channelCode) {
      // The key is needed only for a channel that has an adapter (and may be missing on Postgres).
      if (!(await findAdapterSettings(db, channelCode))?.adapter) return undefined;
      key ??= options.secretsKey();
      return loadAdapter(db, channelCode, { secretsKey: key, connectTimeoutMs: options.connectTimeoutMs, timeoutMs: options.timeoutMs });
    },
    forms: { jobs, settings: { ...DEFAULT_FORM_SETTINGS, ...options.forms } },
    delayMs(pace, round) {
      const [base, most] = pace === 'fast' ? [pacing.fastMs, pacing.fastMaxMs] : [pacing.slowMs, pacing.slowMaxMs];
      return Math.min(base * 2 ** Math.min(round, 30), most);
    },
  };
  // An attempt makes at most three calls (a query, the call, a query after a duplicate), each within the channel timeout,
  // and a few statements around them. Past this the attempt counts as failed (its process died holding it) and is retried.
  const callSeconds = Math.ceil((3 * options.timeoutMs) / 1000) + 15;
  jobs.defineQueue(RED_FLUSH_CALL, {
    policy: 'exclusive',
    retryLimit: 20,
    retryDelaySeconds: 5,
    retryBackoff: true,
    retryDelayMaxSeconds: 600,
    ...options.callRetries,
    expireInSeconds: callSeconds,
  });
  jobs.defineQueue(RED_FLUSH_FOLLOW, {
    policy: 'stately',
    retryLimit: 10,
    retryDelaySeconds: 30,
    retryBackoff: true,
    retryDelayMaxSeconds: 600,
    expireInSeconds: callSeconds,
  });
  // A callback's job only reads and queues (no channel call): retried a few times, briefly.
  jobs.defineQueue(CHANNEL_CALLBACK, {
    retryLimit: 10,
    retryDelaySeconds: 5,
    retryBackoff: true,
    retryDelayMaxSeconds: 600,
    ...options.callbackRetries,
  });
  jobs.work(RED_FLUSH_CALL, redFlushCallJob(context), { concurrency: options.concurrency ?? 4 });
  jobs.work(CHANNEL_CALLBACK, channelCallbackJob(context), { concurrency: 2 });
  jobs.work(RED_FLUSH_FOLLOW, redFlushFollowJob(context), { concurrency: options.concurrency ?? 4 });
  registerFormJobs(context, callSeconds, options.concurrency ?? 4);
}

/**
 * The 红字确认单 queues (see src/red-flush/forms-queues.ts): the follow-up
 * of each form not final, a refresh asked for now, an action at the
 * channel, and the periodic sync.
 */
function registerFormJobs(context: RedFlushContext, callSeconds: number, concurrency: number): void {
  const { jobs } = context;
  const retries = { retryBackoff: true, expireInSeconds: callSeconds } as const;
  jobs.defineQueue(FORM_FOLLOW, { policy: 'stately', retryLimit: 10, retryDelaySeconds: 30, retryDelayMaxSeconds: 600, ...retries });
  jobs.defineQueue(FORM_REFRESH, { retryLimit: 5, retryDelaySeconds: 5, retryDelayMaxSeconds: 120, ...retries });
  jobs.defineQueue(FORM_ACTION, { policy: 'exclusive', ...FORM_ACTION_RETRIES, ...retries });
  // A run calls each channel page by page: it may take a while; a second is not started while one waits.
  jobs.defineQueue(FORM_SYNC, { policy: 'stately', retryLimit: 2, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 1800 });
  jobs.work(FORM_FOLLOW, followFormJob(context), { concurrency });
  jobs.work(FORM_REFRESH, refreshFormJob(context), { concurrency });
  jobs.work(FORM_ACTION, actionFormJob(context), { concurrency });
  jobs.work(FORM_SYNC, syncFormsJob(context));
}

/** An action's call: certainly-not-sent outcomes retried from 2 s, about 5 minutes in all; then its answer says so. */
export const FORM_ACTION_RETRIES = Object.freeze({ retryLimit: 8, retryDelaySeconds: 2, retryDelayMaxSeconds: 60 });
