import { type Kysely, sql } from 'kysely';

/** Runs statements one by one: the embedded database takes one statement per query. */
async function run(db: Kysely<any>, statements: string): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}

/**
 * Red-flush requests (一键红冲): an app asks fapiao-hub to reverse a stored
 * blue invoice, fully or partly; the request is recorded here, then a job
 * asks the invoice's channel for the red invoice (a later migration's
 * queue), and the red invoice the channel pushes is linked back.
 *
 * - `red_flush_requests.id` is the request's own id, 32 lowercase hex
 *   digits (a UUIDv7 without dashes, so ids sort by creation time): it is
 *   sent to the channel as Nuonuo's `billId` (at most 32 characters), which
 *   makes the channel call idempotent.
 * - Amounts are NUMERIC. A request's `amount` (tax-exclusive), `tax` and
 *   `total` are positive, as a person says them; its rows carry what the
 *   channel needs: quantity, amount and tax negative (amount and tax with
 *   two decimals), the unit price positive.
 * - `state`: accepted, submitted, awaiting_confirmation, info_sheet_required
 *   (open: they hold `total` against the blue invoice) and issued, refused,
 *   failed, cancelled (final). An issued request holds nothing itself: its
 *   red invoice (`red_invoice_id`) counts instead.
 * - `path` is what the invoice kind decides: a 红字确认单 for 数电 invoices
 *   (01, 02), the red invoice asked directly for tax-control ordinary ones
 *   (007, 026), a 红字信息表 first for tax-control special ones (004, 028).
 * - The raw fields of seed 000's example (`plx`, `appid`, `cpyType`,
 *   `isSeller`, `reqMemo`, `invoiceType`, `invoiceSpecial`) are kept as
 *   sent; `invoice_type` is the caller's text (the example sends "82"),
 *   not the 0/1 of `invoices.invoice_type`.
 * - `red_flush_events` has every state change with what caused it;
 *   `channel_calls` every call to a channel (recorded before and after
 *   the call; never a secret).
 *
 * Instants are kept to the millisecond, so that a list cursor (ms + id)
 * points exactly at a row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    create table red_flush_requests (
      id text primary key constraint red_flush_requests_id check (id ~ '^[0-9a-f]{32}$'),
      blue_invoice_id bigint not null references invoices (id),
      invoice_code text not null,
      invoice_number text not null,
      invoice_type_code text not null,
      channel_code text not null,
      seller_tax_no text not null,
      path text not null constraint red_flush_requests_path check (path in ('confirmation_form', 'direct', 'info_sheet')),
      reason smallint not null constraint red_flush_requests_reason check (reason between 1 and 4),
      kind text not null constraint red_flush_requests_kind check (kind in ('full', 'partial')),
      amount numeric not null,
      tax numeric not null,
      total numeric not null,
      state text not null constraint red_flush_requests_state check (state in
        ('accepted', 'submitted', 'awaiting_confirmation', 'info_sheet_required', 'issued', 'refused', 'failed', 'cancelled')),
      order_no text,
      app_id bigint not null references apps (id),
      idempotency_key text,
      body_hash text not null,
      request_id text,
      body json not null,
      plx text,
      appid text,
      cpy_type text,
      is_seller text,
      req_memo text,
      invoice_type text,
      invoice_special text,
      red_invoice_id bigint references invoices (id),
      form_bill_id text,
      form_state text,
      last_answer_code text,
      last_answer_message text,
      last_answer_at timestamptz,
      created_at timestamptz not null default date_trunc('milliseconds', now()),
      updated_at timestamptz not null default date_trunc('milliseconds', now()),
      constraint red_flush_requests_figures check (total > 0 and amount + tax = total)
    );
    comment on column red_flush_requests.id is 'the request id, sent to the channel as billId (32 hex digits, UUIDv7)';
    comment on column red_flush_requests.total is 'positive; held against the blue invoice while the request is open';
    comment on column red_flush_requests.invoice_type is 'as the caller sent it (seed 000 example: "82"), not 0/1';
    comment on column red_flush_requests.body is 'the request (or batch item) as received';
    comment on column red_flush_requests.form_bill_id is 'the channel''s 红字确认单 number once it has one';
    comment on column red_flush_requests.form_state is 'the bureau state of that form (01-16) as last seen';
    comment on column red_flush_requests.last_answer_code is 'the channel''s code in its last answer (Nuonuo E0000 ...)';

    create unique index red_flush_requests_idempotency on red_flush_requests (app_id, idempotency_key) where idempotency_key is not null;
    create index red_flush_requests_blue on red_flush_requests (blue_invoice_id, state);
    create index red_flush_requests_created on red_flush_requests (created_at desc, id desc);
    create index red_flush_requests_state_created on red_flush_requests (state, created_at desc, id desc);
    create index red_flush_requests_channel_created on red_flush_requests (channel_code, created_at desc, id desc);
    create index red_flush_requests_seller_created on red_flush_requests (seller_tax_no, created_at desc, id desc);
    create index red_flush_requests_number_created on red_flush_requests (invoice_number, created_at desc, id desc);
    create index red_flush_requests_red_invoice on red_flush_requests (red_invoice_id) where red_invoice_id is not null;
    create index red_flush_requests_order_no on red_flush_requests (order_no) where order_no is not null;

    create table red_flush_request_rows (
      request_id text not null references red_flush_requests (id),
      position integer not null,
      blue_row_index integer not null,
      blue_detail_row_no text not null,
      goods_name text not null,
      goods_code text,
      specification text,
      unit text,
      tax_rate numeric not null,
      quantity numeric constraint red_flush_request_rows_quantity check (quantity < 0),
      unit_price numeric constraint red_flush_request_rows_unit_price check (unit_price > 0),
      amount numeric not null constraint red_flush_request_rows_amount check (amount < 0 and scale(amount) = 2),
      tax numeric not null constraint red_flush_request_rows_tax check (tax <= 0 and scale(tax) = 2),
      primary key (request_id, position)
    );
    comment on table red_flush_request_rows is 'the rows of a partial red flush, in the blue invoice''s row order, as the channel needs them';

    create table red_flush_events (
      id bigint generated always as identity primary key,
      request_id text not null references red_flush_requests (id),
      at timestamptz not null default date_trunc('milliseconds', now()),
      from_state text,
      to_state text not null,
      source text not null constraint red_flush_events_source check (source in ('api', 'job', 'push', 'poll', 'callback')),
      detail jsonb not null default '{}'
    );
    create index red_flush_events_request on red_flush_events (request_id, id);
    comment on column red_flush_events.from_state is 'null for the event that created the request';
    comment on column red_flush_events.detail is 'what caused it: the app, the request id, the channel''s code and message';

    create table channel_calls (
      id bigint generated always as identity primary key,
      request_id text references red_flush_requests (id),
      channel_code text not null,
      method text not null,
      started_at timestamptz not null,
      duration_ms integer,
      outcome text not null default 'pending'
        constraint channel_calls_outcome check (outcome in ('pending', 'ok', 'refused', 'error', 'timeout')),
      http_status integer,
      answer_code text,
      answer_message text,
      request jsonb,
      response jsonb
    );
    create index channel_calls_request on channel_calls (request_id, id);
    create index channel_calls_channel_started on channel_calls (channel_code, started_at desc);
    comment on table channel_calls is 'every call to a channel: recorded before it is made and completed after; never a secret';
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    drop table channel_calls;
    drop table red_flush_events;
    drop table red_flush_request_rows;
    drop table red_flush_requests;
  `,
  );
}
