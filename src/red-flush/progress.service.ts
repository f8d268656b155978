/**
 * A request's way through the channel, as the jobs drive it: every call
 * recorded on the request before it is made (`pending`) and completed
 * after (outcome, duration, the channel's code and message, the bodies
 * without secrets), and every change of the request's state (or of its
 * form's state) recorded as an event with what the channel said. A state
 * change takes the request's row lock and never leaves a final state (a
 * red invoice pushed before the channel's answer keeps its request
 * `issued`). See request-progress.ts for what each answer means.
 */
import type { Kysely, Transaction, Updateable } from 'kysely';
import {
  AdapterInputError,
  type ChannelCall,
  type ChannelOutcome,
  type RedConfirmForm,
  type RedInvoiceStatus,
} from '../channels/adapter.ts';
import type { Database, RedFlushEventSource, RedFlushRequestTable } from '../db/database.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { type FormSighting, keptStateOf, noteRedInvoiceOfRequest, recordForm } from './form-record.ts';
import { findFormByNames } from './forms.repository.ts';
import type { FormTracking } from './forms-queues.ts';
import * as progress from './progress.repository.ts';
import { lockGroups } from './red-flush.lock.ts';
import { formLabel, formStep, type Pace, redInvoiceStep } from './request-progress.ts';
import { isFinal, type RequestState } from './request-states.ts';
import { insertEvent } from './requests.repository.ts';

/**
 * Makes one call to the channel for a request, recorded before and after.
 * A call whose process dies in between stays `pending`: the next attempt
 * takes its outcome as unknown. Input the adapter refuses to send
 * (`AdapterInputError`) is recorded as not sent and thrown on.
 */
export async function recordedCall<T>(
  db: Kysely<Database>,
  metrics: Metrics | undefined,
  request: { readonly id: string | null; readonly channel_code: string; readonly formId?: string | null },
  call: { readonly operation: ChannelCall['operation']; readonly method: string; readonly run: () => Promise<ChannelOutcome<T>> },
): Promise<ChannelOutcome<T>> {
  const { operation, method } = call;
  const startedAt = new Date();
  const callId = await progress.insertCall(db, {
    requestId: request.id,
    formId: request.formId ?? null,
    channelCode: request.channel_code,
    operation,
    method,
    startedAt,
  });
  let outcome: ChannelOutcome<T>;
  try {
    outcome = await call.run();
  } catch (error) {
    if (error instanceof AdapterInputError) {
      await progress.finishCall(db, callId, {
        method,
        outcome: 'unavailable',
        startedAt,
        durationMs: 0,
        httpStatus: null,
        code: null,
        message: null,
        error: `not sent: ${error.message}`,
        reference: null,
        request: null,
        response: null,
      });
    }
    throw error;
  }
  const record = outcome.call;
  await progress.finishCall(db, callId, {
    method: record.method,
    outcome: record.outcome,
    startedAt: record.startedAt,
    durationMs: record.durationMs,
    httpStatus: record.httpStatus,
    code: record.code,
    message: record.message,
    error: record.error,
    reference: record.reference,
    request: asJson(record.requestBody),
    response: record.responseBody === null ? null : asJson(record.responseBody),
  });
  // The channel's last answer, on a request still open (an ended one keeps why it ended).
  if (record.code !== null && request.id !== null) {
    await progress.updateOpenRequest(db, request.id, {
      last_answer_code: record.code,
      last_answer_message: record.message,
      last_answer_at: new Date(record.startedAt.getTime() + record.durationMs),
    });
  }
  metrics?.channelCall(request.channel_code, record.method, record.outcome, record.durationMs);
  return outcome;
}

/** JSON text as stored in a `jsonb` column: as it came when it is JSON, else as a JSON string. */
function asJson(text: string): string {
  try {
    JSON.parse(text);
    return text;
  } catch {
    return JSON.stringify(text);
  }
}

