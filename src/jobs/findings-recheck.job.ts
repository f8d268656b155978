/**
 * The re-check job (src/findings/recheck.service.ts): each job checks one
 * batch of stored invoices again and sends the next, so a re-check of a
 * million invoices is thousands of short jobs that pushes run between; a
 * restart goes on where the last batch left off. Registered on the queue
 * before it starts (server.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { FINDINGS_RECHECK, failRecheck, type RecheckJobData, recheckBatch } from '../findings/recheck.service.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { JobHandler, JobQueue, QueuePolicy } from '../queue/queue.ts';

export interface FindingsJobOptions {
  readonly db: Kysely<Database>;
  readonly jobs: JobQueue;
  readonly logger: Logger;
  readonly metrics?: Metrics | undefined;
}

export function findingsRecheckJob({ db, jobs, logger, metrics }: FindingsJobOptions): JobHandler<RecheckJobData> {
  return async (job) => {
    try {
      const { recheck, appeared } = await recheckBatch(db, jobs, job.data, job.signal);
      for (const finding of appeared) metrics?.findings.inc({ code: finding.code, severity: finding.severity });
      if (recheck) {
        logger.info(
          {
            recheckId: recheck.id,
            step: job.data.step,
            checked: recheck.checked,
            total: recheck.total,
            changed: recheck.changed,
            state: recheck.state,
          },
          'findings re-check batch done',
        );
      }
    } catch (error) {
      // The last attempt: the re-check ends failed (with why), so that another can be started.
      if (job.retryCount >= job.retryLimit)
        await failRecheck(db, job.data.recheckId, error instanceof Error ? error.message : String(error));
      throw error;
    }
  };
}

/** The re-check queue's policy (the CLI defines the queue with it too, to send the first job). */
export const FINDINGS_RECHECK_POLICY: QueuePolicy = Object.freeze({
  retryLimit: 10,
  retryDelaySeconds: 5,
  retryBackoff: true,
  retryDelayMaxSeconds: 300,
  expireInSeconds: 300,
});

export function registerFindingsJobs(options: FindingsJobOptions): void {
  options.jobs.defineQueue(FINDINGS_RECHECK, FINDINGS_RECHECK_POLICY);
  options.jobs.work(FINDINGS_RECHECK, findingsRecheckJob(options));
}
