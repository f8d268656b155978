/**
 * Recording what a channel says of a 红字确认单 (issue 12): the one place
 * a form is written. Whoever saw it (the request's jobs, a poll of the
 * form, the sync, an action's answer, the deadline) calls `recordForm`;
 * it finds the form by its names under a row lock (or inserts it, the
 * unique indexes deciding a race), keeps what it learned, and records an
 * event whenever the state or the operation under way changed, with where
 * it came from and who asked. A final state is never left (a form expired
 * by its deadline stays 07 whatever comes later).
 */
import Big from 'big.js';
import type { Kysely, Transaction } from 'kysely';
import type { RedConfirmForm } from '../channels/adapter.ts';
import type { Database, Db, RedConfirmFormAction, RedConfirmFormEventSource, RedConfirmFormTable } from '../db/database.ts';
import { APPLYING, BUYER_ENTERED, isFinalState, keptState } from './form-states.ts';
import * as forms from './forms.repository.ts';
import { DEFAULT_FORM_SETTINGS, type FormTracking, sendFormFollow } from './forms-queues.ts';

/** Who asked for an action: an app or a console user. */
export interface FormActor {
  readonly appId: string | null;
  readonly userId: string | null;
}

/** A form as a channel reported it, and how we came to see it. */
export interface FormSighting {
  readonly channelCode: string;
  readonly form: RedConfirmForm;
  readonly source: RedConfirmFormEventSource;
  /** Our request whose form it is (origin `ours`, `bill_id` = its id). */
  readonly request?: { readonly id: string; readonly blueInvoiceId: string; readonly sellerTaxNo: string } | null;
  readonly action?: RedConfirmFormAction | null;
  readonly actor?: FormActor | null;
  /** More to record with the event (the channel's code and message, the action's reason…). */
  readonly detail?: Readonly<Record<string, unknown>>;
  /** Record an event even when nothing changed (the channel's answer to an action). */
  readonly alwaysEvent?: boolean;
}

export interface RecordedForm {
  readonly id: string;
  readonly created: boolean;
  /** The state or the operation under way changed (or the form is new). */
  readonly changed: boolean;
  readonly state: string;
  readonly row: forms.FormRow;
}

/** The state the stored form is recorded in once the channel reports `word` (`keptState`), its red invoice known by number or link. */
export function keptStateOf(
  stored: Pick<forms.FormRow, 'state' | 'red_invoice_number' | 'red_invoice_id'>,
  word: string,
  byDeadline: boolean,
): string {
  const issued = stored.red_invoice_number !== null || stored.red_invoice_id !== null;
  return keptState({ state: stored.state, issued }, word, byDeadline);
}

/** Positive, as a person says it (the channel writes red amounts negative). */
function positive(value: string | null): string | null {
  if (value === null || !/^-?\d+(\.\d+)?$/.test(value)) return null;
  return new Big(value).abs().toFixed(2);
}

/**
 * Records a form a channel reported: upserted by (channel, uuid / billId /
 * billNo), or by its request; an event when its state or operation status
 * changed. With `tracking`, a form that is not final gets its next look
 * (red-confirm-form-follow) in the same transaction.
 */
export async function recordForm(db: Db, sighting: FormSighting, tracking?: FormTracking): Promise<RecordedForm> {
  if (db.isTransaction) return recordIn(db as Transaction<Database>, sighting, tracking);
  return (db as Kysely<Database>).transaction().execute((trx) => recordIn(trx, sighting, tracking));
}

