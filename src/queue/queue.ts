/**
 * The durable job queue (pg-boss). Jobs are rows in the database (schema
 * `pgboss`, made and migrated by pg-boss at start): a job sent inside the
 * caller's transaction commits or rolls back with the caller's own rows, and
 * a committed job survives a crash or a restart.
 *
 * Delivery is at least once: a handler that fails is retried with backoff,
 * and a process that dies (or stops past its grace period) in the middle of
 * a handler leaves the job to be run again. Handlers must therefore be
 * idempotent (the red-flush job makes its channel call idempotent by the
 * request's id). One worker holds a job at a time, across processes: a
 * worker takes jobs with `SELECT … FOR UPDATE SKIP LOCKED` and marks them
 * active in the same statement. An attempt that runs past the queue's
 * `expireInSeconds` loses its hold (its `signal` is aborted) and the job is
 * retried, so a handler stops on `job.signal` and stays well within it.
 *
 * Usage: `createJobQueue(…)`, then `defineQueue` and `work` for each queue,
 * then `start()`; `sendInTransaction` from services; `stop()` at shutdown.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Kysely, Transaction } from 'kysely';
import { type Db, type JobResult, type JobWithMetadata, PgBoss } from 'pg-boss';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { embeddedConnection, inTransaction } from './connection.ts';

/** How a queue retries; stored with the queue (shared by every instance) and applied at each start. */
export interface QueuePolicy {
  /**
   * pg-boss's queue policy, fixed when the queue is first created: `standard` (default), or e.g.
   * `exclusive` (at most one job per `singletonKey` queued or running; another send returns null).
   */
  readonly policy?: 'standard' | 'exclusive' | 'singleton' | 'stately' | 'short';
  /** Retries after the first attempt; then the job ends `failed`. Default 10. */
  readonly retryLimit?: number;
  /** Seconds before the first retry (a whole number, at least 1). Default 5. */
  readonly retryDelaySeconds?: number;
  /** Each retry waits about twice as long as the one before (with jitter). Default true. */
  readonly retryBackoff?: boolean;
  /** Longest wait between two attempts, in seconds. Default 600. */
  readonly retryDelayMaxSeconds?: number;
  /**
   * Seconds an attempt may run; past it the job counts as failed and is retried. This is also how
   * long a job held by a process that died waits before another takes it. Default 300.
   */
  readonly expireInSeconds?: number;
}

export const DEFAULT_POLICY: Required<QueuePolicy> = Object.freeze({
  policy: 'standard',
  retryLimit: 10,
  retryDelaySeconds: 5,
  retryBackoff: true,
  retryDelayMaxSeconds: 600,
  expireInSeconds: 300,
});

/** This process's worker on a queue. */
export interface WorkerOptions {
  /** Jobs taken at once; each gets its own handler call, run concurrently. Default 1. */
  readonly batchSize?: number;
  /** Workers polling the queue in this process. Default 1. */
  readonly concurrency?: number;
  /** Overrides the queue's polling interval for this worker (milliseconds, at least 500). */
  readonly pollIntervalMs?: number;
}

export interface Job<T> {
  readonly id: string;
  /** The queue. */
  readonly name: string;
  readonly data: T;
  /** 0 on the first attempt, 1 on the first retry, … */
  readonly retryCount: number;
  readonly retryLimit: number;
  /** Aborted when the attempt expires or the queue stops before the handler is done. */
  readonly signal: AbortSignal;
}

/** Resolves: the job is done. Throws: the attempt failed; the job is retried while retries are left. */
export type JobHandler<T> = (job: Job<T>) => Promise<void>;

export interface SendOptions {
  /** Run no earlier than this time, or this many seconds from now. */
  readonly startAfter?: Date | number;
  /** The job's id (a UUID). Sending again with an id the queue still holds sends nothing (returns null). */
  readonly id?: string;
  /** For queues whose policy uses it (`exclusive`, …): jobs with the same key are limited by the policy. */
  readonly singletonKey?: string;
}

