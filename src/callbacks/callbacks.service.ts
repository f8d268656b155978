/**
 * Channels' callbacks (Nuonuo posts one when a 红字确认单 or an invoice
 * order changes): kept as received, answered only once kept, and then,
 * never trusted (Nuonuo signs none), used only to ask the channel now
 * about what they name.
 *
 * - `receiveCallback`: the body as received (text, content type, SHA-256
 *   of its bytes) is stored in a transaction of its own, with the job that
 *   will process it; the caller answers success only after that commit. A
 *   repeat (the same body from the same channel) stores nothing and is
 *   answered the same. A body that cannot be read is stored as
 *   `unparsable` with why, without a job, and answered as received too:
 *   sending it again would not make it readable, and it is shown to
 *   admins (`listCallbacks`).
 * - `processCallback` (the job `channel-callback`): reads the stored body
 *   again and asks the channel now about what it names: a 红字确认单 (by
 *   billId, billNo or billUuid; ours or the counterparty's) through the
 *   forms' refresh (forms-queues.ts `sendFormRefresh`, which records the
 *   form and moves its request with it), an invoice order (by orderno)
 *   through an immediate poll of its request (red-flush-queues.ts
 *   `sendFollowNow`). The callback is then `processed` (with the request
 *   and form), or `ignored` when it names only an order that is not ours. A callback
 *   can overtake the call it answers (Nuonuo calls back while our call job
 *   has not yet recorded that the channel took the request, and a poll
 *   then could move the request under that job): its job is retried until
 *   that is recorded (or the request ended), and on its last attempt is
 *   done all the same (the request's own polls follow it anyway).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findAdapterSettings } from '../channels/channels.repository.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../queue/queue.ts';
import { sendFormRefresh } from '../red-flush/forms-queues.ts';
import { sendFollowNow } from '../red-flush/red-flush-queues.ts';
import { isFinal } from '../red-flush/request-states.ts';
import * as repository from './callbacks.repository.ts';
import { parseNuonuoCallback, utf8Text } from './nuonuo-callback.ts';

export const CHANNEL_CALLBACK = 'channel-callback';

export interface CallbackJobData {
  readonly callbackId: string;
}

export interface ReceivedCallback {
  readonly channelCode: string;
  readonly contentType: string | null;
  readonly bytes: Uint8Array;
}

/** What was done with a callback: stored now, or a repeat of one stored before. */
export interface CallbackReceipt {
  readonly id: string | null;
  readonly repeat: boolean;
  readonly state: 'received' | 'unparsable' | null;
}

/** The channel's callbacks are taken only for a channel configured with the Nuonuo adapter (else 404). */
async function requireNuonuoChannel(db: Kysely<Database>, channelCode: string): Promise<void> {
  const settings = await findAdapterSettings(db, channelCode);
  if (settings?.adapter !== 'nuonuo') {
    throw new AppError(404, 'not_found', {
      en: `no Nuonuo channel ${channelCode} is configured`,
      zh: `没有配置诺诺渠道 ${channelCode}`,
    });
  }
}

/** Stores a callback as received, with its job, in one committed transaction (see the module's comment). */
export async function receiveCallback(
  db: Kysely<Database>,
  jobs: JobQueue | undefined,
  received: ReceivedCallback,
): Promise<CallbackReceipt> {
  await requireNuonuoChannel(db, received.channelCode);
  const text = utf8Text(received.bytes);
  const parsed = parseNuonuoCallback(text);
  // Postgres text holds no NUL: a body that is not UTF-8, or carries one, is kept with U+FFFD in their place (its hash is of the bytes).
  const body = (text ?? new TextDecoder('utf-8').decode(received.bytes)).replaceAll('\u0000', '\uFFFD');
  const bodyHash = createHash('sha256').update(received.bytes).digest('hex');
  return db.transaction().execute(async (trx) => {
    const id = await repository.insertCallback(trx, {
      channelCode: received.channelCode,
      contentType: received.contentType?.slice(0, 200) ?? null,
      body,
      bodyHash,
      operater: parsed.operater,
      state: parsed.ok ? 'received' : 'unparsable',
      error: parsed.ok ? null : parsed.error,
    });
    if (id === undefined) return { id: null, repeat: true, state: null };
    if (parsed.ok && jobs) {
      await jobs.sendInTransaction<CallbackJobData>(trx, CHANNEL_CALLBACK, { callbackId: id }, { singletonKey: id });
    }
    return { id, repeat: false, state: parsed.ok ? 'received' : 'unparsable' };
  });
}

