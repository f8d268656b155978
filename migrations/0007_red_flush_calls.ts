import { type Kysely, sql } from 'kysely';

/** Runs statements one by one: the embedded database takes one statement per query. */
async function run(db: Kysely<any>, statements: string): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}

/**
 * The channel side of red-flush requests: the job that asks the channel,
 * and the push that closes the loop.
 *
 * - `red_flush_requests.channel_order_no`: the order number (订单编号) sent
 *   to the channel for the red invoice (Nuonuo `orderNo`, at most 20
 *   characters; the request's id, 32 characters, is too long), made once
 *   from the request's id and kept, unique: the red invoice the channel
 *   pushes carries it, and a direct red invoice is asked for and read back
 *   by it.
 * - `red_flush_requests.channel_accepted_at`: when the channel first took
 *   the request (the form applied for, or the red invoice asked for), or
 *   was found to have it; null while its outcome is not known.
 * - `channel_calls` keeps the adapter's outcomes (`ok`, `refused`,
 *   `duplicate`, `unknown`, `unavailable`; `pending` while in flight or
 *   when the process died during the call), the adapter's operation
 *   (`applyRedConfirm` …) beside the channel's method, what went wrong on
 *   the way (`error`) and the channel's id of the call (`reference`, the
 *   senid).
 * - A red invoice closes at most one request.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    alter table red_flush_requests add column channel_order_no text;
    alter table red_flush_requests add column channel_accepted_at timestamptz;
    alter table red_flush_requests add constraint red_flush_requests_channel_order_no check (channel_order_no ~ '^[0-9A-Z]{20}$');
    create unique index red_flush_requests_channel_order_no on red_flush_requests (channel_order_no) where channel_order_no is not null;
    comment on column red_flush_requests.channel_order_no is 'the order number sent to the channel for the red invoice (Nuonuo orderNo, 20 characters), unique';
    comment on column red_flush_requests.channel_accepted_at is 'when the channel took the request (or was found to have it); null while its outcome is unknown';

    drop index red_flush_requests_red_invoice;
    create unique index red_flush_requests_red_invoice on red_flush_requests (red_invoice_id) where red_invoice_id is not null;

    alter table channel_calls drop constraint channel_calls_outcome;
    alter table channel_calls add constraint channel_calls_outcome
      check (outcome in ('pending', 'ok', 'refused', 'duplicate', 'unknown', 'unavailable'));
    alter table channel_calls add column operation text;
    alter table channel_calls add column error text;
    alter table channel_calls add column reference text;
    comment on column channel_calls.operation is 'the adapter''s operation (applyRedConfirm, queryRedConfirm, fastInvoiceRed, queryRedInvoice ...)';
    comment on column channel_calls.error is 'what went wrong on the way (unknown, unavailable): a timeout, a refused connection ...';
    comment on column channel_calls.reference is 'the channel''s id of the call (Nuonuo senid)'
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    alter table channel_calls drop column reference;
    alter table channel_calls drop column error;
    alter table channel_calls drop column operation;
    alter table channel_calls drop constraint channel_calls_outcome;
    update channel_calls set outcome = 'error' where outcome in ('duplicate', 'unknown', 'unavailable');
    alter table channel_calls add constraint channel_calls_outcome check (outcome in ('pending', 'ok', 'refused', 'error', 'timeout'));
    drop index red_flush_requests_red_invoice;
    create index red_flush_requests_red_invoice on red_flush_requests (red_invoice_id) where red_invoice_id is not null;
    drop index red_flush_requests_channel_order_no;
    alter table red_flush_requests drop constraint red_flush_requests_channel_order_no;
    alter table red_flush_requests drop column channel_accepted_at;
    alter table red_flush_requests drop column channel_order_no
  `,
  );
}
