import { type Kysely, sql } from 'kysely';

/** Runs statements one by one: the embedded database takes one statement per query. */
async function run(db: Kysely<any>, statements: string): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}

/**
 * 红字确认单 (red-letter confirmation forms) as records of their own
 * (issue 12), both sides, to their end, and the channels' callbacks.
 *
 * - `red_confirm_forms`: one row per form a channel knows, whoever entered
 *   it. `origin` says whether fapiao-hub applied for it (`ours`: a
 *   red-flush request's form, `request_id` set, `bill_id` = the request id)
 *   or the counterparty did (`counterparty`: a buyer's form against our
 *   blue invoice, found by the periodic sync or a callback). `entered_by`
 *   is the bureau's side: `seller` (销方录入) or `buyer` (购方录入).
 *   `state` is the bureau state as last seen (01-16, or a code the channel
 *   sent that we do not know, kept as is). Amounts are positive, as a
 *   person says them (the channel writes them negative). `deadline_at` is
 *   `entered_at` + 72 hours (the bureau's confirmation window): a form
 *   still waiting (02, 03) after it is expired (07) even if the channel
 *   says nothing more. `rows` are the form's rows as the channel sent
 *   them (adapter `RedRow`s). `held` says the form holds its total against
 *   the blue invoice (a counterparty form we confirmed, until its red
 *   invoice arrives or it ends); a form of ours never holds: its request
 *   does.
 * - `red_confirm_form_events`: every state seen, with where from (`api`:
 *   an answer of the channel to an action, `poll`, `callback`, `sync`,
 *   `deadline`, `push`) and, for actions (confirm, reject, revoke,
 *   refresh), who asked: an app or a console user.
 * - `channel_callbacks`: each callback as received, stored before it is
 *   answered; `body_hash` makes a repeat a no-op; a body that cannot be
 *   parsed is kept (`state` = `unparsable`, `error`).
 * - `channel_calls.form_id`: a call about a form without a request (a
 *   buyer's form confirmed or rejected).
 * - `red_flush_events.source` also takes `deadline` and `sync`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    create table red_confirm_forms (
      id bigint generated always as identity primary key,
      channel_code text not null,
      bill_id text,
      bill_no text,
      bill_uuid text,
      origin text not null constraint red_confirm_forms_origin check (origin in ('ours', 'counterparty')),
      entered_by text not null constraint red_confirm_forms_entered_by check (entered_by in ('seller', 'buyer')),
      request_id text references red_flush_requests (id),
      blue_invoice_id bigint references invoices (id),
      blue_invoice_code text not null default '',
      blue_invoice_number text,
      seller_tax_no text,
      seller_name text,
      buyer_tax_no text,
      buyer_name text,
      amount numeric,
      tax numeric,
      total numeric,
      reason text,
      rows jsonb not null default '[]',
      state text not null,
      operation_status text,
      message text,
      held boolean not null default false,
      entered_at timestamptz,
      deadline_at timestamptz,
      confirmed_at timestamptz,
      red_invoice_id bigint references invoices (id),
      red_invoice_number text,
      last_seen_at timestamptz not null default date_trunc('milliseconds', now()),
      created_at timestamptz not null default date_trunc('milliseconds', now()),
      updated_at timestamptz not null default date_trunc('milliseconds', now()),
      constraint red_confirm_forms_named check (bill_id is not null or bill_no is not null or bill_uuid is not null),
      constraint red_confirm_forms_ours check ((origin = 'ours') = (request_id is not null)),
      constraint red_confirm_forms_figures check (amount is null or (amount >= 0 and tax >= 0 and total = amount + tax))
    );
    comment on table red_confirm_forms is '红字确认单 of both sides, as the channels report them (migrations/0011_red_confirm_forms.ts)';
    comment on column red_confirm_forms.state is 'bureau state as last seen: 01-10, 11-13, 15, 16, or the channel''s own code';
    comment on column red_confirm_forms.deadline_at is 'entered_at + 72 h: a form still 02/03 after it is expired (07)';
    comment on column red_confirm_forms.held is 'a counterparty form we confirmed holds total against the blue invoice until it ends or its red invoice comes';

    create unique index red_confirm_forms_bill_id on red_confirm_forms (channel_code, bill_id) where bill_id is not null;
    create unique index red_confirm_forms_bill_uuid on red_confirm_forms (channel_code, bill_uuid) where bill_uuid is not null;
    create unique index red_confirm_forms_bill_no on red_confirm_forms (channel_code, bill_no) where bill_no is not null;
    create unique index red_confirm_forms_request on red_confirm_forms (request_id) where request_id is not null;
    create index red_confirm_forms_blue on red_confirm_forms (blue_invoice_id) where blue_invoice_id is not null;
    create index red_confirm_forms_created on red_confirm_forms (created_at desc, id desc);
    create index red_confirm_forms_state_created on red_confirm_forms (state, created_at desc, id desc);
    create index red_confirm_forms_seller_created on red_confirm_forms (seller_tax_no, created_at desc, id desc);
    create index red_confirm_forms_waiting on red_confirm_forms (deadline_at) where state in ('02', '03');

    create table red_confirm_form_events (
      id bigint generated always as identity primary key,
      form_id bigint not null references red_confirm_forms (id),
      at timestamptz not null default date_trunc('milliseconds', now()),
      from_state text,
      to_state text not null,
      source text not null constraint red_confirm_form_events_source
        check (source in ('api', 'poll', 'callback', 'sync', 'deadline', 'push', 'action')),
      action text constraint red_confirm_form_events_action check (action in ('confirm', 'reject', 'revoke', 'refresh')),
      actor_app_id bigint references apps (id),
      actor_user_id bigint references console_users (id),
      detail jsonb not null default '{}'
    );
    create index red_confirm_form_events_form on red_confirm_form_events (form_id, id);
    comment on column red_confirm_form_events.from_state is 'null for the event that recorded the form';

    create table channel_callbacks (
      id bigint generated always as identity primary key,
      channel_code text not null,
      received_at timestamptz not null default date_trunc('milliseconds', now()),
      content_type text,
      body text not null,
      body_hash text not null,
      operater text,
      state text not null default 'received'
        constraint channel_callbacks_state check (state in ('received', 'processed', 'unparsable', 'ignored')),
      error text,
      form_id bigint references red_confirm_forms (id),
      request_id text references red_flush_requests (id),
      processed_at timestamptz
    );
    create unique index channel_callbacks_repeat on channel_callbacks (channel_code, body_hash);
    create index channel_callbacks_received on channel_callbacks (received_at desc, id desc);
    create index channel_callbacks_open on channel_callbacks (id) where state = 'received';
    comment on column channel_callbacks.body is 'as received (a garbled one too); never trusted alone: it makes fapiao-hub ask the channel';

    alter table channel_calls add column form_id bigint references red_confirm_forms (id);
    create index channel_calls_form on channel_calls (form_id, id) where form_id is not null;

    alter table red_flush_events drop constraint red_flush_events_source;
    alter table red_flush_events add constraint red_flush_events_source
      check (source in ('api', 'job', 'push', 'poll', 'callback', 'deadline', 'sync'))
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    alter table red_flush_events drop constraint red_flush_events_source;
    alter table red_flush_events add constraint red_flush_events_source check (source in ('api', 'job', 'push', 'poll', 'callback'));
    drop index channel_calls_form;
    alter table channel_calls drop column form_id;
    drop table channel_callbacks;
    drop table red_confirm_form_events;
    drop table red_confirm_forms
  `,
  );
}
