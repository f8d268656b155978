/**
 * The periodic sync of 红字确认单 (issue 12): asks every channel with an
 * adapter for the forms entered in the last `syncDays` days (pages of 50)
 * and records each (source `sync`): buyers' forms against our blue
 * invoices (03, waiting for us) are found so, and any form whose state
 * changed. Runs overlap (each asks for the whole window), so a run that
 * failed loses nothing. The periodic run sends the next one first
 * (`syncIntervalMs` later, one waiting at a time), so a crash does not
 * end the chain; the server sends the first at start. With the periodic
 * sync off (interval 0) a periodic run still queued from before is dropped;
 * runs asked once (`once`: the admin route, the CLI) always run.
 */
import { listChannels } from '../channels/channels.repository.ts';
import type { JobHandler } from '../queue/queue.ts';
import { findRequestOfBill } from '../red-flush/forms.repository.ts';
import { type SyncFormsData, sendFormSync } from '../red-flush/forms-queues.ts';
import { recordedCall } from '../red-flush/progress.service.ts';
import { record } from './red-confirm-form-channel.ts';
import { describe, type RedFlushContext } from './red-flush-channel.ts';

const PAGE_SIZE = 50;
/** A run stops at this many pages per channel (50,000 forms); the next run asks again. */
const MAX_PAGES = 1000;
const DAY_MS = 86_400_000;

export interface SyncResult {
  readonly channels: number;
  readonly forms: number;
  readonly changed: number;
  readonly failed: string[];
}

export function syncFormsJob(context: RedFlushContext): JobHandler<SyncFormsData> {
  return async (job) => {
    const { settings } = context.forms;
    if (job.data.run === 'interval') {
      // A periodic run left queued by a process that had the sync on is dropped once it is turned off.
      if (settings.syncIntervalMs === 0) {
        context.logger.info('red confirm form sync: periodic sync is off, a queued periodic run dropped');
        return;
      }
      await sendFormSync(context.jobs, 'interval', settings.syncIntervalMs);
    }
    const result = await syncForms(context);
    context.logger.info({ ...result }, 'red confirm forms synced');
  };
}

/** One run over every channel with an adapter. */
export async function syncForms(context: RedFlushContext): Promise<SyncResult> {
  const { db, metrics } = context;
  const to = new Date();
  const from = new Date(to.getTime() - context.forms.settings.syncDays * DAY_MS);
  let forms = 0;
  let changed = 0;
  let channels = 0;
  const failed: string[] = [];
  for (const channel of await listChannels(db)) {
    if (!channel.adapter) continue;
    const adapter = await context.adapterOf(channel.channel_code);
    if (!adapter) continue;
    channels += 1;
    for (let pageNo = 1; pageNo <= MAX_PAGES; pageNo += 1) {
      const page = await recordedCall(
        db,
        metrics,
        { id: null, channel_code: channel.channel_code },
        {
          operation: 'queryRedConfirms',
          method: adapter.methods.queryRedConfirms,
          run: () => adapter.queryRedConfirms({ from, to, pageNo, pageSize: PAGE_SIZE }),
        },
      );
      if (page.outcome !== 'ok') {
        context.logger.warn({ channelCode: channel.channel_code, reason: describe(page) }, 'red confirm form sync: no answer');
        failed.push(channel.channel_code);
        break;
      }
      for (const reported of page.data.forms) {
        // Ours go through their request, so that it moves with its form (a safety net beside its polls).
        const request = reported.billId ? await findRequestOfBill(db, channel.channel_code, reported.billId) : undefined;
        const recorded = await record(context, channel.channel_code, request?.id ?? null, reported, 'sync');
        forms += 1;
        if (recorded.changed) changed += 1;
      }
      if (page.data.forms.length < PAGE_SIZE || pageNo * PAGE_SIZE >= page.data.total) break;
    }
  }
  return { channels, forms, changed, failed };
}
