/**
 * What the asking API answers of an accepted request. The request and its
 * channel call are committed first; then, with a job queue, the answer
 * waits up to `REDFLUSH_SYNC_WAIT_MS` for the channel's first answer (the
 * request leaves `accepted` and is no longer `submitted` without the
 * channel having taken it: it took it, refused it, or it ended), looking at
 * the request's row every 50 ms, and answers with the request's state as
 * it is andThen: `success: true` while it is open or issued (a slower
 * channel: `submitted`, or `accepted` if no worker took it yet), a refusal
 * in seed 000's envelope when it ended without a red invoice (the
 * channel's message in `msg`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/database.ts';
import * as progress from './progress.repository.ts';
import { type AnswerSnapshot, endMessage, successMessage } from './request-progress.ts';
import { isFinal, type RequestState, STATE_LABELS } from './request-states.ts';
import type { AcceptedRequest } from './requests.service.ts';

const LOOK_EVERY_MS = 50;

/** The request as the answer shows it. */
export interface RequestSummary {
  readonly redFlushId: string;
  readonly state: RequestState;
  readonly stateLabel: string;
  readonly kind: 'full' | 'partial';
  readonly amount: string;
  readonly tax: string;
  readonly total: string;
}

export type RequestAnswer =
  | { readonly success: true; readonly msg: string; readonly request: RequestSummary }
  | {
      readonly success: false;
      /** 400: the channel refused, or the form was voided; 502: it could not be done. */
      readonly status: 400 | 502;
      readonly reason: 'channel_refused' | 'cancelled' | 'failed';
      readonly msg: string;
      readonly request: RequestSummary;
      /** The channel's last code and message, as it answered. */
      readonly channel: { readonly code: string | null; readonly message: string | null; readonly formState: string | null };
    };

/** Waits (up to `waitMs`) until none of these requests waits for the channel's first answer any more. */
export async function waitForChannel(db: Db, ids: readonly string[], waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  let waiting = [...ids];
  while (waiting.length > 0 && Date.now() < deadline) {
    await sleep(Math.min(LOOK_EVERY_MS, Math.max(0, deadline - Date.now())));
    waiting = await progress.stillWaiting(db, waiting);
  }
}

/**
 * The answers of accepted requests, in order. `waitMs` null (no job
 * queue): as accepted, without reading again. Otherwise the new ones wait
 * for the channel's first answer; each is then read as it is.
 */
export async function answersOf(db: Db, accepted: readonly AcceptedRequest[], waitMs: number | null): Promise<RequestAnswer[]> {
  if (waitMs === null) {
    return accepted.map((request) =>
      answerOf({
        id: request.redFlushId,
        state: request.state,
        path: 'direct',
        kind: request.kind,
        invoice_number: '',
        amount: request.amount,
        tax: request.tax,
        total: request.total,
        channel_accepted_at: null,
        form_state: null,
        last_answer_code: null,
        last_answer_message: null,
      }),
    );
  }
  const fresh = accepted.filter((request) => !request.replayed && request.state === 'accepted').map((request) => request.redFlushId);
  if (waitMs > 0 && fresh.length > 0) await waitForChannel(db, fresh, waitMs);
  const rows = new Map(
    (
      await progress.findAnswers(
        db,
        accepted.map((request) => request.redFlushId),
      )
    ).map((row) => [row.id, row]),
  );
  return accepted.map((request) => {
    const row = rows.get(request.redFlushId);
    if (!row) throw new Error(`red-flush request ${request.redFlushId} is not stored`);
    return answerOf(row);
  });
}

function answerOf(row: progress.AnswerRow): RequestAnswer {
  const request: RequestSummary = {
    redFlushId: row.id,
    state: row.state,
    stateLabel: STATE_LABELS[row.state],
    kind: row.kind,
    amount: row.amount,
    tax: row.tax,
    total: row.total,
  };
  const snapshot: AnswerSnapshot = {
    state: row.state,
    path: row.path,
    invoiceNumber: row.invoice_number,
    channelAccepted: row.channel_accepted_at !== null,
    formState: row.form_state,
    lastCode: row.last_answer_code,
    lastMessage: row.last_answer_message,
  };
  if (!isFinal(row.state) || row.state === 'issued') return { success: true, msg: successMessage(snapshot), request };
  const { reason, msg } = endMessage(snapshot);
  return {
    success: false,
    status: reason === 'failed' ? 502 : 400,
    reason,
    msg,
    request,
    channel: { code: row.last_answer_code, message: row.last_answer_message, formState: row.form_state },
  };
}
