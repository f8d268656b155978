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
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    drop table invoice_findings;
    drop table channels;
  `,
  );
}
