/** SQL for channel settings. */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface ChannelRow {
  readonly channel_code: string;
  readonly reject_findings: string[];
  readonly updated_at: Date;
  readonly adapter: string | null;
  readonly endpoint: string | null;
  readonly app_key: string | null;
  readonly user_tax: string | null;
  /** Whether a secret is stored; the values are read only by `findAdapterSettings`. */
  readonly has_app_secret: boolean;
  readonly has_access_token: boolean;
}

/** The columns `channel set` may change (the secrets already encrypted). */
export interface ChannelColumns {
  readonly reject_findings?: string[];
  readonly adapter?: string | null;
  readonly endpoint?: string | null;
  readonly app_key?: string | null;
  readonly user_tax?: string | null;
  readonly app_secret_encrypted?: string | null;
  readonly access_token_encrypted?: string | null;
}

export interface AdapterSettingsRow {
  readonly channel_code: string;
  readonly adapter: string | null;
  readonly endpoint: string | null;
  readonly app_key: string | null;
  readonly user_tax: string | null;
  readonly app_secret_encrypted: string | null;
  readonly access_token_encrypted: string | null;
}

const LISTED = [
  'channel_code',
  'reject_findings',
  'updated_at',
  'adapter',
  'endpoint',
  'app_key',
  'user_tax',
  sql<boolean>`app_secret_encrypted is not null`.as('has_app_secret'),
  sql<boolean>`access_token_encrypted is not null`.as('has_access_token'),
] as const;

export async function upsertRejectFindings(db: Db, channelCode: string, codes: readonly string[]): Promise<ChannelRow> {
  return upsertChannel(db, channelCode, { reject_findings: [...codes] });
}

/** Inserts the channel or changes the given columns of it. */
export async function upsertChannel(db: Db, channelCode: string, columns: ChannelColumns): Promise<ChannelRow> {
  return db
    .insertInto('channels')
    .values({ ...columns, channel_code: channelCode, reject_findings: columns.reject_findings ?? [] })
    .onConflict((conflict) => conflict.column('channel_code').doUpdateSet({ ...columns, updated_at: sql<Date>`now()` }))
    .returning(LISTED)
    .executeTakeFirstOrThrow();
}

/** The channel's row, locked until the transaction ends (undefined: no row yet). */
export function findChannelForUpdate(db: Db, channelCode: string): Promise<ChannelRow | undefined> {
  return db.selectFrom('channels').select(LISTED).where('channel_code', '=', channelCode).forUpdate().executeTakeFirst();
}

export function listChannels(db: Db): Promise<ChannelRow[]> {
  return db.selectFrom('channels').select(LISTED).orderBy('channel_code').execute();
}

/** Every channel that pushed, with when it last did (one index scan of `pushes_channel_received`). */
export async function pushingChannels(db: Db): Promise<{ channel_code: string; last_pushed_at: Date }[]> {
  return db
    .selectFrom('pushes')
    .select(['channel_code', sql<Date>`max(received_at)`.as('last_pushed_at')])
    .groupBy('channel_code')
    .orderBy('channel_code')
    .execute();
}

/** The adapter settings with the encrypted secrets, for the one place that decrypts them. */
export function findAdapterSettings(db: Db, channelCode: string): Promise<AdapterSettingsRow | undefined> {
  return db
    .selectFrom('channels')
    .select(['channel_code', 'adapter', 'endpoint', 'app_key', 'user_tax', 'app_secret_encrypted', 'access_token_encrypted'])
    .where('channel_code', '=', channelCode)
    .executeTakeFirst();
}
