/** SQL of channel callbacks (`channel_callbacks`, migrations/0011_red_confirm_forms.ts). */
import { sql } from 'kysely';
import type { ChannelCallbackTable, Db } from '../db/database.ts';
import type { RequestState } from '../red-flush/request-states.ts';
import type { CallbackRef } from './nuonuo-callback.ts';

export type CallbackState = 'received' | 'processed' | 'unparsable' | 'ignored';

export interface NewCallback {
  readonly channelCode: string;
  readonly contentType: string | null;
  readonly body: string;
  readonly bodyHash: string;
  readonly operater: string | null;
  readonly state: 'received' | 'unparsable';
  readonly error: string | null;
}

/** Stores a callback; undefined when the same body of the same channel is stored already (a repeat). */
export async function insertCallback(db: Db, callback: NewCallback): Promise<string | undefined> {
  const row = await db
    .insertInto('channel_callbacks')
    .values({
      channel_code: callback.channelCode,
      content_type: callback.contentType,
      body: callback.body,
      body_hash: callback.bodyHash,
      operater: callback.operater,
      state: callback.state,
      error: callback.error,
    })
    .onConflict((conflict) => conflict.columns(['channel_code', 'body_hash']).doNothing())
    .returning(sql<string>`id::text`.as('id'))
    .executeTakeFirst();
  return row?.id;
}

export interface StoredCallback {
  readonly id: string;
  readonly channel_code: string;
  readonly body: string;
  readonly state: CallbackState;
}

export function findCallback(db: Db, id: string): Promise<StoredCallback | undefined> {
  return db
    .selectFrom('channel_callbacks')
    .select([sql<string>`id::text`.as('id'), 'channel_code', 'body', 'state'])
    .where('id', '=', id)
    .executeTakeFirst() as Promise<StoredCallback | undefined>;
}

/** Records what a callback led to; only a callback still `received` changes (a second attempt changes nothing). */
export async function finishCallback(
  db: Db,
  id: string,
  outcome: { state: 'processed' | 'ignored' | 'unparsable'; error: string | null; requestId: string | null; formId: string | null },
): Promise<void> {
  await db
    .updateTable('channel_callbacks')
    .set({
      state: outcome.state,
      error: outcome.error,
      request_id: outcome.requestId,
      form_id: outcome.formId,
      processed_at: sql<Date>`date_trunc('milliseconds', now())`,
    })
    .where('id', '=', id)
    .where('state', '=', 'received')
    .execute();
}

export type CallbackRow = Pick<
  ChannelCallbackTable,
  'channel_code' | 'content_type' | 'operater' | 'error' | 'form_id' | 'request_id' | 'processed_at'
> & { id: string; received_at: Date; state: CallbackState; body_bytes: number; body_hash: string };

/** The newest callbacks first (by id: the order they were stored in), `limit` of them, older than `beforeId` when given. */
export function listCallbacks(db: Db, filter: { limit: number; state?: CallbackState; beforeId?: string }): Promise<CallbackRow[]> {
  let query = db
    .selectFrom('channel_callbacks')
    .select([
      sql<string>`id::text`.as('id'),
      'channel_code',
      'received_at',
      'content_type',
      sql<number>`octet_length(body)`.as('body_bytes'),
      'body_hash',
      'operater',
      'state',
      'error',
      sql<string | null>`form_id::text`.as('form_id'),
      'request_id',
      'processed_at',
    ])
    .orderBy('channel_callbacks.id', 'desc')
    .limit(filter.limit);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  return query.execute() as Promise<CallbackRow[]>;
}

export interface NamedRequest {
  readonly id: string;
  readonly state: RequestState;
  readonly channel_accepted_at: Date | null;
}

/** The red-flush request of this channel a callback names: by its id (the form's billId), the form's billId, or its order number. */
export function findRequestNamed(db: Db, channelCode: string, ref: CallbackRef): Promise<NamedRequest | undefined> {
  return db
    .selectFrom('red_flush_requests')
    .select(['id', 'state', 'channel_accepted_at'])
    .where('channel_code', '=', channelCode)
    .where((eb) => {
      const or = [];
      if (ref.billId) or.push(eb('id', '=', ref.billId), eb('form_bill_id', '=', ref.billId));
      if (ref.orderNo) or.push(eb('channel_order_no', '=', ref.orderNo), eb('id', '=', ref.orderNo));
      return or.length > 0 ? eb.or(or) : eb.val(false);
    })
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}
