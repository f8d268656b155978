import { type Kysely, sql } from 'kysely';

/** Runs statements one by one: the embedded database takes one statement per query. */
async function run(db: Kysely<any>, statements: string): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}

/**
 * Push records for support (GET /api/openapi/v2/invoicing/pushes):
 *
 * - `pushes.content_type`: the Content-Type header the push came with, so
 *   its body can be shown back exactly as received (null for pushes stored
 *   before this migration; they came as JSON).
 * - The list's keyset order is the newest first (`received_at desc, id
 *   desc`); its filters by channel and by batch number read it from an index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    alter table pushes add column content_type text;
    create index pushes_received on pushes (received_at desc, id desc);
    create index pushes_channel_received on pushes (channel_code, received_at desc, id desc);
    create index pushes_serial_received on pushes (serial_no, received_at desc, id desc) where serial_no is not null
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    drop index pushes_serial_received;
    drop index pushes_channel_received;
    drop index pushes_received;
    alter table pushes drop column content_type
    `,
  );
}
