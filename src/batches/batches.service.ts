/**
 * What a channel pushed for a batch, for support ("did you get our
 * push?"). An app limited to some sellers sees a batch only when the batch
 * carried an invoice of those sellers, and then only those invoices.
 */
import type { Kysely } from 'kysely';
import type { Schemas } from '../api/spec.ts';
import type { Principal } from '../auth/auth.service.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { instant, toInvoiceRecord } from '../invoices/invoice-record.ts';
import * as repository from './batches.repository.ts';

export type Batch = Schemas['Batch'];

/** Pushes and invoices listed at most per batch. */
export const MAX_BATCH_ITEMS = 1000;

export async function getBatch(db: Kysely<Database>, principal: Principal, key: Schemas['BatchQuery']): Promise<Batch> {
  const { sellers } = principal;
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      const batch = await repository.findBatch(tx, key, sellers);
      if (!batch) throw new AppError(404, 'not_found', `no batch ${key.serialNo} of channel ${key.channelCode}`);
      const pushes = await repository.batchPushes(tx, key, sellers, MAX_BATCH_ITEMS + 1);
      const invoices = await repository.batchInvoices(tx, key, sellers, MAX_BATCH_ITEMS + 1);
      return {
        channelCode: key.channelCode,
        serialNo: key.serialNo,
        result: batch.result,
        rejectMsg: batch.reject_msg,
        ...instant('createdAt', batch.created_at),
        ...instant('updatedAt', batch.updated_at),
        pushes: pushes.slice(0, MAX_BATCH_ITEMS).map((push) => ({
          pushId: push.id,
          ...instant('receivedAt', push.received_at),
          appName: push.app_name,
          result: push.result,
          rejectMsg: push.reject_msg,
          requestId: push.request_id,
          changes: {
            created: push.created,
            updated: push.updated,
            voided: push.voided,
            unchanged: push.unchanged,
            ignored: push.ignored,
          },
        })),
        pushesTruncated: pushes.length > MAX_BATCH_ITEMS,
        invoices: invoices.slice(0, MAX_BATCH_ITEMS).map(toInvoiceRecord),
        invoicesTruncated: invoices.length > MAX_BATCH_ITEMS,
      } as Batch;
    });
}
