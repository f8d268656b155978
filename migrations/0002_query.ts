import { type Kysely, sql } from 'kysely';

/** Runs statements one by one: the embedded database takes one statement per query. */
async function run(db: Kysely<any>, statements: string): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}

/**
 * The query API: indexes for its filters, and the red-flush state of each
 * invoice, kept in the push transaction so that `redFlushStatus` can be
 * filtered through an index.
 *
 * - Blue invoices (invoice_type 0): `red_flush_status` is none, partial,
 *   full or voided, `red_flushed_total` the sum of the absolute 价税合计 of
 *   the red invoices pointing at them (voided reds excluded).
 * - Red invoices (invoice_type 1): `red_flush_status` is linked or unlinked
 *   (is their blue invoice stored?), `red_flush_blue_id` the blue invoice they
 *   were counted against (so that a red invoice re-pushed with another
 *   original invoice releases the old one), `red_flushed_total` null.
 *
 * The defaults fit a new blue invoice without red invoices, the common case,
 * which the push then need not rewrite.
 *
 * `buyerName` is a substring search: the planner chooses between the
 * trigram index (a rare substring) and walking the date index (a common
 * one) by how common it estimates the substring to be; finer statistics on
 * buyer_name keep it from taking a rare buyer for a common one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    create extension if not exists pg_trgm;

    alter table invoices add column red_flush_status text not null default 'none'
      constraint invoices_red_flush_status check (red_flush_status in ('none', 'partial', 'full', 'voided', 'linked', 'unlinked'));
    alter table invoices add column red_flushed_total numeric default 0;
    alter table invoices add column red_flush_blue_id bigint;
    comment on column invoices.red_flush_status is 'blue: none/partial/full/voided; red: linked/unlinked (kept by the push)';
    comment on column invoices.red_flushed_total is 'blue: sum of abs(价税合计) of its red invoices that are not voided; red: null';
    comment on column invoices.red_flush_blue_id is 'red: the blue invoice it was last counted against';

    create index invoices_red_flush_date on invoices (red_flush_status, invoice_date desc, id desc);
    create index invoices_serial_date on invoices (serial_no, invoice_date desc, id desc);
    create index invoices_order_date on invoices (order_no, invoice_date desc, id desc) where order_no is not null;
    create index invoices_voided_date on invoices (invoice_date desc, id desc) where invoicing_status = '03';
    create index invoices_red_date on invoices (invoice_date desc, id desc) where invoice_type = 1;
    create index invoices_buyer_name_trgm on invoices using gin (buyer_name gin_trgm_ops);
    alter table invoices alter column buyer_name set statistics 1000;

    update invoices as b set red_flushed_total = s.flushed, red_flush_status = s.status
    from (
      select id, flushed,
        case when invoicing_status = '03' then 'voided' when flushed = 0 then 'none' when flushed >= total then 'full' else 'partial' end as status
      from (
        select b.id, b.invoicing_status,
          coalesce(b.invoice_total_price_tax, b.invoice_amount + coalesce(b.invoice_tax_amount, 0)) as total,
          coalesce(sum(abs(coalesce(r.invoice_total_price_tax, r.invoice_amount + coalesce(r.invoice_tax_amount, 0))))
            filter (where r.invoicing_status <> '03'), 0) as flushed
        from invoices b
        left join invoices r on r.invoice_type = 1
          and r.original_invoice_number = b.invoice_number and coalesce(r.original_invoice_code, '') = b.invoice_code
        where b.invoice_type = 0
        group by b.id
      ) totals
    ) s
    where b.id = s.id;

    update invoices as r set red_flushed_total = null, red_flush_blue_id = b.id,
      red_flush_status = case when b.id is null then 'unlinked' else 'linked' end
    from invoices as r2
    left join invoices b on b.invoice_type = 0
      and b.invoice_number = r2.original_invoice_number and b.invoice_code = coalesce(r2.original_invoice_code, '')
    where r.id = r2.id and r.invoice_type = 1;
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    alter table invoices alter column buyer_name set statistics -1;
    drop index invoices_buyer_name_trgm;
    drop index invoices_red_date;
    drop index invoices_voided_date;
    drop index invoices_order_date;
    drop index invoices_serial_date;
    drop index invoices_red_flush_date;
    alter table invoices drop column red_flush_blue_id;
    alter table invoices drop column red_flushed_total;
    alter table invoices drop column red_flush_status;
  `,
  );
}
