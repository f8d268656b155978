/**
 * What a channel pushed for a batch, for support ("did you get our
 * push?"). An app limited to some sellers sees a batch only when the batch
 * carried an invoice of those sellers, and then only those invoices.
 */
import type { Kysely } from 'kysely';
import type { Schemas } from '../api/spec.ts';
import type { Principal } from '../auth/auth.service.ts';
import type { Database } from '../db/database.ts';
import { AppError, type FieldError } from '../errors.ts';
import { parseBound } from '../http/bounds.ts';
import { instant, toInvoiceRecord } from '../invoices/invoice-record.ts';
import * as repository from './batches.repository.ts';

export type Batch = Schemas['Batch'];
export type BatchSummary = Schemas['BatchSummary'];

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
      if (!batch)
        throw new AppError(404, 'not_found', {
          en: `no batch ${key.serialNo} of channel ${key.channelCode}`,
          zh: `未找到渠道 ${key.channelCode} 的批次 ${key.serialNo}`,
        });
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

/**
 * The batches, last updated first: `result=1,2` and `updatedFrom` today
 * are the console's "today's rejected or in-progress batches".
 */
export async function listBatches(
  db: Kysely<Database>,
  principal: Principal,
  query: Schemas['BatchListQuery'],
): Promise<{ items: BatchSummary[]; nextCursor: string | null }> {
  const { limit = 50, cursor, updatedFrom, updatedTo, result, channelCode } = query;
  const errors: FieldError[] = [];
  const from = updatedFrom === undefined ? undefined : parseBound('updatedFrom', updatedFrom, errors);
  const to = updatedTo === undefined ? undefined : parseBound('updatedTo', updatedTo, errors);
  if (from && to && to.last < from.first)
    errors.push({ parameter: 'updatedTo', message: 'must not be before updatedFrom', zh: '不能早于 updatedFrom' });
  const after = cursor === undefined ? null : decodeCursor(cursor, errors);
  if (errors.length > 0) throw AppError.validation(errors);
  const rows = await repository.listBatches(
    db,
    {
      sellers: principal.sellers,
      ...(channelCode !== undefined && { channelCode }),
      ...(result !== undefined && { results: [...new Set(result.split(',').map(Number))] }),
      ...(from && { updatedFrom: new Date(from.first) }),
      ...(to && { updatedBefore: new Date(to.last + 1) }),
    },
    { after, limit: limit + 1 },
  );
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => ({
      channelCode: row.channel_code,
      serialNo: row.serial_no,
      result: row.result as BatchSummary['result'],
      rejectMsg: row.reject_msg,
      pushCount: row.push_count,
      lastPushId: row.last_push_id,
      ...instant('createdAt', row.created_at),
      ...instant('updatedAt', row.updated_at),
    })) as BatchSummary[],
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ updatedMicros: last.updated_micros, channelCode: last.channel_code, serialNo: last.serial_no })
        : null,
  };
}

/** The opaque cursor of a position: base64url of `[updatedAt µs, channelCode, serialNo]`, exact to the microsecond. */
function encodeCursor(position: repository.BatchKeyset): string {
  return Buffer.from(JSON.stringify([position.updatedMicros, position.channelCode, position.serialNo])).toString('base64url');
}

function storable(text: unknown): text is string {
  return typeof text === 'string' && !text.includes('\u0000') && text.isWellFormed();
}

function decodeCursor(cursor: string, errors: FieldError[]): repository.BatchKeyset | null {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 3) {
    const [micros, channelCode, serialNo] = decoded as unknown[];
    // The texts go to Postgres, which stores neither NUL nor unpaired surrogates (a 500 at the query).
    if (typeof micros === 'string' && /^\d{1,18}$/.test(micros) && storable(channelCode) && storable(serialNo)) {
      return { updatedMicros: micros, channelCode, serialNo };
    }
  }
  errors.push({
    parameter: 'cursor',
    message: 'is not a cursor this API gave out (pass nextCursor as it came)',
    zh: '不是本接口给出的游标（请原样传回 nextCursor）',
  });
  return null;
}
