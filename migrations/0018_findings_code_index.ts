import { type Kysely, sql } from 'kysely';

/**
 * `invoice_findings_code` (code, invoice_id), made with the table, is read
 * by no query: invoices are found by their findings through
 * `invoices.finding_codes` (its GIN index and the two date indexes), and a
 * finding row is read by its invoice (the primary key). Every finding a push
 * stores paid an entry in it: the doc's example has four, a batch of 100 of
 * it four hundred (bench/RESULTS.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists invoice_findings_code`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index invoice_findings_code on invoice_findings (code, invoice_id)`.execute(db);
}
