/**
 * The 红字确认单 API's side (issue 12, FORMS-API.md): listing and reading
 * forms, and the actions (confirm, reject, revoke, refresh) — each checked
 * against the form's state, recorded with who asked and when (an event of
 * the form, and the audit log) in the same transaction as the job that
 * calls the channel, so neither exists without the other.
 */
import Big from 'big.js';
import type { Kysely } from 'kysely';
import type { Schemas } from '../api/spec.ts';
import { actorOf, audit } from '../audit/audit.service.ts';
import type { Principal } from '../auth/auth.service.ts';
import type { Database, Db } from '../db/database.ts';
import { AppError, type FieldError } from '../errors.ts';
import { parseBound } from '../http/bounds.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../http/keyset-cursor.ts';
import type { JobQueue } from '../queue/queue.ts';
import { actionsOf, type FormAction, type FormFacts, isFinalForm, refusalOf, shownState, stateLabel } from './form-states.ts';
import * as repository from './forms.repository.ts';
import { type ActionFormData, FORM_REFRESH, type RefreshFormData, sendFormAction } from './forms-queues.ts';
import { lockGroups } from './red-flush.lock.ts';
import type { GroupKey } from './red-flush.rules.ts';
import { readRemaining } from './red-flush.service.ts';
import { figuresSaid, money } from './request-rows.ts';

export type RedConfirmFormRecord = Schemas['RedConfirmForm'];
export type RedConfirmFormDetail = Schemas['RedConfirmFormDetail'];
export type RedConfirmFormListQuery = Schemas['RedConfirmFormListQuery'];

const FORM_ID = /^[1-9][0-9]{0,17}$/;

function notFound(): AppError {
  return new AppError(404, 'not_found', { en: 'no such red confirmation form', zh: '红字确认单不存在' });
}