async function recordIn(trx: Transaction<Database>, sighting: FormSighting, tracking: FormTracking | undefined): Promise<RecordedForm> {
  const { channelCode, form } = sighting;
  const settings = tracking?.settings ?? DEFAULT_FORM_SETTINGS;
  const request = sighting.request ?? (form.billId ? await forms.findRequestOfBill(trx, channelCode, form.billId) : undefined) ?? null;
  const names = {
    channelCode,
    requestId: request?.id ?? null,
    billId: form.billId ?? request?.id ?? null,
    billNo: form.billNo,
    billUuid: form.billUuid,
  };
  const amount = positive(form.amount);
  const tax = positive(form.taxAmount);
  const figures = amount !== null && tax !== null ? { amount, tax, total: new Big(amount).plus(tax).toFixed(2) } : null;
  const redNumber = form.redInvoice.issued ? form.redInvoice.invoiceNumber : null;
  const now = new Date();
  const detail = {
    ...(form.message !== null && { message: form.message }),
    ...(form.operationStatus !== null && { operationStatus: form.operationStatus }),
    ...(redNumber !== null && { redInvoiceNumber: redNumber }),
    ...sighting.detail,
  };
  const event = {
    source: sighting.source,
    action: sighting.action ?? null,
    actorAppId: sighting.actor?.appId ?? null,
    actorUserId: sighting.actor?.userId ?? null,
  };

  let existing = await forms.lockFormByNames(trx, names);
  if (!existing) {
    const blueInvoiceId =
      request?.blueInvoiceId ??
      (form.blue ? await forms.findBlueInvoiceId(trx, form.blue.invoiceCode, form.blue.invoiceNumber) : undefined) ??
      null;
    const enteredAt = form.enteredAt ?? now;
    const origin = request ? 'ours' : 'counterparty';
    const enteredBy = form.enteredBy ?? (request ? 'seller' : 'buyer');
    const redInvoiceId = redNumber === null ? null : ((await forms.findRedInvoiceId(trx, blueInvoiceId, redNumber)) ?? null);
    const values: forms.NewFormColumns = {
      channel_code: channelCode,
      bill_id: names.billId,
      bill_no: form.billNo,
      bill_uuid: form.billUuid,
      origin,
      entered_by: enteredBy,
      request_id: request?.id ?? null,
      blue_invoice_id: blueInvoiceId,
      blue_invoice_code: form.blue?.invoiceCode ?? '',
      blue_invoice_number: form.blue?.invoiceNumber ?? null,
      seller_tax_no: form.sellerTaxNo ?? request?.sellerTaxNo ?? null,
      seller_name: form.sellerName,
      buyer_tax_no: form.buyerTaxNo,
      buyer_name: form.buyerName,
      amount: figures?.amount ?? null,
      tax: figures?.tax ?? null,
      total: figures?.total ?? null,
      reason: form.reason,
      rows: JSON.stringify(form.rows),
      state: form.state,
      operation_status: form.operationStatus,
      message: form.message,
      held: heldOf(origin, enteredBy, form.state, redInvoiceId, false),
      entered_at: enteredAt,
      deadline_at: new Date(enteredAt.getTime() + settings.confirmWindowMs),
      confirmed_at: form.confirmedAt,
      red_invoice_id: redInvoiceId,
      red_invoice_number: redNumber,
    };
    const id = await forms.insertForm(trx, values);
    if (id !== undefined) {
      await forms.insertFormEvent(trx, { formId: id, fromState: null, toState: form.state, ...event, detail });
      const row = (await forms.findForm(trx, id)) as forms.FormRow;
      if (tracking) await sendFormFollow(tracking, trx, row, 0);
      return { id, created: true, changed: true, state: row.state, row };
    }
    // Another transaction inserted it meanwhile: update that one.
    existing = await forms.lockFormByNames(trx, names);
    if (!existing) throw new Error(`red confirm form of ${channelCode} ${JSON.stringify(names)}: inserted by another, yet not found`);
  }

  const from = existing.state;
  const final = isFinalState(from);
  const state = keptStateOf(existing, form.state, sighting.source === 'deadline');
  // A word the record does not follow (a stale one, or one after the end) is kept in the event only.
  const followed = !final && state === form.state;
  const operationStatus = followed ? form.operationStatus : existing.operation_status;
  const changed = state !== from || operationStatus !== existing.operation_status;
  const blueInvoiceId =
    existing.blue_invoice_id ??
    (form.blue ? await forms.findBlueInvoiceId(trx, form.blue.invoiceCode, form.blue.invoiceNumber) : undefined) ??
    null;
  const issuedNumber = existing.red_invoice_number ?? redNumber;
  const changes: Partial<Record<keyof RedConfirmFormTable, unknown>> = {
    state,
    operation_status: operationStatus,
    last_seen_at: now,
    // A final form keeps the message and deadline it ended with (the sync reports an expired one as 02 for days).
    ...(followed && form.message !== null && { message: form.message }),
    ...(existing.bill_no === null && form.billNo !== null && { bill_no: form.billNo }),
    ...(existing.bill_uuid === null && form.billUuid !== null && { bill_uuid: form.billUuid }),
    ...(existing.bill_id === null && names.billId !== null && { bill_id: names.billId }),
    ...(existing.blue_invoice_id === null && blueInvoiceId !== null && { blue_invoice_id: blueInvoiceId }),
    ...(existing.blue_invoice_number === null &&
      form.blue && { blue_invoice_code: form.blue.invoiceCode, blue_invoice_number: form.blue.invoiceNumber }),
    ...(existing.seller_tax_no === null && form.sellerTaxNo !== null && { seller_tax_no: form.sellerTaxNo }),
    ...(form.sellerName !== null && { seller_name: form.sellerName }),
    ...(form.buyerTaxNo !== null && { buyer_tax_no: form.buyerTaxNo }),
    ...(form.buyerName !== null && { buyer_name: form.buyerName }),
    ...(figures !== null && { amount: figures.amount, tax: figures.tax, total: figures.total }),
    ...(form.reason !== null && { reason: form.reason }),
    ...(form.rows.length > 0 && { rows: JSON.stringify(form.rows) }),
    ...(!final &&
      form.enteredAt !== null &&
      existing.entered_at?.getTime() !== form.enteredAt.getTime() && {
        entered_at: form.enteredAt,
        deadline_at: new Date(form.enteredAt.getTime() + settings.confirmWindowMs),
      }),
    ...(form.confirmedAt !== null && { confirmed_at: form.confirmedAt }),
    ...(existing.red_invoice_number === null && redNumber !== null && { red_invoice_number: redNumber }),
  };
  let redInvoiceId = existing.red_invoice_id;
  if (issuedNumber !== null && redInvoiceId === null) {
    redInvoiceId = (await forms.findRedInvoiceId(trx, blueInvoiceId, issuedNumber)) ?? null;
    if (redInvoiceId !== null) changes.red_invoice_id = redInvoiceId;
  }
  changes.held = heldOf(existing.origin, existing.entered_by, state, redInvoiceId, existing.held);
  await forms.updateForm(trx, existing.id, changes as Parameters<typeof forms.updateForm>[2]);
  if (changed || sighting.alwaysEvent) {
    const stateChanged = state !== form.state ? { channelState: form.state } : {};
    await forms.insertFormEvent(trx, {
      formId: existing.id,
      fromState: from,
      toState: state,
      ...event,
      detail: { ...detail, ...stateChanged },
    });
  }
  const row = (await forms.findForm(trx, existing.id)) as forms.FormRow;
  if (tracking && changed) await sendFormFollow(tracking, trx, row, 0);
  return { id: existing.id, created: false, changed, state, row };
}

