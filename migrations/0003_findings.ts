import { type Kysely, sql } from 'kysely';

/** Runs statements one by one: the embedded database takes one statement per query. */
async function run(db: Kysely<any>, statements: string): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}

/**
 * Findings (what the domain checks found wrong with a stored invoice) and
 * per-channel settings (which finding codes refuse a push).
 *
 * A finding belongs to one of two scopes: `invoice` (checks that read the
 * invoice alone, replaced with its content) and `red_flush` (a red
 * invoice checked against its blue invoice, replaced whenever that group
 * of invoices is pushed).
 *
 * `invoices.finding_codes` holds the codes of an invoice's findings (kept by
 * the push), so that the list's `hasFindings` and `findingCode` filters are
 * served by indexes: partial date indexes for with and without findings
 * (keyset walks in list order), and a GIN index for one code (a rare code;
 * a common one walks the date index of invoices with findings).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    create table channels (
      channel_code text primary key,
      reject_findings text[] not null default '{}',
      updated_at timestamptz not null default now()
    );
    comment on column channels.reject_findings is 'finding codes that refuse a push of this channel (400); empty: none';

    create table invoice_findings (
      invoice_id bigint not null references invoices (id) on delete cascade,
      scope text not null check (scope in ('invoice', 'red_flush')),
      position integer not null,
      code text not null,
      severity text not null check (severity in ('warning', 'error')),
      pointer text not null,
      message text not null,
      figures jsonb not null,
      primary key (invoice_id, scope, position)
    );
    create index invoice_findings_code on invoice_findings (code, invoice_id);

    alter table invoices add column finding_codes text[] not null default '{}';
    comment on column invoices.finding_codes is 'the codes of its findings, each once, sorted (kept by the push)';
    create index invoices_findings_date on invoices (invoice_date desc, id desc) where finding_codes <> '{}';
    create index invoices_no_findings_date on invoices (invoice_date desc, id desc) where finding_codes = '{}';
    create index invoices_finding_codes on invoices using gin (finding_codes);
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    drop index invoices_finding_codes;
    drop index invoices_no_findings_date;
    drop index invoices_findings_date;
    alter table invoices drop column finding_codes;
    drop table invoice_findings;
    drop table channels;
  `,
  );
}