/** What a stored form is, as far as its rules go (its red invoice: the channel's word, or its request's push). */
export function factsOf(row: repository.FormRow): FormFacts {
  return {
    state: row.state,
    enteredBy: row.entered_by,
    origin: row.origin,
    redInvoiceIssued: row.red_invoice_number !== null || row.request_red_invoice_number !== null,
    deadlineAt: row.deadline_at,
    operationStatus: row.operation_status,
  };
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** Whether the caller may act on forms: the `redflush` scope (a console operator or admin). */
function mayAct(principal: Principal): boolean {
  return principal.scopes.includes('redflush');
}

/** A form as the API shows it to this caller. */
export function toRecord(row: repository.FormRow, principal: Principal, now = Date.now()): RedConfirmFormRecord {
  const facts = factsOf(row);
  const state = shownState(facts, now);
  return {
    id: row.id,
    channelCode: row.channel_code,
    billId: row.bill_id,
    billNo: row.bill_no,
    billUuid: row.bill_uuid,
    origin: row.origin,
    enteredBy: row.entered_by,
    state,
    stateLabel: stateLabel(state),
    final: isFinalForm(facts, now),
    expired: state === '07',
    operationStatus: row.operation_status,
    message: row.message,
    redFlushId: row.request_id,
    blueInvoice:
      row.blue_invoice_number === null
        ? null
        : { id: row.blue_invoice_id, invoiceCode: row.blue_invoice_code, invoiceNumber: row.blue_invoice_number },
    seller: { taxNo: row.seller_tax_no, name: row.seller_name },
    buyer: { taxNo: row.buyer_tax_no, name: row.buyer_name },
    amount: row.amount,
    tax: row.tax,
    total: row.total,
    reason: row.reason,
    enteredAt: iso(row.entered_at),
    deadlineAt: iso(row.deadline_at),
    confirmedAt: iso(row.confirmed_at),
    held: row.held,
    redInvoice: redInvoiceOf(row),
    actions: actionsOf(facts, mayAct(principal), now),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The red invoice: the channel's word on it, else (ours) the one its request's push linked. */
function redInvoiceOf(row: repository.FormRow): RedConfirmFormRecord['redInvoice'] {
  if (row.red_invoice_number !== null) {
    return { id: row.red_invoice_id ?? row.request_red_invoice_id, invoiceNumber: row.red_invoice_number };
  }
  if (row.request_red_invoice_number !== null) return { id: row.request_red_invoice_id, invoiceNumber: row.request_red_invoice_number };
  return null;
}

/** The form, if this caller may see it (an app limited to sellers sees only theirs). */
async function visibleForm(db: Db, principal: Principal, id: string): Promise<repository.FormRow> {
  if (!FORM_ID.test(id)) throw notFound();
  const row = await repository.findForm(db, id);
  if (!row || (principal.sellers && !principal.sellers.includes(row.seller_tax_no ?? ''))) throw notFound();
  return row;
}

/** One form with its rows, events and calls; 404 when absent or another seller's. */
export async function getForm(db: Db, principal: Principal, id: string): Promise<RedConfirmFormDetail> {
  return detailOf(db, principal, await visibleForm(db, principal, id));
}

async function detailOf(db: Db, principal: Principal, row: repository.FormRow): Promise<RedConfirmFormDetail> {
  const [events, calls] = await Promise.all([repository.formEvents(db, row.id), repository.formCalls(db, row.id, row.request_id)]);
  return {
    ...toRecord(row, principal),
    rows: Array.isArray(row.rows) ? (row.rows as Record<string, unknown>[]) : [],
    events: events.map((event) => ({
      at: event.at.toISOString(),
      fromState: event.from_state,
      toState: event.to_state,
      source: event.source,
      action: event.action,
      actor:
        event.actor_type === null || event.actor_id === null
          ? null
          : { type: event.actor_type, id: event.actor_id, name: event.actor_name ?? '' },
      detail: event.detail,
    })),
    calls: calls.map((call) => ({
      operation: call.operation,
      method: call.method,
      outcome: call.outcome as RedConfirmFormDetail['calls'][number]['outcome'],
      startedAt: call.started_at.toISOString(),
      durationMs: call.duration_ms,
      code: call.answer_code,
      message: call.answer_message,
    })),
  };
}

/** A page of forms, newest first, filtered; keyset pages (`nextCursor`). */
export async function listForms(
  db: Db,
  principal: Principal,
  query: RedConfirmFormListQuery,
): Promise<{ items: RedConfirmFormRecord[]; nextCursor: string | null }> {
  const { limit = 50, cursor, sellerTaxNo, deadlineBefore, state, ...rest } = query;
  const errors: FieldError[] = [];
  const before = deadlineBefore === undefined ? undefined : parseBound('deadlineBefore', deadlineBefore, errors);
  const after = cursor === undefined ? null : decodeKeysetCursor(cursor, FORM_ID, errors);
  if (errors.length > 0) throw AppError.validation(errors);
  let sellers = principal.sellers;
  if (sellerTaxNo !== undefined) {
    if (sellers && !sellers.includes(sellerTaxNo)) {
      throw new AppError(403, 'forbidden', {
        en: `app ${principal.appName} may not read the forms of seller ${sellerTaxNo}`,
        zh: `应用 ${principal.appName} 不能查看销方 ${sellerTaxNo} 的红字确认单`,
      });
    }
    sellers = [sellerTaxNo];
  }
  const rows = await repository.listForms(
    db,
    {
      sellers,
      ...rest,
      ...(state !== undefined && { states: state === 'waiting' ? ['02', '03'] : [state] }),
      ...(before && { deadlineBefore: new Date(before.first) }),
    },
    { after, limit: limit + 1 },
  );
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => toRecord(row, principal)),
    nextCursor: rows.length > limit && last ? encodeKeysetCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}

/** An action asked: the form's id and the event that recorded it (its answer names it). */
export interface AskedAction {
  readonly formId: string;
  readonly actionEventId: string;
}

/**
 * Records an action on a form and sends the job that does it at the
 * channel, in one transaction under the form's row lock: 409 when the
 * state does not allow it (or another action on the form is under way).
 */
export async function askAction(
  db: Kysely<Database>,
  jobs: JobQueue,
  principal: Principal,
  id: string,
  action: FormAction,
  meta: { readonly reason: string | null; readonly requestId: string | null },
): Promise<AskedAction> {
  const seen = await visibleForm(db, principal, id);
  return db.transaction().execute(async (trx) => {
    // A confirm commits us to a red flush: decided under the blue invoice's group lock, as a request is (red-flush.lock.ts).
    const blue = action === 'confirm' && seen.blue_invoice_id !== null ? groupOfForm(seen) : undefined;
    if (blue) await lockGroups(trx, [{ group: blue, mode: 'exclusive' }]);
    const form = (await repository.lockForm(trx, id)) as repository.FormRow;
    const refusal = refusalOf(action, factsOf(form));
    if (refusal !== null) throw new AppError(409, 'conflict', { en: `the form's state does not allow ${action}`, zh: refusal });
    if (blue) {
      await mayConfirm(trx, form, blue);
      // From the ask it holds its total (form-record.ts `heldOf`): a request decided before the channel's 04 counts it.
      if (!form.held) await repository.updateForm(trx, form.id, { held: true });
    }
    const actor = principal.user ? { appId: null, userId: principal.user.id } : { appId: principal.appId, userId: null };
    const actionEventId = await repository.insertFormEvent(trx, {
      formId: form.id,
      fromState: form.state,
      toState: form.state,
      source: 'action',
      action,
      actorAppId: actor.appId,
      actorUserId: actor.userId,
      detail: { ...(meta.reason !== null && { reason: meta.reason }), requestId: meta.requestId },
    });
    await audit(trx, actorOf(principal), {
      action: `red_confirm_form.${action}`,
      target: `red_confirm_form:${form.id}`,
      details: { channelCode: form.channel_code, billId: form.bill_id, billNo: form.bill_no, state: form.state, reason: meta.reason },
      requestId: meta.requestId,
    });
    if (action === 'refresh') {
      await jobs.sendInTransaction<RefreshFormData>(trx, FORM_REFRESH, {
        channelCode: form.channel_code,
        formId: form.id,
        source: 'action',
        actionEventId,
      });
    } else {
      const data: ActionFormData = {
        formId: form.id,
        action,
        actionEventId,
        afterCallId: await repository.lastCallId(trx, form.id, form.request_id),
        reason: meta.reason,
      };
      if ((await sendFormAction(jobs, trx, data)) === null) {
        throw new AppError(409, 'conflict', {
          en: 'another action on this form is under way',
          zh: `红字确认单正在处理另一个操作，请稍后再试（状态${stateLabel(form.state)}）`,
        });
      }
    }
    return { formId: form.id, actionEventId };
  });
}

/** The blue invoice's group of a form that names its stored blue invoice. */
function groupOfForm(form: repository.FormRow): GroupKey | undefined {
  return form.blue_invoice_number === null ? undefined : { code: form.blue_invoice_code, number: form.blue_invoice_number };
}

/**
 * Confirming a buyer's form commits the seller to its red invoice, so what
 * is left of the blue invoice must cover it, open requests and held forms
 * included (seed 002: 剩余可红冲金额不足), as for a request: 409 otherwise,
 * with the figures. Decided under the group lock, and the form holds from
 * then on (form-record.ts `heldOf`): a request that comes while the channel
 * is asked, or while it says 确认中, counts it; the channel's refusal of the
 * confirm frees it again (red-confirm-form-action.job.ts).
 */
async function mayConfirm(trx: Db, form: repository.FormRow, blue: GroupKey): Promise<void> {
  const figures = await readRemaining(trx, blue);
  if (!figures || form.total === null || new Big(form.total).lte(figures.remaining)) return;
  throw new AppError(409, 'conflict', {
    en: `what is left of invoice ${blue.number} (${figures.remaining}) does not cover the form's total (${form.total})`,
    zh: `发票号码：${blue.number} 剩余可红冲金额不足，不能确认：${figuresSaid(figures)}，本红字确认单 ${money(new Big(form.total))}`,
  });
}

/** Whether the channel's answer to the action is recorded (the answer then says 200, else 202). */
export async function actionAnswered(db: Db, asked: AskedAction): Promise<boolean> {
  return repository.actionAnswered(db, asked.formId, asked.actionEventId);
}
