import { type Kysely, sql } from 'kysely';

/**
 * A push of a red invoice naming a blue one asks whether a 红字确认单
 * already has that red invoice (src/red-flush/red-invoice-link.ts): this
 * index answers it without reading every form (test/query-plans.test.ts
 * found the sequential scan).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index red_confirm_forms_red_invoice on red_confirm_forms (red_invoice_id) where red_invoice_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index red_confirm_forms_red_invoice`.execute(db);
}
