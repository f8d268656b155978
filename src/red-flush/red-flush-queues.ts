/**
 * The red-flush queues and their jobs' data, and how a job is sent: the
 * capability sends, src/jobs/red-flush.jobs.ts works them.
 *
 * - `red-flush-call`: asks the channel for the request's form or red invoice
 *   (red-flush-call.job.ts). At most one per request waiting or running
 *   (policy `exclusive`, keyed by the request's id); retried with backoff.
 * - `red-flush-follow`: asks the channel what became of it, again and again
 *   until the request ends (red-flush-follow.job.ts). Each poll sends the
 *   next one with a delay; at most one waiting per request (policy
 *   `stately`, keyed by the request's id), so a poll sent twice is sent
 *   once. A callback of the channel (src/callbacks/) asks for a poll now
 *   (`sendFollowNow`): keyed apart (`now:` + the id), so that a poll waiting
 *   for its time does not swallow it, and at most one such waits per
 *   request; the poll it makes sends its next one as every poll does, which
 *   the waiting one then stands for.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { JobQueue } from '../queue/queue.ts';

export const RED_FLUSH_CALL = 'red-flush-call';
export const RED_FLUSH_FOLLOW = 'red-flush-follow';

export interface CallJobData {
  readonly requestId: string;
}

export interface FollowJobData {
  readonly requestId: string;
  /** 0 for the first poll at this pace; the delay grows with it. */
  readonly round: number;
  /** `fast` while the bureau decides, `slow` while a person or the push is awaited. */
  readonly pace: 'fast' | 'slow';
}

/** Sends the channel call of a request in the transaction that records it (nothing if one is waiting already). */
export async function sendCall(jobs: JobQueue, trx: Transaction<Database>, requestId: string, startAfterMs = 0): Promise<void> {
  await jobs.sendInTransaction<CallJobData>(trx, RED_FLUSH_CALL, { requestId }, callOptions(requestId, startAfterMs));
}

/** The same, on its own (committed at once). */
export async function sendCallNow(jobs: JobQueue, requestId: string): Promise<void> {
  await jobs.send<CallJobData>(RED_FLUSH_CALL, { requestId }, callOptions(requestId, 0));
}

function callOptions(requestId: string, startAfterMs: number) {
  return { singletonKey: requestId, ...(startAfterMs > 0 && { startAfter: new Date(Date.now() + startAfterMs) }) };
}

/** Sends the next poll of a request, `delayMs` from now, in the caller's transaction. */
export async function sendFollow(
  jobs: JobQueue,
  trx: Transaction<Database>,
  requestId: string,
  round: number,
  pace: FollowJobData['pace'],
  delayMs: number,
): Promise<void> {
  await jobs.sendInTransaction<FollowJobData>(
    trx,
    RED_FLUSH_FOLLOW,
    { requestId, round, pace },
    { singletonKey: requestId, startAfter: new Date(Date.now() + delayMs) },
  );
}

/** A poll of a request now (a callback said something changed), in the caller's transaction; see the module's comment. */
export async function sendFollowNow(jobs: JobQueue, trx: Transaction<Database>, requestId: string): Promise<void> {
  await jobs.sendInTransaction<FollowJobData>(
    trx,
    RED_FLUSH_FOLLOW,
    { requestId, round: 0, pace: 'fast' },
    { singletonKey: `now:${requestId}` },
  );
}
