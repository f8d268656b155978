/**
 * The 红字确认单 queues, their jobs' data, their settings, and how a job
 * is sent: src/red-flush sends, src/jobs/red-confirm-form*.job.ts works
 * them (issue 12).
 *
 * - `red-confirm-form-follow`: keeps track of a form that is not final.
 *   A counterparty form is asked about with backoff (from `pollMs`,
 *   doubling, at most `pollMaxMs` apart), and once more just after its
 *   deadline; a form of ours only just after its deadline (its request's
 *   polls ask about it meanwhile). At most one waiting per form (policy
 *   `stately`, keyed by the form's id).
 * - `red-confirm-form-refresh`: ask the channel about a form now (a
 *   callback came, someone pressed 刷新); a form not stored yet is looked
 *   up by its names and recorded.
 * - `red-confirm-form-action`: confirm, reject or revoke a form at the
 *   channel, once (policy `exclusive` by form: one at a time).
 * - `red-confirm-form-sync`: lists the forms of the last days at every
 *   channel with an adapter and records them; each run sends the next one
 *   (`syncIntervalMs` later; pg-boss's cron is off in this project).
 */
import type { Transaction } from 'kysely';
import type { Database, Db, RedConfirmFormAction, RedConfirmFormEventSource } from '../db/database.ts';
import type { JobQueue } from '../queue/queue.ts';
import { isFinalState, isWaiting } from './form-states.ts';

export const FORM_FOLLOW = 'red-confirm-form-follow';
export const FORM_REFRESH = 'red-confirm-form-refresh';
export const FORM_ACTION = 'red-confirm-form-action';
export const FORM_SYNC = 'red-confirm-form-sync';

/** How fapiao-hub keeps track of forms (config: REDFLUSH_CONFIRM_HOURS, REDFLUSH_FORM_SYNC_*). */
export interface FormSettings {
  /** The confirmation window: deadline = entered + this (the bureau's 72 hours). */
  readonly confirmWindowMs: number;
  /** The first poll of a counterparty form after a change; doubles each round. */
  readonly pollMs: number;
  readonly pollMaxMs: number;
  /** The poll after the deadline comes this long after it. */
  readonly deadlineGraceMs: number;
  /** Between two runs of the sync; 0: no periodic sync (the CLI's `forms sync` still runs one). */
  readonly syncIntervalMs: number;
  /** The sync asks for the forms entered in the last this many days (overlapping runs). */
  readonly syncDays: number;
}

export const DEFAULT_FORM_SETTINGS: FormSettings = Object.freeze({
  confirmWindowMs: 72 * 3_600_000,
  pollMs: 60_000,
  pollMaxMs: 3_600_000,
  deadlineGraceMs: 60_000,
  syncIntervalMs: 600_000,
  syncDays: 7,
});

/** What recording a form needs to keep track of it: the queue and the settings. */
export interface FormTracking {
  readonly jobs: JobQueue;
  readonly settings: FormSettings;
}

export interface FollowFormData {
  readonly formId: string;
  /** 0 after a change; the delay doubles with it. */
  readonly round: number;
}

export interface RefreshFormData {
  readonly channelCode: string;
  readonly formId?: string | null;
  readonly billId?: string | null;
  readonly billNo?: string | null;
  readonly billUuid?: string | null;
  /** What made us ask (recorded with what the channel says). */
  readonly source: RedConfirmFormEventSource;
  /** A 刷新 someone asked for: the answer is recorded against this event (with who asked). */
  readonly actionEventId?: string | null;
}

export interface ActionFormData {
  readonly formId: string;
  readonly action: Exclude<RedConfirmFormAction, 'refresh'>;
  /** The event that recorded who asked: the channel's answer is recorded against it. */
  readonly actionEventId: string;
  /** The form's calls up to this id came before the action: an unknown outcome after it means "may have been sent". */
  readonly afterCallId: string;
  readonly reason?: string | null;
}

export interface SyncFormsData {
  /** `interval`: the periodic run (sends the next); `once`: asked for by the CLI. */
  readonly run: 'interval' | 'once';
}

/** The facts that decide when a form is looked at next. */
export interface FollowedForm {
  readonly id: string;
  readonly state: string;
  readonly origin: 'ours' | 'counterparty';
  readonly deadline_at: Date | null;
  readonly red_invoice_number: string | null;
}