/** The callback's request is not yet recorded as taken by the channel: its job tries again later. */
export class CallbackTooEarly extends Error {
  constructor(requestId: string) {
    super(`the request ${requestId} is not yet recorded as taken by the channel`);
    this.name = 'CallbackTooEarly';
  }
}

/** The job's work: see the module's comment. A second attempt finds the callback done and does nothing. */
export async function processCallback(db: Kysely<Database>, jobs: JobQueue, callbackId: string, lastAttempt = false): Promise<void> {
  const callback = await repository.findCallback(db, callbackId);
  if (callback?.state !== 'received') return;
  const parsed = parseNuonuoCallback(callback.body);
  if (!parsed.ok) {
    await repository.finishCallback(db, callbackId, { state: 'unparsable', error: parsed.error, requestId: null, formId: null });
    return;
  }
  const { ref } = parsed;
  const channelCode = callback.channel_code;
  const request = await repository.findRequestNamed(db, channelCode, ref);
  const open = request !== undefined && !isFinal(request.state);
  if (open && request.channel_accepted_at === null && !lastAttempt) throw new CallbackTooEarly(request.id);
  if (ref.billId || ref.billNo || ref.billUuid) {
    // A form, ours or the counterparty's: the forms' refresh asks the channel about it (and moves its request with it).
    const refreshed = await sendFormRefresh(jobs, db, { channelCode, billId: ref.billId, billNo: ref.billNo, billUuid: ref.billUuid });
    await repository.finishCallback(db, callbackId, {
      state: 'processed',
      error: null,
      requestId: refreshed.requestId ?? request?.id ?? null,
      formId: refreshed.formId,
    });
    return;
  }
  if (!request) {
    await repository.finishCallback(db, callbackId, { state: 'ignored', error: '没有找到它所指的红冲申请', requestId: null, formId: null });
    return;
  }
  await db.transaction().execute(async (trx) => {
    // An invoice order's result: the request is asked about now (its poll asks for the red invoice); one that ended needs nothing.
    if (open && request.channel_accepted_at !== null) await sendFollowNow(jobs, trx, request.id);
    await repository.finishCallback(trx, callbackId, { state: 'processed', error: null, requestId: request.id, formId: null });
  });
}

export interface CallbackListItem {
  readonly id: string;
  readonly channelCode: string;
  readonly receivedAt: number;
  readonly contentType: string | null;
  readonly bodyBytes: number;
  readonly bodyHash: string;
  readonly operater: string | null;
  readonly state: repository.CallbackState;
  readonly error: string | null;
  readonly redFlushId: string | null;
  readonly formId: string | null;
  readonly processedAt: number | null;
}

/** The newest callbacks first, with their state (never their body: it may carry what only the channel should know). */
export async function listCallbacks(
  db: Kysely<Database>,
  filter: { limit: number; state?: repository.CallbackState; beforeId?: string },
): Promise<{ items: CallbackListItem[]; nextCursor: string | null }> {
  const rows = await repository.listCallbacks(db, { ...filter, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      channelCode: row.channel_code,
      receivedAt: row.received_at.getTime(),
      contentType: row.content_type,
      bodyBytes: Number(row.body_bytes),
      bodyHash: row.body_hash,
      operater: row.operater,
      state: row.state,
      error: row.error,
      redFlushId: row.request_id,
      formId: row.form_id,
      processedAt: row.processed_at?.getTime() ?? null,
    })),
    nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
