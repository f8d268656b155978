/**
 * SQL of the 红字确认单 records (migrations/0011_red_confirm_forms.ts):
 * a form found by its names under a row lock, inserted once whatever
 * races (the unique indexes decide), updated, its events, its calls, and
 * the list and detail the API reads.
 */
import { type Selectable, sql, type Updateable } from 'kysely';
import type { Db, RedConfirmFormAction, RedConfirmFormEventSource, RedConfirmFormTable } from '../db/database.ts';
import { BUYER_ENTERED } from './form-states.ts';

export type FormRow = Selectable<RedConfirmFormTable> & {
  readonly request_red_invoice_id: string | null;
  readonly request_red_invoice_number: string | null;
};

/** The columns as read: bigint and numeric as strings. */
const FORM_COLUMNS = [
  sql<string>`f.id::text`.as('id'),
  'f.channel_code',
  'f.bill_id',
  'f.bill_no',
  'f.bill_uuid',
  'f.origin',
  'f.entered_by',
  'f.request_id',
  sql<string | null>`f.blue_invoice_id::text`.as('blue_invoice_id'),
  'f.blue_invoice_code',
  'f.blue_invoice_number',
  'f.seller_tax_no',
  'f.seller_name',
  'f.buyer_tax_no',
  'f.buyer_name',
  sql<string | null>`f.amount::text`.as('amount'),
  sql<string | null>`f.tax::text`.as('tax'),
  sql<string | null>`f.total::text`.as('total'),
  'f.reason',
  'f.rows',
  'f.state',
  'f.operation_status',
  'f.message',
  'f.held',
  'f.entered_at',
  'f.deadline_at',
  'f.confirmed_at',
  sql<string | null>`f.red_invoice_id::text`.as('red_invoice_id'),
  'f.red_invoice_number',
  'f.last_seen_at',
  'f.created_at',
  'f.updated_at',
  // Ours: the request's red invoice, once its push closed it (the form's own is what the channel said).
  sql<string | null>`(select q.red_invoice_id::text from red_flush_requests q where q.id = f.request_id)`.as('request_red_invoice_id'),
  sql<
    string | null
  >`(select r.invoice_number from red_flush_requests q join invoices r on r.id = q.red_invoice_id where q.id = f.request_id)`.as(
    'request_red_invoice_number',
  ),
] as const;

/** How a form is named: by its request, or by the channel's names (uuid, billId, billNo: the first that matches). */
export interface FormNames {
  readonly channelCode: string;
  readonly requestId?: string | null;
  readonly billId?: string | null;
  readonly billNo?: string | null;
  readonly billUuid?: string | null;
}

function named(db: Db, names: FormNames) {
  return db
    .selectFrom('red_confirm_forms as f')
    .select(FORM_COLUMNS)
    .where((eb) => {
      const matches = [];
      if (names.requestId) matches.push(eb('f.request_id', '=', names.requestId));
      const channel = eb('f.channel_code', '=', names.channelCode);
      if (names.billUuid) matches.push(eb.and([channel, eb('f.bill_uuid', '=', names.billUuid)]));
      if (names.billId) matches.push(eb.and([channel, eb('f.bill_id', '=', names.billId)]));
      if (names.billNo) matches.push(eb.and([channel, eb('f.bill_no', '=', names.billNo)]));
      return matches.length > 0 ? eb.or(matches) : sql<boolean>`false`;
    })
    .orderBy('f.id')
    .limit(1);
}

/** The form with these names, locked for the rest of the transaction. */
export async function lockFormByNames(db: Db, names: FormNames): Promise<FormRow | undefined> {
  return named(db, names).forUpdate().executeTakeFirst();
}

export async function findFormByNames(db: Db, names: FormNames): Promise<FormRow | undefined> {
  return named(db, names).executeTakeFirst();
}

export async function findForm(db: Db, id: string): Promise<FormRow | undefined> {
  return db.selectFrom('red_confirm_forms as f').select(FORM_COLUMNS).where('f.id', '=', id).executeTakeFirst();
}