/**
 * Whether a form holds its total against its blue invoice: a counterparty
 * form (one fapiao-hub did not apply for: the buyer's, or one the seller
 * entered at the channel or the bureau) whose red invoice is not stored here
 * yet, and that will become a red invoice with nobody here doing anything
 * more (seed 002: what is left must cover 待开中的红冲金额): one in 01 无需确认
 * or 04 购销双方已确认 (the red invoice is issued next), and one the seller
 * entered that waits for the buyer (02) or the bureau (15), as our own
 * request holds while its form does. A buyer's form waiting for us (03)
 * holds nothing until we ask to confirm it: from then on it holds
 * (forms.service.ts checks what is left and sets `held` in the ask's
 * transaction), through the channel's 确认中, until the channel refuses the
 * confirm (the action's job releases it) or the form moves on: in 03 a form
 * keeps what it held (`heldBefore`). The channel's word that its red
 * invoice was issued is not enough: until it is pushed, it counts nowhere
 * else, and what is left would be too much (its push is linked by the
 * form's names or number, red-invoice-link.ts). Ours never hold: their
 * request does.
 */
function heldOf(
  origin: 'ours' | 'counterparty',
  enteredBy: 'seller' | 'buyer',
  state: string,
  redInvoiceId: string | null,
  heldBefore: boolean,
): boolean {
  if (origin !== 'counterparty' || redInvoiceId !== null) return false;
  if (state === BUYER_ENTERED) return heldBefore;
  return state === '01' || state === '04' || (enteredBy === 'seller' && (state === '02' || state === APPLYING));
}

/**
 * The red invoice a push linked to our request, noted on its form (in the
 * push's transaction): the form is then final (its red invoice issued), an
 * event (source `push`) says so. A red invoice is issued only in 01 or 04,
 * so a form last seen waiting for the buyer (02) was confirmed: it is
 * recorded 04 (the event says it was inferred); any other state stays as
 * last seen.
 */
export async function noteRedInvoiceOfRequest(trx: Transaction<Database>, requestId: string, redInvoiceId: string): Promise<void> {
  const form = await forms.lockFormByNames(trx, { channelCode: '', requestId });
  if (!form || form.red_invoice_id !== null) return;
  const redInvoice = { id: redInvoiceId, number: await forms.invoiceNumberOf(trx, redInvoiceId) };
  const state = form.state === '02' ? '04' : form.state;
  await forms.updateForm(trx, form.id, {
    state,
    red_invoice_id: redInvoice.id,
    red_invoice_number: redInvoice.number,
    held: false,
  });
  await forms.insertFormEvent(trx, {
    formId: form.id,
    fromState: form.state,
    toState: state,
    source: 'push',
    detail: { redInvoiceId: redInvoice.id, redInvoiceNumber: redInvoice.number, ...(state !== form.state && { inferred: true }) },
  });
}
