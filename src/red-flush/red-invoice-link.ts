/**
 * Closing the loop: a pushed red invoice naming a blue invoice closes the
 * open request of that blue invoice it answers, in the push's transaction
 * (which holds the blue invoice's group lock, as a request's decision
 * does). The request becomes `issued` with the red invoice linked; from
 * then on the red invoice counts against what is left, the request holds
 * nothing (so it is counted once).
 *
 * Which request: the one whose order number (`channel_order_no`, or its id,
 * the form's billId) the red invoice carries as `orderNo`. A red invoice
 * with no `orderNo` at all (a channel that does not echo it) closes the
 * oldest open request of that blue invoice with its total whose 红字确认单
 * is not known to wait (02, 03) or to be under the bureau's review (15): a
 * red invoice is issued only for a form in 01 or 04 (seed 003), so one
 * that still waits cannot have produced it. A red invoice whose `orderNo`
 * names no request (another form's, or one made elsewhere) never closes a
 * request by its total: that would end a request whose form goes on at the
 * channel. A red invoice that answers none is stored as before and counts
 * against what is left, beside what the open requests hold (so what is left
 * errs low, never high, until the request ends or its poll links its own red
 * invoice by number). A voided red invoice closes nothing, nor does one that
 * closed a request already.
 *
 * A red invoice that closed no request may answer a counterparty 红字确认单
 * that holds against its blue invoice (`held`, form-record.ts): the one its
 * `orderNo` names (the form's billId, bill number or uuid), else the one
 * whose red invoice number the channel reported (`red_invoice_number`), else
 * the oldest with the red invoice's total and no number known. The form gets
 * the red invoice (`red_invoice_id`), holds no more (the red invoice counts
 * instead), and an event (source `push`).
 *
 * It costs a push that carries no red invoice nothing: the push calls it
 * only when the red-flush groups it touches hold red invoices, and it
 * looks at the pushed red invoices alone.
 */
import Big from 'big.js';
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { unnest } from '../db/unnest.ts';
import { INVOICE_TYPE, INVOICING_STATUS } from '../invoice-codes.ts';
import { moveIn } from './progress.service.ts';
import { pointsAtSql as pointsAt, redAmountSql as redAmountOf } from './red-flush.sql.ts';
import { OPEN_STATES } from './request-states.ts';

/** An invoice of a push, as far as closing requests needs it. */
export interface PushedInvoice {
  readonly invoiceType: number;
  readonly invoiceCode: string;
  readonly invoiceNumber: string;
  readonly originalInvoiceNumber?: string | null | undefined;
  readonly invoicingStatus: string;
}

const RED = INVOICE_TYPE.RED;
const VOIDED = INVOICING_STATUS.VOIDED;

interface StoredRed {
  readonly id: string;
  readonly invoice_number: string;
  readonly order_no: string | null;
  readonly total: string;
  readonly blue_id: string;
  readonly blue_code: string;
  readonly blue_number: string;
}

interface OpenRequest {
  readonly id: string;
  readonly blue_invoice_id: string;
  readonly total: string;
  readonly channel_order_no: string | null;
  /** The state of its 红字确认单 as last seen; null when it has none (yet). */
  readonly form_state: string | null;
}

/** A red invoice is issued only for a form in 01 or 04: a request whose form is in one of these did not produce it. */
const NOT_ISSUING_STATES = new Set(['02', '03', '15']);

/*
 * The statements below run on every push of a red invoice naming a blue one. They run unnamed, planned for the
 * push's own rows: prepared, their generic plan assumed ten rows per array and, where statistics lagged behind a
 * table's growth, hash-joined a whole table (bench/RESULTS.md). Their plans: test/query-plans.test.ts.
 */

/** The pushed red invoices as stored, not voided and linked to nothing yet, with the blue invoice each names. */
export function storedRedsQuery(reds: readonly PushedInvoice[]): RawBuilder<StoredRed> {
  return sql<StoredRed>`
    select r.id::text, r.invoice_number, r.order_no, ${redAmountOf('r')}::text as total,
      b.id::text as blue_id, b.invoice_code as blue_code, b.invoice_number as blue_number
    from ${unnest(
      [
        { column: 'code', type: 'text' },
        { column: 'number', type: 'text' },
      ],
      reds.map((red) => [red.invoiceCode, red.invoiceNumber]),
      'k',
    )}
    join invoices r on r.invoice_code = k.code and r.invoice_number = k.number
    join invoices b on ${pointsAt('r', 'b')}
    where r.invoicing_status <> ${VOIDED}
      and not exists (select 1 from red_flush_requests q where q.red_invoice_id = r.id)
      and not exists (select 1 from red_confirm_forms f where f.red_invoice_id = r.id)
    order by r.id
  `;
}

/** The open requests of these blue invoices, oldest first, with the state of their form. */
export function openRequestsQuery(blueIds: readonly string[]): RawBuilder<OpenRequest> {
  return sql<OpenRequest>`
    select q.id, q.blue_invoice_id::text, q.total::text, q.channel_order_no, f.state as form_state
    from red_flush_requests q
    left join red_confirm_forms f on f.request_id = q.id
    where q.blue_invoice_id = any(${blueIds}::bigint[]) and q.state in (${sql.join(OPEN_STATES.map((state) => sql.lit(state)))})
    order by q.created_at, q.id
  `;
}

