import { type Kysely, sql } from 'kysely';

/** Runs statements one by one: the embedded database takes one statement per query. */
async function run(db: Kysely<any>, statements: string): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}

/**
 * How fapiao-hub talks to a channel: its adapter (today `nuonuo`), the
 * channel's base URL, the app's key and the seller's tax number, and the
 * two secrets (the app secret, the access token), each encrypted with
 * AES-256-GCM (src/channels/secrets.ts: `v1:<key id>:<iv>:<tag>:<ciphertext>`,
 * the channel code and the field's name bound in as associated data).
 * A channel without an adapter only receives pushes, as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    alter table channels add column adapter text;
    alter table channels add column endpoint text;
    alter table channels add column app_key text;
    alter table channels add column user_tax text;
    alter table channels add column app_secret_encrypted text;
    alter table channels add column access_token_encrypted text;
    comment on column channels.adapter is 'the adapter that calls the channel (nuonuo); null: the channel is only pushed from';
    comment on column channels.endpoint is 'the channel''s base URL (Nuonuo: https://sdk.nuonuo.com; calls go to {endpoint}/open/v1/services)';
    comment on column channels.user_tax is 'the seller''s tax number sent as Nuonuo''s userTax header; null: not sent (self-use apps)';
    comment on column channels.app_secret_encrypted is 'the app secret, AES-256-GCM (never stored in clear)';
    comment on column channels.access_token_encrypted is 'the access token, AES-256-GCM (never stored in clear)';
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    alter table channels drop column access_token_encrypted;
    alter table channels drop column app_secret_encrypted;
    alter table channels drop column user_tax;
    alter table channels drop column app_key;
    alter table channels drop column endpoint;
    alter table channels drop column adapter;
  `,
  );
}
