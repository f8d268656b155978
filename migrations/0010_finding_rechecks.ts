import { type Kysely, sql } from 'kysely';

/** Runs statements one by one: the embedded database takes one statement per query. */
async function run(db: Kysely<any>, statements: string): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}

/**
 * Re-checks of stored invoices (`findings recheck` in the CLI, the admin
 * API): what was asked, by whom, and how far it got. The job
 * (src/jobs/findings-recheck.job.ts) walks the invoices by id in batches;
 * `last_invoice_id` is where the next batch starts, so a recheck goes on
 * where it stopped after a restart; `step` counts the batches done, so that
 * a second attempt of the same batch (the first one's process died, or ran
 * past its time) cannot advance it twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    create table finding_rechecks (
      id bigint generated always as identity primary key,
      state text not null check (state in ('queued', 'running', 'done', 'failed')),
      since timestamptz,
      requested_by text not null,
      total integer not null,
      checked integer not null default 0,
      changed integer not null default 0,
      last_invoice_id bigint not null default 0,
      step integer not null default 0,
      error text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      finished_at timestamptz
    );
    create index finding_rechecks_open on finding_rechecks (id) where state in ('queued', 'running')
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(db, 'drop table finding_rechecks');
}
