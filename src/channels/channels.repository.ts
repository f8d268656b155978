/** SQL for channel settings. */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface ChannelRow {
  readonly channel_code: string;
  readonly reject_findings: string[];
  readonly updated_at: Date;
}

export async function upsertRejectFindings(db: Db, channelCode: string, codes: readonly string[]): Promise<ChannelRow> {
  return db
    .insertInto('channels')
    .values({ channel_code: channelCode, reject_findings: [...codes] })
    .onConflict((conflict) => conflict.column('channel_code').doUpdateSet({ reject_findings: [...codes], updated_at: sql<Date>`now()` }))
    .returning(['channel_code', 'reject_findings', 'updated_at'])
    .executeTakeFirstOrThrow();
}

export function listChannels(db: Db): Promise<ChannelRow[]> {
  return db.selectFrom('channels').select(['channel_code', 'reject_findings', 'updated_at']).orderBy('channel_code').execute();
}