/** A change to a request, made under its row lock. */
export interface Move {
  /** The new state; null: the state stays (only `changes` are recorded). A final state is never left. */
  readonly to: RequestState | null;
  readonly source: RedFlushEventSource;
  /** What caused it: the channel's code and message, the form's state, the red invoice. */
  readonly detail: Readonly<Record<string, unknown>>;
  /** Columns recorded beside it (the form's state …); recorded even on a final request. */
  readonly changes?: Updateable<RedFlushRequestTable>;
  /** Why it ends, recorded as the last answer when this move ends the request (a code only where one was given); an ended one keeps why it ended. */
  readonly endsWith?: { readonly code?: string | null; readonly message: string };
  /** Runs in the same transaction while the request is still open after the move (to send its next job). */
  readonly andThen?: (trx: Transaction<Database>, state: RequestState) => Promise<void>;
  /** Links this red invoice (the move is then to `issued`; the group lock of its blue invoice is taken first). */
  readonly redInvoice?: { readonly id: string; readonly code: string; readonly number: string };
}

/**
 * Applies a move: records the changes, the new state (if the request is
 * not final), and an event when the state or the form's state changed.
 * Returns the request's state after it (undefined: no such request).
 */
export async function move(db: Kysely<Database>, id: string, change: Move): Promise<RequestState | undefined> {
  return db.transaction().execute(async (trx) => {
    if (change.redInvoice)
      await lockGroups(trx, [{ group: { code: change.redInvoice.code, number: change.redInvoice.number }, mode: 'exclusive' }]);
    return moveIn(trx, id, change);
  });
}

/** `move` inside the caller's transaction (the push's, which holds the group lock already). */
export async function moveIn(trx: Transaction<Database>, id: string, change: Move): Promise<RequestState | undefined> {
  const locked = await progress.lockState(trx, id);
  if (!locked) return undefined;
  const from = locked.state;
  const to = change.to !== null && !isFinal(from) ? change.to : from;
  const formState = change.changes?.form_state;
  const formChanged = formState !== undefined && formState !== locked.form_state;
  const changes: Updateable<RedFlushRequestTable> = { ...(change.changes ?? {}) };
  if (to !== from) changes.state = to;
  if (change.endsWith !== undefined && to !== from && isFinal(to)) {
    if (change.endsWith.code !== undefined) changes.last_answer_code = change.endsWith.code;
    changes.last_answer_message = change.endsWith.message;
    changes.last_answer_at = new Date();
  }
  if (change.redInvoice && to === 'issued' && from !== 'issued') changes.red_invoice_id = change.redInvoice.id;
  if (Object.keys(changes).length > 0) await progress.updateRequest(trx, id, changes);
  if (to !== from || formChanged) {
    await insertEvent(trx, {
      requestId: id,
      fromState: from,
      toState: to,
      source: change.source,
      detail: { ...change.detail, ...(formChanged && { formState }) },
    });
  }
  if (change.redInvoice && to === 'issued' && from !== 'issued') {
    await noteRedInvoiceOfRequest(trx, id, change.redInvoice.id);
  }
  if (change.andThen && !isFinal(to)) await change.andThen(trx, to);
  return to;
}

/** Sends the request's next poll at this pace (in the move's transaction). */
export type Next = (trx: Transaction<Database>, pace: Pace) => Promise<void>;

/** A request as the channel's answers are applied to it. */
type Subject = Pick<
  progress.ChannelRequest,
  'id' | 'state' | 'channel_accepted_at' | 'blue_invoice_id' | 'invoice_code' | 'invoice_number' | 'channel_code' | 'seller_tax_no'
>;

/**
 * What the channel says of the request's 红字确认单, applied: the form's
 * state recorded, the request moved as `formStep` says (an ended form ends
 * it with the form's reason, its amount free again), its next poll sent
 * while it is open; a red invoice the channel says it issued is linked
 * when it is stored already (pushed, but not matched when it came). With
 * `forms`, the form is recorded as a 红字确认单 of its own (form-record.ts)
 * in the same transaction as the request's move.
 */