export interface JobQueue {
  /** Declares a queue (created, or its policy updated, at start). Before `start`. */
  defineQueue(name: string, policy?: QueuePolicy): void;
  /** Runs `handler` for the jobs of a defined queue in this process. Before `start`. */
  work<T>(name: string, handler: JobHandler<T>, options?: WorkerOptions): void;
  /** Creates or migrates pg-boss's schema, the defined queues, and starts the workers. */
  start(): Promise<void>;
  /**
   * Stops taking jobs and waits up to `timeoutMs` (at least 1 s) for handlers in flight; jobs still
   * running then are failed, to be retried later (by this or another instance).
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /**
   * Adds a job inside the caller's transaction: it exists only if that transaction commits. Returns
   * the job's id, or null when nothing was added (`SendOptions.id` already held). The queue must be
   * defined here and the queue started once (it may be stopping: the job then waits for the next
   * worker). On commit, a NOTIFY wakes idle workers at once, in every instance; where LISTEN is not
   * possible (a pooler in transaction mode) they find the job at their next poll.
   */
  sendInTransaction<T extends object>(trx: Transaction<Database>, name: string, data: T, options?: SendOptions): Promise<string | null>;
  /** Adds a job on its own (committed at once); while the queue is started. */
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<string | null>;
}

export interface JobQueueOptions {
  /** The app's database. */
  readonly db: Kysely<Database>;
  /** The embedded database behind `db`: pg-boss then runs its SQL through `db`. */
  readonly pglite?: PGlite | undefined;
  /** Postgres (the app's DATABASE_URL): pg-boss then keeps a small pool of its own. */
  readonly connectionString?: string | undefined;
  /** Size of that pool (Postgres). Default 3. */
  readonly poolMax?: number;
  /** How often idle workers look for jobs that are due (new ones wake them at once). Default 2000. */
  readonly pollIntervalMs?: number;
  /** How often pg-boss looks for expired attempts, in seconds. Default 60. */
  readonly superviseIntervalSeconds?: number;
  readonly logger: Logger;
  readonly metrics?: Metrics | undefined;
}

