import { type Kysely, sql } from 'kysely';

/** Runs statements one by one: the embedded database takes one statement per query. */
async function run(db: Kysely<any>, statements: string): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}

/**
 * The receiver's tables. Money, rates, quantities and unit prices are
 * NUMERIC without a fixed scale, so a value reads back with exactly the
 * digits that were pushed ("828.30" stays "828.30").
 *
 * Migrations use Kysely<any> and raw SQL so that they stay frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    create table apps (
      id bigint generated always as identity primary key,
      name text not null unique,
      app_key text not null unique,
      secret_hash text not null,
      scopes text[] not null,
      channels text[],
      sellers text[],
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    );
    comment on column apps.channels is 'channel codes the app may push for; null: any';
    comment on column apps.sellers is 'seller tax numbers the app may read; null: any';

    create table access_tokens (
      id bigint generated always as identity primary key,
      app_id bigint not null references apps (id),
      access_hash text not null unique,
      refresh_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index access_tokens_app_id on access_tokens (app_id);

    create table pushes (
      id bigint generated always as identity primary key,
      app_id bigint not null references apps (id),
      channel_code text not null,
      serial_no text,
      result smallint not null,
      reject_msg text,
      invoice_count integer not null,
      request_id text,
      received_at timestamptz not null,
      body text not null
    );
    create index pushes_channel_serial on pushes (channel_code, serial_no, id);

    create table batches (
      channel_code text not null,
      serial_no text not null,
      result smallint not null,
      reject_msg text,
      first_push_id bigint not null references pushes (id),
      last_push_id bigint not null references pushes (id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (channel_code, serial_no)
    );

    create table invoices (
      id bigint generated always as identity primary key,
      channel_code text not null,
      serial_no text,
      first_push_id bigint not null references pushes (id),
      last_push_id bigint not null references pushes (id),
      content_hash text not null,
      voided_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      invoice_type smallint not null,
      invoice_type_code text not null,
      buyer_name text not null,
      buyer_tax_no text,
      buyer_bank_account text,
      buyer_address_phone text,
      invoice_total_price_tax numeric,
      payee text,
      checker text,
      drawer text,
      seller_name text not null,
      seller_tax_no text not null,
      seller_address_phone text,
      seller_bank_account text,
      invoice_special_mark text,
      invoice_list_mark text,
      system_name integer,
      system_id text,
      order_no text,
      invoicing_remark text,
      seller_bank_name text,
      seller_bank_number text,
      seller_address text,
      seller_tel_phone text,
      buyer_bank_name text,
      buyer_bank_number text,
      buyer_address text,
      buyer_tel_phone text,
      originals smallint not null,
      originals_url text,
      preview_url text,
      invoicing_date timestamptz,
      invoicing_status text not null,
      original_invoice_number text,
      original_invoice_code text,
      original_serial_no text,
      original_invoicing_status text,
      invoice_code text not null,
      invoice_number text not null,
      invoice_date timestamptz not null,
      invoice_amount numeric not null,
      invoice_tax_rate numeric,
      invoice_tax_amount numeric,
      check_code text,
      ext jsonb,
      constraint invoices_identity unique (invoice_code, invoice_number)
    );
    create index invoices_date on invoices (invoice_date desc, id desc);
    create index invoices_seller_date on invoices (seller_tax_no, invoice_date desc, id desc);
    create index invoices_buyer_date on invoices (buyer_tax_no, invoice_date desc, id desc);
    create index invoices_number on invoices (invoice_number);
    create index invoices_original on invoices (original_invoice_number, original_invoice_code)
      where original_invoice_number is not null;
    create index invoices_channel_serial on invoices (channel_code, serial_no);

    create table invoice_details (
      invoice_id bigint not null references invoices (id) on delete cascade,
      row_index integer not null,
      bill_number text not null,
      detail_row_no text not null,
      goods_cost numeric not null,
      goods_name text not null,
      goods_num numeric,
      goods_price numeric,
      goods_price_with_tax numeric,
      goods_specification text,
      goods_sum numeric,
      goods_unit text,
      goods_vat numeric not null,
      inv_row_type smallint,
      prefer_policy_name text,
      prefer_policy_sign text,
      tax_taxonomy_code text,
      tax_rate numeric,
      zero_tax_sign text,
      primary key (invoice_id, row_index)
    );

    create table invoice_history (
      id bigint generated always as identity primary key,
      invoice_id bigint not null references invoices (id) on delete cascade,
      push_id bigint not null references pushes (id),
      position integer not null,
      change text not null check (change in ('created', 'updated', 'voided', 'unchanged', 'ignored')),
      invoicing_status text not null,
      recorded_at timestamptz not null
    );
    create index invoice_history_invoice on invoice_history (invoice_id, id);
    create index invoice_history_push on invoice_history (push_id);
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    drop table invoice_history;
    drop table invoice_details;
    drop table invoices;
    drop table batches;
    drop table pushes;
    drop table access_tokens;
    drop table apps;
  `,
  );
}
