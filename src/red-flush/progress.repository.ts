/**
 * SQL of a request's way through the channel: the request as the jobs
 * need it (with its blue invoice's parties), its channel calls (recorded
 * before and after each call), its state under a row lock, and what the
 * asking API answers.
 */
import { sql, type Updateable } from 'kysely';
import type { ChannelCallOutcome, Db, RedFlushRequestState, RedFlushRequestTable } from '../db/database.ts';
import { pointsAtSql as pointsAt } from './red-flush.sql.ts';
import { OPEN_STATES } from './request-states.ts';

/** A request as a job acts on it. Figures are decimal strings. */
export interface ChannelRequest {
  readonly id: string;
  readonly state: RedFlushRequestState;
  readonly path: 'confirmation_form' | 'direct' | 'info_sheet';
  readonly kind: 'full' | 'partial';
  readonly reason: number;
  readonly channel_code: string;
  readonly seller_tax_no: string;
  readonly invoice_code: string;
  readonly invoice_number: string;
  readonly invoice_type_code: string;
  readonly blue_invoice_id: string;
  readonly amount: string;
  readonly tax: string;
  readonly total: string;
  readonly channel_order_no: string | null;
  readonly channel_accepted_at: Date | null;
  readonly form_state: string | null;
  readonly red_invoice_id: string | null;
  /** The 红字信息表 number of a tax-control special invoice (info_sheet path), once given. */
  readonly info_sheet_no: string | null;
  /** The blue invoice's parties and figures. */
  readonly seller_name: string;
  readonly buyer_name: string;
  readonly buyer_tax_no: string | null;
  readonly invoice_tax_rate: string | null;
  readonly blue_total: string;
}

export async function findChannelRequest(db: Db, id: string): Promise<ChannelRequest | undefined> {
  const { rows } = await sql<ChannelRequest>`
    select q.id, q.state, q.path, q.kind, q.reason, q.channel_code, q.seller_tax_no, q.invoice_code, q.invoice_number,
      q.invoice_type_code, q.blue_invoice_id::text, q.amount::text, q.tax::text, q.total::text, q.channel_order_no,
      q.channel_accepted_at, q.form_state, q.red_invoice_id::text, q.info_sheet_no,
      b.seller_name, b.buyer_name, b.buyer_tax_no, b.invoice_tax_rate::text,
      coalesce(b.invoice_total_price_tax, b.invoice_amount + coalesce(b.invoice_tax_amount, 0))::text as blue_total
    from red_flush_requests q
    join invoices b on b.id = q.blue_invoice_id
    where q.id = ${id}
  `.execute(db);
  return rows[0];
}

/** The outcomes of a request's calls of these operations, oldest first. */
export async function callOutcomes(db: Db, id: string, operations: readonly string[]): Promise<ChannelCallOutcome[]> {
  const rows = await db
    .selectFrom('channel_calls')
    .select('outcome')
    .where('request_id', '=', id)
    .where('operation', 'in', [...operations])
    .orderBy('id')
    .execute();
  return rows.map((row) => row.outcome);
}

export interface NewCall {
  /** The request it is about; null: a form without a request (or a sync). */
  readonly requestId: string | null;
  /** The form it is about, when it has no request (migration 0011). */
  readonly formId?: string | null;
  readonly channelCode: string;
  readonly operation: string;
  /** The channel's method. */
  readonly method: string;
  readonly startedAt: Date;
}