interface Registration {
  readonly name: string;
  readonly handler: JobHandler<unknown>;
  readonly options: WorkerOptions;
}

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { logger, metrics } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const boss = new PgBoss({
    ...connection(options),
    // The embedded database's LISTEN/NOTIFY works within the process; Postgres's across instances.
    useListenNotify: true,
    // No cron schedules yet: pg-boss's timekeeper stays off until a queue needs one.
    schedule: false,
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? 60,
    // Expired attempts are failed in the monitor pass of each queue, which is due every monitorIntervalSeconds.
    monitorIntervalSeconds: options.superviseIntervalSeconds ?? 60,
    instanceName: 'fapiao-hub',
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  boss.on('warning', (warning) => logger.warn({ warning: warning.data }, `job queue: ${warning.message}`));

  const policies = new Map<string, Required<QueuePolicy>>();
  const registrations: Registration[] = [];
  let state: 'new' | 'starting' | 'started' | 'stopping' | 'stopped' = 'new';
  /** The queues are in pg-boss's cache from the first start on: a send inside a transaction reads nothing else. */
  let cached = false;
  /** Handler calls running now (for the shutdown log). */
  let inFlight = 0;

  function beforeStart(what: string): void {
    if (state !== 'new') throw new Error(`jobs: ${what} must come before start()`);
  }

  function defined(name: string, ready: boolean): void {
    if (!policies.has(name)) throw new Error(`jobs: queue "${name}" is not defined (defineQueue)`);
    if (!ready) throw new Error(`jobs: the queue is not started (sending to "${name}")`);
  }

  async function run<T>(job: JobWithMetadata<T>, handler: JobHandler<T>): Promise<JobResult> {
    inFlight++;
    try {
      await handler({
        id: job.id,
        name: job.name,
        data: job.data,
        retryCount: job.retryCount,
        retryLimit: job.retryLimit,
        signal: job.signal,
      });
      metrics?.jobs.inc({ queue: job.name, outcome: 'completed' });
      return { id: job.id, status: 'completed' };
    } catch (error) {
      const retried = job.retryCount < job.retryLimit;
      metrics?.jobs.inc({ queue: job.name, outcome: retried ? 'retried' : 'failed' });
      logger.warn(
        { err: error, queue: job.name, jobId: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit },
        retried ? 'job failed; it will be retried' : 'job failed; no retries left',
      );
      return { id: job.id, status: 'failed', output: failureOutput(error) };
    } finally {
      inFlight--;
    }
  }

  async function startWorker({ name, handler, options: worker }: Registration): Promise<void> {
    const pollingIntervalSeconds = (worker.pollIntervalMs ?? pollIntervalMs) / 1000;
    await boss.work(
      name,
      {
        batchSize: worker.batchSize ?? 1,
        localConcurrency: worker.concurrency ?? 1,
        pollingIntervalSeconds,
        // Retries that come due are found by polling, NOTIFY or not: keep the same interval.
        notifyPollingIntervalSeconds: pollingIntervalSeconds,
        includeMetadata: true,
        perJobResults: true,
      },
      (jobs: JobWithMetadata<unknown>[]) => Promise.all(jobs.map((job) => run(job, handler))),
    );
  }

  return {
    defineQueue(name, policy = {}) {
      beforeStart('defineQueue');
      const merged = { ...DEFAULT_POLICY, ...policy };
      for (const [key, value] of Object.entries(merged)) {
        if (typeof value === 'number' && !(Number.isSafeInteger(value) && value >= (key === 'retryLimit' ? 0 : 1))) {
          throw new Error(`jobs: ${key} of queue "${name}" must be a whole number (${value})`);
        }
      }
      policies.set(name, merged);
    },

    work(name, handler, worker = {}) {
      beforeStart('work');
      if (!policies.has(name)) throw new Error(`jobs: queue "${name}" is not defined (defineQueue)`);
      const interval = worker.pollIntervalMs ?? pollIntervalMs;
      if (interval < 500) throw new Error(`jobs: the polling interval must be at least 500 ms (${interval})`);
      registrations.push({ name, handler: handler as JobHandler<unknown>, options: worker });
    },

    async start() {
      beforeStart('start');
      state = 'starting';
      try {
        await boss.start();
        for (const [name, policy] of policies) {
          const settings = {
            retryLimit: policy.retryLimit,
            retryDelay: policy.retryDelaySeconds,
            retryBackoff: policy.retryBackoff,
            retryDelayMax: policy.retryDelayMaxSeconds,
            expireInSeconds: policy.expireInSeconds,
          };
          // Created once; a changed policy is applied to the stored queue (new jobs take it).
          await boss.createQueue(name, { ...settings, policy: policy.policy, notify: true });
          await boss.updateQueue(name, settings);
        }
        cached = true;
        for (const registration of registrations) await startWorker(registration);
        state = 'started';
        logger.info({ queues: [...policies.keys()], workers: registrations.length }, 'job queue started');
      } catch (error) {
        state = 'stopped';
        await boss.stop({ graceful: false }).catch(() => {});
        throw error;
      }
    },

    async stop({ timeoutMs = 10_000 } = {}) {
      if (state !== 'started') {
        if (state === 'new') state = 'stopped';
        return;
      }
      state = 'stopping';
      await boss.stop({ graceful: true, timeout: Math.max(1000, timeoutMs) });
      state = 'stopped';
      if (inFlight > 0) {
        logger.warn({ jobs: inFlight }, 'job queue stopped with jobs still running: they were aborted and will be retried');
      } else {
        logger.info('job queue stopped');
      }
    },

    async sendInTransaction(trx, name, data, send = {}) {
      // Also while stopping and after: the job commits with the caller and waits for a worker.
      defined(name, cached);
      return boss.send(name, data, { ...sendOptions(send), db: inTransaction(trx) });
    },

    async send(name, data, send = {}) {
      defined(name, state === 'started');
      return boss.send(name, data, sendOptions(send));
    },
  };
}

function connection(
  options: JobQueueOptions,
): { db: Db; backend: 'pglite' } | { connectionString: string; max: number; application_name: string } {
  if (options.pglite) return { db: embeddedConnection(options.db, options.pglite), backend: 'pglite' };
  if (options.connectionString) {
    return { connectionString: options.connectionString, max: options.poolMax ?? 3, application_name: 'fapiao-hub-jobs' };
  }
  throw new Error('jobs: give the embedded database (pglite) or a Postgres connection string');
}

function sendOptions(options: SendOptions): { startAfter?: Date | number; id?: string; singletonKey?: string } {
  return {
    ...(options.startAfter !== undefined && { startAfter: options.startAfter }),
    ...(options.id !== undefined && { id: options.id }),
    ...(options.singletonKey !== undefined && { singletonKey: options.singletonKey }),
  };
}

/** What a failed attempt leaves on the job: the error's name, code and message (no stack). */
function failureOutput(error: unknown): object {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === 'string' && { code }) };
}
