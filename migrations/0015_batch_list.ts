import { type Kysely, sql } from 'kysely';

/**
 * The batch list (`GET /api/openapi/v2/invoicing/batch-list`, the console's
 * 推送记录) walks batches last updated first, from a cursor: this index is
 * that order, so a page reads its rows and no more, however many batches
 * there are.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index batches_updated on batches (updated_at desc, channel_code desc, serial_no desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index batches_updated`.execute(db);
}
