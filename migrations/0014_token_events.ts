import { type Kysely, sql } from 'kysely';

/**
 * Every instance keeps the access tokens it verified in memory
 * (src/auth/token-cache.ts) and drops them when told: a change to a token
 * or an app (revoked, rotated, refreshed, its scopes, channels or sellers
 * changed, deleted), by any instance, the CLI or plain SQL, sends a
 * notification on `fh_tokens` when its transaction commits, naming the
 * token (`token:ID`) or the app (`app:ID`); TRUNCATE sends `all`.
 * Inserting a token needs none: nothing caches a token before it exists.
 */
const STATEMENTS = [
  `create function fh_notify_token_change() returns trigger language plpgsql as $$
   begin
     if tg_op = 'TRUNCATE' then
       perform pg_notify('fh_tokens', 'all');
     else
       perform pg_notify('fh_tokens', tg_argv[0] || ':' || old.id);
     end if;
     return null;
   end $$`,
  `create trigger access_tokens_notify after update or delete on access_tokens
   for each row execute function fh_notify_token_change('token')`,
  `create trigger apps_notify after update or delete on apps
   for each row execute function fh_notify_token_change('app')`,
  `create trigger access_tokens_truncate_notify after truncate on access_tokens
   for each statement execute function fh_notify_token_change('all')`,
  `create trigger apps_truncate_notify after truncate on apps
   for each statement execute function fh_notify_token_change('all')`,
];

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per query: the embedded database takes one at a time.
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    'drop trigger apps_truncate_notify on apps',
    'drop trigger access_tokens_truncate_notify on access_tokens',
    'drop trigger apps_notify on apps',
    'drop trigger access_tokens_notify on access_tokens',
    'drop function fh_notify_token_change()',
  ]) {
    await sql.raw(statement).execute(db);
  }
}