export async function lockForm(db: Db, id: string): Promise<FormRow | undefined> {
  return db.selectFrom('red_confirm_forms as f').select(FORM_COLUMNS).where('f.id', '=', id).forUpdate().executeTakeFirst();
}

export type NewFormColumns = Omit<
  RedConfirmFormTable,
  'id' | 'blue_invoice_code' | 'held' | 'rows' | 'last_seen_at' | 'created_at' | 'updated_at'
> & { blue_invoice_code: string; held: boolean; rows: string };

/** Inserts a form unless one with one of its names exists already (then undefined: the caller locks that one). */
export async function insertForm(db: Db, form: NewFormColumns): Promise<string | undefined> {
  const row = await db
    .insertInto('red_confirm_forms')
    .values(form)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id === undefined ? undefined : String(row.id);
}

export async function updateForm(db: Db, id: string, changes: Updateable<RedConfirmFormTable>): Promise<void> {
  await db
    .updateTable('red_confirm_forms')
    .set({ ...changes, updated_at: sql<Date>`date_trunc('milliseconds', now())` })
    .where('id', '=', id)
    .execute();
}

/**
 * A buyer's form we asked to confirm holds its total from the ask
 * (forms.service.ts); when the channel did not take the confirm, it holds
 * no more, unless it has moved on meanwhile (04 holds by its state).
 */
export async function releaseConfirmHold(db: Db, id: string): Promise<void> {
  await db
    .updateTable('red_confirm_forms')
    .set({ held: false, updated_at: sql<Date>`date_trunc('milliseconds', now())` })
    .where('id', '=', id)
    .where('state', '=', BUYER_ENTERED)
    .where('held', '=', true)
    .execute();
}

