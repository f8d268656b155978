import { type Kysely, sql } from 'kysely';

/**
 * A push of new invoices may be stored by one statement sent with its
 * transaction's BEGIN and COMMIT in one round trip (src/push/push.service.ts).
 * That statement first checks that nothing else is needed, and writes
 * nothing when something is; an invoice that a concurrent push stores
 * between that check and the insert is found only after the statement's
 * writes, and then this function fails the statement: the transaction is
 * rolled back and the push is stored the long way.
 * SQLSTATE `FH001` is the project's own (db/errors.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function fapiao_hub_push_needs_transaction() returns boolean language plpgsql as $$
    begin
      raise exception 'the push needs its own transaction' using errcode = 'FH001';
    end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function fapiao_hub_push_needs_transaction()`.execute(db);
}