/** A call about to be made: `pending` until it is finished (a pending call whose process died is an unknown outcome). */
export async function insertCall(db: Db, call: NewCall): Promise<string> {
  const row = await db
    .insertInto('channel_calls')
    .values({
      request_id: call.requestId,
      form_id: call.formId ?? null,
      channel_code: call.channelCode,
      method: call.method,
      operation: call.operation,
      started_at: call.startedAt,
      outcome: 'pending',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface FinishedCall {
  readonly method: string;
  readonly outcome: ChannelCallOutcome;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly httpStatus: number | null;
  readonly code: string | null;
  readonly message: string | null;
  readonly error: string | null;
  readonly reference: string | null;
  /** JSON text. */
  readonly request: string | null;
  /** JSON text. */
  readonly response: string | null;
}

export async function finishCall(db: Db, callId: string, call: FinishedCall): Promise<void> {
  await db
    .updateTable('channel_calls')
    .set({
      method: call.method,
      outcome: call.outcome,
      started_at: call.startedAt,
      duration_ms: call.durationMs,
      http_status: call.httpStatus,
      answer_code: call.code,
      answer_message: call.message,
      error: call.error,
      reference: call.reference,
      request: call.request,
      response: call.response,
    })
    .where('id', '=', callId)
    .execute();
}

/** A request's state, locked for the rest of the transaction. */
export interface LockedState {
  readonly state: RedFlushRequestState;
  readonly form_state: string | null;
  readonly channel_accepted_at: Date | null;
  readonly red_invoice_id: string | null;
}

export async function lockState(db: Db, id: string): Promise<LockedState | undefined> {
  return db
    .selectFrom('red_flush_requests')
    .select(['state', 'form_state', 'channel_accepted_at', sql<string | null>`red_invoice_id::text`.as('red_invoice_id')])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateRequest(db: Db, id: string, changes: Updateable<RedFlushRequestTable>): Promise<void> {
  await db
    .updateTable('red_flush_requests')
    .set({ ...changes, updated_at: sql<Date>`date_trunc('milliseconds', now())` })
    .where('id', '=', id)
    .execute();
}

/** The same, only while the request is open (not in a final state). */
export async function updateOpenRequest(db: Db, id: string, changes: Updateable<RedFlushRequestTable>): Promise<void> {
  await db
    .updateTable('red_flush_requests')
    .set({ ...changes, updated_at: sql<Date>`date_trunc('milliseconds', now())` })
    .where('id', '=', id)
    .where('state', 'in', [...OPEN_STATES])
    .execute();
}

/** A stored red invoice of the blue invoice with this number that closes no request yet; undefined: none. */
export async function findUnlinkedRed(db: Db, blueInvoiceId: string, invoiceNumber: string): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`
    select r.id::text
    from invoices b
    join invoices r on ${pointsAt('r', 'b')}
    where b.id = ${blueInvoiceId}::bigint and r.invoice_number = ${invoiceNumber} and r.invoicing_status <> '03'
      and not exists (select 1 from red_flush_requests q where q.red_invoice_id = r.id)
  `.execute(db);
  return rows[0]?.id;
}

/** What the asking API answers of a request. */
export interface AnswerRow {
  readonly id: string;
  readonly state: RedFlushRequestState;
  readonly path: 'confirmation_form' | 'direct' | 'info_sheet';
  readonly kind: 'full' | 'partial';
  readonly invoice_number: string;
  readonly amount: string;
  readonly tax: string;
  readonly total: string;
  readonly channel_accepted_at: Date | null;
  readonly form_state: string | null;
  readonly last_answer_code: string | null;
  readonly last_answer_message: string | null;
}

export async function findAnswers(db: Db, ids: readonly string[]): Promise<AnswerRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('red_flush_requests')
    .select([
      'id',
      'state',
      'path',
      'kind',
      'invoice_number',
      sql<string>`amount::text`.as('amount'),
      sql<string>`tax::text`.as('tax'),
      sql<string>`total::text`.as('total'),
      'channel_accepted_at',
      'form_state',
      'last_answer_code',
      'last_answer_message',
    ])
    .where('id', 'in', [...ids])
    .execute();
}

/** Of these requests, those still waiting for the channel's first answer (accepted, or submitted and not yet taken). */
export async function stillWaiting(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('red_flush_requests')
    .select('id')
    .where('id', 'in', [...ids])
    .where((eb) => eb.or([eb('state', '=', 'accepted'), eb.and([eb('state', '=', 'submitted'), eb('channel_accepted_at', 'is', null)])]))
    .execute();
  return rows.map((row) => row.id);
}

/** How many requests are in each state. */
export async function countByState(db: Db): Promise<{ state: RedFlushRequestState; count: number }[]> {
  const rows = await db
    .selectFrom('red_flush_requests')
    .select(['state', sql<string>`count(*)::text`.as('count')])
    .groupBy('state')
    .execute();
  return rows.map((row) => ({ state: row.state, count: Number(row.count) }));
}