export interface NewFormEvent {
  readonly formId: string;
  readonly fromState: string | null;
  readonly toState: string;
  readonly source: RedConfirmFormEventSource;
  readonly action?: RedConfirmFormAction | null;
  readonly actorAppId?: string | null;
  readonly actorUserId?: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export async function insertFormEvent(db: Db, event: NewFormEvent): Promise<string> {
  const row = await db
    .insertInto('red_confirm_form_events')
    .values({
      form_id: event.formId,
      from_state: event.fromState,
      to_state: event.toState,
      source: event.source,
      action: event.action ?? null,
      actor_app_id: event.actorAppId ?? null,
      actor_user_id: event.actorUserId ?? null,
      detail: JSON.stringify(event.detail),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/**
 * An event that changes nothing, with the form's state as it is when the
 * event is written (one statement, the form's row share-locked: a state
 * read before it may be stale by then). Undefined: no such form.
 */
export async function insertFormEventAsItIs(db: Db, event: Omit<NewFormEvent, 'fromState' | 'toState'>): Promise<string | undefined> {
  const row = await db
    .insertInto('red_confirm_form_events')
    .columns(['form_id', 'from_state', 'to_state', 'source', 'action', 'actor_app_id', 'actor_user_id', 'detail'])
    .expression(
      db
        .selectFrom('red_confirm_forms as f')
        .select([
          'f.id',
          'f.state',
          'f.state',
          sql<RedConfirmFormEventSource>`${event.source}`.as('source'),
          sql<RedConfirmFormAction | null>`${event.action ?? null}`.as('action'),
          sql<string | null>`${event.actorAppId ?? null}::bigint`.as('actor_app_id'),
          sql<string | null>`${event.actorUserId ?? null}::bigint`.as('actor_user_id'),
          sql<string>`${JSON.stringify(event.detail)}::jsonb`.as('detail'),
        ])
        .where('f.id', '=', event.formId)
        // A writer of the form that has not committed yet is waited for: its state is the one the event names.
        .forShare(),
    )
    .returning('id')
    .executeTakeFirst();
  return row && String(row.id);
}

/** A stored blue invoice by its identity (blue, not voided or voided alike); undefined: not stored here. */
export async function findBlueInvoiceId(db: Db, invoiceCode: string, invoiceNumber: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('invoices')
    .select(sql<string>`id::text`.as('id'))
    .where('invoice_code', '=', invoiceCode)
    .where('invoice_number', '=', invoiceNumber)
    .where('invoice_type', '=', 0)
    .executeTakeFirst();
  return row?.id;
}

/** A stored red invoice of this blue invoice with this number; undefined: not stored (yet). */
export async function findRedInvoiceId(db: Db, blueInvoiceId: string | null, invoiceNumber: string): Promise<string | undefined> {
  let query = db
    .selectFrom('invoices as r')
    .select(sql<string>`r.id::text`.as('id'))
    .where('r.invoice_number', '=', invoiceNumber)
    .where('r.invoice_type', '=', 1);
  if (blueInvoiceId !== null) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('invoices as b')
          .select('b.id')
          .where('b.id', '=', blueInvoiceId)
          .whereRef('b.invoice_number', '=', 'r.original_invoice_number'),
      ),
    );
  }
  return (await query.executeTakeFirst())?.id;
}

/** The newest call's id about a form (or its request), 0 when none: an action's calls come after it. */
export async function lastCallId(db: Db, formId: string, requestId: string | null): Promise<string> {
  const row = await db
    .selectFrom('channel_calls')
    .select(sql<string>`coalesce(max(id), 0)::text`.as('id'))
    .where((eb) =>
      requestId === null ? eb('form_id', '=', formId) : eb.or([eb('form_id', '=', formId), eb('request_id', '=', requestId)]),
    )
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The outcomes of a form's calls of this operation made after call `afterId`. */
export async function callOutcomesAfter(db: Db, formId: string, operation: string, afterId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('channel_calls')
    .select('outcome')
    .where('form_id', '=', formId)
    .where('operation', '=', operation)
    .where('id', '>', afterId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.outcome);
}

/** Whether the channel's answer to an action (event `actionEventId`) is recorded. */
export async function actionAnswered(db: Db, formId: string, actionEventId: string): Promise<boolean> {
  const row = await db
    .selectFrom('red_confirm_form_events')
    .select('id')
    .where('form_id', '=', formId)
    .where('source', '=', 'api')
    .where(sql<boolean>`detail->>'actionEventId' = ${actionEventId}`)
    .executeTakeFirst();
  return row !== undefined;
}

export interface FormEventRow {
  readonly at: Date;
  readonly from_state: string | null;
  readonly to_state: string;
  readonly source: RedConfirmFormEventSource;
  readonly action: RedConfirmFormAction | null;
  readonly actor_type: 'app' | 'user' | null;
  readonly actor_id: string | null;
  readonly actor_name: string | null;
  readonly detail: Record<string, unknown>;
}

export async function formEvents(db: Db, formId: string): Promise<FormEventRow[]> {
  const { rows } = await sql<FormEventRow>`
    select e.at, e.from_state, e.to_state, e.source, e.action,
      case when e.actor_user_id is not null then 'user' when e.actor_app_id is not null then 'app' end as actor_type,
      coalesce(e.actor_user_id, e.actor_app_id)::text as actor_id,
      coalesce(u.name, a.name) as actor_name,
      e.detail
    from red_confirm_form_events e
    left join apps a on a.id = e.actor_app_id
    left join console_users u on u.id = e.actor_user_id
    where e.form_id = ${formId}::bigint
    order by e.id
  `.execute(db);
  return rows;
}

export interface FormCallRow {
  readonly operation: string | null;
  readonly method: string;
  readonly outcome: string;
  readonly started_at: Date;
  readonly duration_ms: number | null;
  readonly answer_code: string | null;
  readonly answer_message: string | null;
}

/** The calls about a form: by its id, and by its request's id for ours; oldest first. */
export async function formCalls(db: Db, formId: string, requestId: string | null): Promise<FormCallRow[]> {
  return db
    .selectFrom('channel_calls')
    .select(['operation', 'method', 'outcome', 'started_at', 'duration_ms', 'answer_code', 'answer_message'])
    .where((eb) =>
      requestId === null ? eb('form_id', '=', formId) : eb.or([eb('form_id', '=', formId), eb('request_id', '=', requestId)]),
    )
    .orderBy('id')
    .execute();
}

export interface FormFilter {
  /** null: any seller. */
  readonly sellers: readonly string[] | null;
  /** One state, or several (`waiting`: 02 and 03). */
  readonly states?: readonly string[];
  readonly enteredBy?: 'seller' | 'buyer';
  readonly origin?: 'ours' | 'counterparty';
  readonly channelCode?: string;
  /** Our form of this red-flush request. */
  readonly redFlushId?: string;
  readonly deadlineBefore?: Date;
}

export interface FormKeyset {
  readonly createdAt: Date;
  readonly id: string;
}

/** A page of forms, newest first (ties by id), from after `page.after`. */
export async function listForms(db: Db, filter: FormFilter, page: { after: FormKeyset | null; limit: number }): Promise<FormRow[]> {
  if (filter.sellers?.length === 0) return [];
  let query = db.selectFrom('red_confirm_forms as f').select(FORM_COLUMNS);
  if (filter.sellers !== null) query = query.where('f.seller_tax_no', 'in', [...filter.sellers]);
  if (filter.states !== undefined) query = query.where('f.state', 'in', [...filter.states]);
  if (filter.enteredBy !== undefined) query = query.where('f.entered_by', '=', filter.enteredBy);
  if (filter.origin !== undefined) query = query.where('f.origin', '=', filter.origin);
  if (filter.channelCode !== undefined) query = query.where('f.channel_code', '=', filter.channelCode);
  if (filter.redFlushId !== undefined) query = query.where('f.request_id', '=', filter.redFlushId);
  if (filter.deadlineBefore) query = query.where('f.deadline_at', '<', filter.deadlineBefore);
  if (page.after) {
    query = query.where(
      sql<boolean>`(f.created_at, f.id) < (${page.after.createdAt.toISOString()}::timestamptz, ${page.after.id}::bigint)`,
    );
  }
  return query.orderBy('f.created_at', 'desc').orderBy('f.id', 'desc').limit(page.limit).execute();
}

/** Forms that are not final, for the jobs that keep track of them (oldest first). */
export async function openFormIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('red_confirm_forms')
    .select(sql<string>`id::text`.as('id'))
    .where('state', 'not in', ['05', '06', '07', '08', '09', '10', '11', '12', '13', '16'])
    .where('red_invoice_number', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

export type { FormRow as Form };

/** Our request whose id is this billId at this channel (its form is ours). */
export async function findRequestOfBill(
  db: Db,
  channelCode: string,
  billId: string,
): Promise<{ id: string; blueInvoiceId: string; sellerTaxNo: string } | undefined> {
  const row = await db
    .selectFrom('red_flush_requests')
    .select(['id', sql<string>`blue_invoice_id::text`.as('blue_invoice_id'), 'seller_tax_no'])
    .where('id', '=', billId)
    .where('channel_code', '=', channelCode)
    .executeTakeFirst();
  return row && { id: row.id, blueInvoiceId: row.blue_invoice_id, sellerTaxNo: row.seller_tax_no };
}

/** Who asked for the action recorded by this event. */
export async function formActorOf(db: Db, eventId: string): Promise<{ appId: string | null; userId: string | null }> {
  const row = await db
    .selectFrom('red_confirm_form_events')
    .select([sql<string | null>`actor_app_id::text`.as('app_id'), sql<string | null>`actor_user_id::text`.as('user_id')])
    .where('id', '=', eventId)
    .executeTakeFirst();
  return { appId: row?.app_id ?? null, userId: row?.user_id ?? null };
}

export async function invoiceNumberOf(db: Db, invoiceId: string): Promise<string> {
  const row = await db.selectFrom('invoices').select('invoice_number').where('id', '=', invoiceId).executeTakeFirstOrThrow();
  return row.invoice_number;
}