/** The counterparty forms holding against these blue invoices with no red invoice yet, oldest first, locked. */
export function heldFormsQuery(blueIds: readonly string[]): RawBuilder<HeldForm> {
  return sql<HeldForm>`
    select f.id::text, f.blue_invoice_id::text, f.total::text, f.state, f.red_invoice_number, f.bill_id, f.bill_no, f.bill_uuid
    from red_confirm_forms f
    where f.blue_invoice_id = any(${blueIds}::bigint[])
      and f.held and f.origin = 'counterparty' and f.red_invoice_id is null
    order by f.created_at, f.id
    for update
  `;
}

/**
 * The open request a red invoice answers: the one its order number names;
 * with no order number, the first asking for its total whose form could
 * have produced it (see the module's comment).
 */
function matchOf(red: StoredRed, open: readonly OpenRequest[]): { request: OpenRequest; byOrder: boolean } | undefined {
  const ofBlue = open.filter((request) => request.blue_invoice_id === red.blue_id);
  if (red.order_no !== null) {
    const request = ofBlue.find((candidate) => candidate.channel_order_no === red.order_no || candidate.id === red.order_no);
    return request && { request, byOrder: true };
  }
  const request = ofBlue.find(
    (candidate) =>
      (candidate.form_state === null || !NOT_ISSUING_STATES.has(candidate.form_state)) && new Big(candidate.total).eq(red.total),
  );
  return request && { request, byOrder: false };
}

/** Links the pushed red invoices to the open requests they answer; returns how many requests were closed. */
export async function closeRequestsWithRedInvoices(trx: Transaction<Database>, pushed: readonly PushedInvoice[]): Promise<number> {
  const reds = pushed.filter(
    (invoice) => invoice.invoiceType === RED && invoice.originalInvoiceNumber && invoice.invoicingStatus !== VOIDED,
  );
  if (reds.length === 0) return 0;
  const stored = (await storedRedsQuery(reds).execute(trx)).rows;
  if (stored.length === 0) return 0;
  const unused = new Set(stored);
  const open = (await openRequestsQuery([...new Set(stored.map((red) => red.blue_id))]).execute(trx)).rows;
  let closed = 0;
  for (const red of stored) {
    // Read before the rows were locked: one ended since (by its jobs) is passed over for the next that answers.
    for (let match = matchOf(red, open); match; match = matchOf(red, open)) {
      const { request, byOrder } = match;
      open.splice(open.indexOf(request), 1);
      const state = await moveIn(trx, request.id, {
        to: 'issued',
        source: 'push',
        detail: {
          redInvoiceId: red.id,
          invoiceNumber: red.invoice_number,
          orderNo: red.order_no,
          matchedBy: byOrder ? 'orderNo' : 'total',
        },
        redInvoice: { id: red.id, code: red.blue_code, number: red.blue_number },
      });
      if (state === 'issued') {
        unused.delete(red);
        closed += 1;
        break;
      }
    }
  }
  if (unused.size > 0) await linkHeldForms(trx, [...unused]);
  return closed;
}

interface HeldForm {
  readonly id: string;
  readonly blue_invoice_id: string;
  readonly total: string | null;
  readonly state: string;
  readonly red_invoice_number: string | null;
  readonly bill_id: string | null;
  readonly bill_no: string | null;
  readonly bill_uuid: string | null;
}

/** How a red invoice was matched to a held form, as its event says. */
type FormMatch = 'orderNo' | 'redInvoiceNumber' | 'total';

/** The held form a red invoice answers (see the module's comment), and how it was matched. */
function formOf(red: StoredRed, held: readonly HeldForm[]): { form: HeldForm; matchedBy: FormMatch } | undefined {
  const ofBlue = held.filter((form) => form.blue_invoice_id === red.blue_id);
  const named = (form: HeldForm) => red.order_no !== null && [form.bill_id, form.bill_no, form.bill_uuid].includes(red.order_no);
  const byOrder = ofBlue.find(named);
  if (byOrder) return { form: byOrder, matchedBy: 'orderNo' };
  const byNumber = ofBlue.find((form) => form.red_invoice_number === red.invoice_number);
  if (byNumber) return { form: byNumber, matchedBy: 'redInvoiceNumber' };
  const byTotal = ofBlue.find((form) => form.red_invoice_number === null && form.total !== null && new Big(form.total).eq(red.total));
  return byTotal && { form: byTotal, matchedBy: 'total' };
}

/** Links red invoices that closed no request to the held counterparty forms they answer (see the module's comment). */
async function linkHeldForms(trx: Transaction<Database>, reds: readonly StoredRed[]): Promise<void> {
  const held = (await heldFormsQuery([...new Set(reds.map((red) => red.blue_id))]).execute(trx)).rows;
  for (const red of reds) {
    const match = formOf(red, held);
    if (!match) continue;
    const { form, matchedBy } = match;
    held.splice(held.indexOf(form), 1);
    await trx
      .updateTable('red_confirm_forms')
      .set({
        red_invoice_id: red.id,
        red_invoice_number: red.invoice_number,
        held: false,
        updated_at: sql<Date>`date_trunc('milliseconds', now())`,
      })
      .where('id', '=', form.id)
      .execute();
    await trx
      .insertInto('red_confirm_form_events')
      .values({
        form_id: form.id,
        from_state: form.state,
        to_state: form.state,
        source: 'push',
        detail: JSON.stringify({
          redInvoiceId: red.id,
          invoiceNumber: red.invoice_number,
          matchedBy,
        }),
      })
      .execute();
  }
}
