import { type Kysely, sql } from 'kysely';

/** Runs statements one by one: the embedded database takes one statement per query. */
async function run(db: Kysely<any>, statements: string): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}

/**
 * A red-flush request is asked for by an app (its access token) or by a
 * console user (an operator or an admin, through their session): exactly
 * one of `app_id` and `user_id` is set. An Idempotency-Key belongs to
 * whoever asked: one unique index per kind of asker.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    alter table red_flush_requests alter column app_id drop not null;
    alter table red_flush_requests add column user_id bigint references console_users (id);
    alter table red_flush_requests add constraint red_flush_requests_asker check (num_nonnulls(app_id, user_id) = 1);
    comment on column red_flush_requests.app_id is 'the app that asked (its access token); null when a console user asked';
    comment on column red_flush_requests.user_id is 'the console user who asked (operator or admin); null when an app asked';
    drop index red_flush_requests_idempotency;
    create unique index red_flush_requests_idempotency on red_flush_requests (app_id, idempotency_key)
      where idempotency_key is not null and app_id is not null;
    create unique index red_flush_requests_user_idempotency on red_flush_requests (user_id, idempotency_key)
      where idempotency_key is not null and user_id is not null
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    drop index red_flush_requests_user_idempotency;
    drop index red_flush_requests_idempotency;
    alter table red_flush_requests drop constraint red_flush_requests_asker;
    alter table red_flush_requests drop column user_id;
    alter table red_flush_requests alter column app_id set not null;
    create unique index red_flush_requests_idempotency on red_flush_requests (app_id, idempotency_key) where idempotency_key is not null
  `,
  );
}