export async function applyForm(
  db: Kysely<Database>,
  request: Subject,
  form: RedConfirmForm,
  source: RedFlushEventSource,
  next: Next,
  forms?: FormTracking,
  sighting: Pick<FormSighting, 'source' | 'action' | 'actor' | 'detail' | 'alwaysEvent'> | Record<string, never> = {},
) {
  const state = await db.transaction().execute(async (trx) => {
    // Read under the request's lock (taken first, as every writer of its form does): a form recorded final
    // (expired by its deadline, say) stays so, and the request follows the record, not a later word.
    if (!(await progress.lockState(trx, request.id))) return undefined;
    const stored = forms ? await findFormByNames(trx, { channelCode: request.channel_code, requestId: request.id }) : undefined;
    const seenBy = 'source' in sighting ? sighting.source : undefined;
    const byDeadline = seenBy === 'deadline';
    const kept = stored ? keptStateOf(stored, form.state, byDeadline) : form.state;
    // The deadline expires a form still waiting; one the channel moved on meanwhile (confirmed, say) is left alone.
    if (byDeadline && kept !== form.state) return request.state;
    const seen = kept === form.state ? form : { ...form, state: kept };
    const step = formStep(seen.state, request.state);
    const moved = await moveIn(trx, request.id, {
      to: step.state,
      source,
      detail: { formState: seen.state, formLabel: formLabel(seen.state), message: seen.message, billNo: form.billNo },
      changes: {
        form_bill_id: form.billId ?? request.id,
        form_state: seen.state,
        ...(request.channel_accepted_at === null && { channel_accepted_at: new Date() }),
      },
      // An end the deadline (ours) or the sync (a call listing many forms) brought came with no call about this
      // request, whose code would have just been recorded as its last answer: no code goes with its reason.
      endsWith:
        step.pace === null
          ? { ...((byDeadline || seenBy === 'sync') && { code: null }), message: seen.message ?? formLabel(seen.state) }
          : undefined,
      andThen: step.pace === null ? undefined : (inner) => next(inner, step.pace as Pace),
    });
    if (moved !== undefined && forms) {
      await recordForm(
        trx,
        {
          channelCode: request.channel_code,
          form,
          request: { id: request.id, blueInvoiceId: request.blue_invoice_id, sellerTaxNo: request.seller_tax_no },
          ...sighting,
          source: seenBy ?? (source === 'job' ? 'api' : source),
        },
        forms,
      );
    }
    return moved;
  });
  if (state !== undefined && !isFinal(state) && form.redInvoice.issued && form.redInvoice.invoiceNumber) {
    await linkRedInvoiceByNumber(db, request, form.redInvoice.invoiceNumber, source);
  }
  return state;
}

/** What the channel says of a red invoice asked for directly, applied as `applyForm` does. */
export async function applyRedInvoice(
  db: Kysely<Database>,
  request: Subject,
  status: RedInvoiceStatus,
  source: RedFlushEventSource,
  next: Next,
) {
  const step = redInvoiceStep(status.status, request.state);
  const ended = step.pace === null;
  const state = await move(db, request.id, {
    to: step.state,
    source,
    detail: { invoiceStatus: status.statusCode, message: status.message, invoiceNumber: status.invoiceNumber },
    changes: {
      ...(request.channel_accepted_at === null && { channel_accepted_at: new Date() }),
    },
    endsWith: ended ? { message: status.message ?? `开票状态 ${status.statusCode}` } : undefined,
    andThen: step.pace === null ? undefined : (trx) => next(trx, step.pace as Pace),
  });
  if (state !== undefined && !isFinal(state) && status.status === 'issued' && status.invoiceNumber) {
    await linkRedInvoiceByNumber(db, request, status.invoiceNumber, source);
  }
  return state;
}

/**
 * Links the stored red invoice of the request's blue invoice with this
 * number, if it closes no request yet (under the group lock a push of that
 * invoice takes): the request is `issued`.
 */
export async function linkRedInvoiceByNumber(
  db: Kysely<Database>,
  request: Subject,
  invoiceNumber: string,
  source: RedFlushEventSource,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockGroups(trx, [{ group: { code: request.invoice_code, number: request.invoice_number }, mode: 'exclusive' }]);
    const redId = await progress.findUnlinkedRed(trx, request.blue_invoice_id, invoiceNumber);
    if (redId === undefined) return;
    await moveIn(trx, request.id, {
      to: 'issued',
      source,
      detail: { redInvoiceId: redId, invoiceNumber, matchedBy: 'channel' },
      redInvoice: { id: redId, code: request.invoice_code, number: request.invoice_number },
    });
  });
}

/** Ends a request that is still open (`refused`, `failed` or `cancelled`), with why: its amount is free again. */
export async function end(
  db: Kysely<Database>,
  id: string,
  state: 'refused' | 'failed' | 'cancelled',
  why: { readonly code?: string | null; readonly message: string },
  source: RedFlushEventSource,
): Promise<RequestState | undefined> {
  return move(db, id, {
    to: state,
    source,
    detail: { code: why.code ?? null, message: why.message },
    endsWith: { code: why.code ?? null, message: why.message },
  });
}
