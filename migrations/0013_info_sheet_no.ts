import { type Kysely, sql } from 'kysely';

/**
 * The 红字信息表 number of a tax-control special invoice's red flush
 * (issue 12): a request of the `info_sheet` path waits in
 * `info_sheet_required` until someone gives the number the bureau issued
 * (`POST /api/openapi/v2/red-flushes/{id}/info-sheet`); it is kept here and
 * sent to the channel with the red invoice's order (Nuonuo
 * `fastInvoiceRed`, `billInfoNo`). 16 digits; set once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table red_flush_requests add column info_sheet_no text
    constraint red_flush_requests_info_sheet_no check (info_sheet_no ~ '^[0-9]{16}$')`.execute(db);
  await sql`comment on column red_flush_requests.info_sheet_no is '红字信息表编号 (16 digits) of a tax-control special invoice''s red flush, given through the API'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table red_flush_requests drop column info_sheet_no`.execute(db);
}