/**
 * When a form is looked at next, in ms from now; null: not by this queue
 * (final, or ours and not waiting: its request's polls follow it).
 */
export function followDelayMs(settings: FormSettings, form: FollowedForm, round: number, now = Date.now()): number | null {
  if (isFinalState(form.state) || form.red_invoice_number !== null) return null;
  const untilDeadline =
    isWaiting(form.state) && form.deadline_at !== null ? Math.max(0, form.deadline_at.getTime() + settings.deadlineGraceMs - now) : null;
  if (form.origin === 'ours') return untilDeadline;
  const backoff = Math.min(settings.pollMs * 2 ** Math.min(round, 30), settings.pollMaxMs);
  return untilDeadline === null ? backoff : Math.min(backoff, untilDeadline);
}

/** Sends a form's next look (in the caller's transaction), if it needs one. */
export async function sendFormFollow(tracking: FormTracking, trx: Transaction<Database>, form: FollowedForm, round: number): Promise<void> {
  const delay = followDelayMs(tracking.settings, form, round);
  if (delay === null) return;
  await tracking.jobs.sendInTransaction<FollowFormData>(
    trx,
    FORM_FOLLOW,
    { formId: form.id, round },
    { singletonKey: form.id, startAfter: new Date(Date.now() + delay) },
  );
}

/** Sends an action to the channel (in the transaction that records who asked); null: one is under way for the form. */
export async function sendFormAction(jobs: JobQueue, trx: Transaction<Database>, data: ActionFormData): Promise<string | null> {
  return jobs.sendInTransaction<ActionFormData>(trx, FORM_ACTION, data, { singletonKey: data.formId });
}

/** Sends a sync run now (the CLI, the first start) or `delayMs` from now (the periodic run's next). */
export async function sendFormSync(jobs: JobQueue, run: SyncFormsData['run'], delayMs = 0): Promise<string | null> {
  return jobs.send<SyncFormsData>(
    FORM_SYNC,
    { run },
    {
      singletonKey: run,
      ...(delayMs > 0 && { startAfter: new Date(Date.now() + delayMs) }),
    },
  );
}

/** A form as another part of fapiao-hub names it (a callback, the console). */
export interface FormReference {
  readonly channelCode: string;
  readonly billId?: string | null;
  readonly billNo?: string | null;
  readonly billUuid?: string | null;
}

/**
 * Makes fapiao-hub ask the channel about a form now: the form is looked up
 * (by its names, or as the request whose id is `billId`) and a refresh is
 * queued at once; a form not stored yet is looked up at the channel by the
 * refresh job and recorded. Nothing is trusted from the caller but the
 * names. `source` is what the channel's answer is recorded as having come
 * from (a callback, by default).
 */
export async function sendFormRefresh(
  jobs: JobQueue,
  db: Db,
  ref: FormReference,
  source: RedConfirmFormEventSource = 'callback',
): Promise<{ readonly formId: string | null; readonly requestId: string | null }> {
  const { channelCode } = ref;
  const names = { billId: ref.billId ?? null, billNo: ref.billNo ?? null, billUuid: ref.billUuid ?? null };
  const form = await db
    .selectFrom('red_confirm_forms')
    .select(['id', 'request_id'])
    .where('channel_code', '=', channelCode)
    .where((eb) =>
      eb.or([
        ...(names.billUuid ? [eb('bill_uuid', '=', names.billUuid)] : []),
        ...(names.billId ? [eb('bill_id', '=', names.billId), eb('request_id', '=', names.billId)] : []),
        ...(names.billNo ? [eb('bill_no', '=', names.billNo)] : []),
        ...(!names.billUuid && !names.billId && !names.billNo ? [eb.lit(false)] : []),
      ]),
    )
    .orderBy('id')
    .executeTakeFirst();
  let requestId = form?.request_id ?? null;
  if (!form && names.billId) {
    const request = await db
      .selectFrom('red_flush_requests')
      .select('id')
      .where('id', '=', names.billId)
      .where('channel_code', '=', channelCode)
      .executeTakeFirst();
    requestId = request?.id ?? null;
  }
  const formId = form ? String(form.id) : null;
  await jobs.send<RefreshFormData>(FORM_REFRESH, { channelCode, formId, ...names, source });
  return { formId, requestId };
}
