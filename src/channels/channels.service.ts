/**
 * Per-channel settings, managed with the CLI (`channel set`, `channel
 * list`). Today one setting: the finding codes that refuse a push of the
 * channel (by default none: findings flag, they do not refuse).
 */
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { FINDING_CODES, type FindingCode } from '../findings/findings.ts';
import * as repository from './channels.repository.ts';

export interface ChannelSettings {
  readonly channelCode: string;
  readonly rejectFindings: readonly FindingCode[];
  readonly updatedAt: string;
}

function toSettings(row: repository.ChannelRow): ChannelSettings {
  return {
    channelCode: row.channel_code,
    rejectFindings: row.reject_findings as FindingCode[],
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Sets the finding codes that refuse a push of the channel (an empty list: none). */
export async function setRejectFindings(db: Db, channelCode: string, codes: readonly string[]): Promise<ChannelSettings> {
  if (channelCode === '' || channelCode.length > 64) throw new AppError(400, 'validation_failed', 'a channel code has 1 to 64 characters');
  const unknown = codes.filter((code) => !(FINDING_CODES as readonly string[]).includes(code));
  if (unknown.length > 0) {
    throw new AppError(400, 'validation_failed', `unknown finding code ${unknown.join(', ')}; the codes are ${FINDING_CODES.join(', ')}`);
  }
  return toSettings(await repository.upsertRejectFindings(db, channelCode, [...new Set(codes)]));
}

export async function listChannels(db: Db): Promise<ChannelSettings[]> {
  return (await repository.listChannels(db)).map(toSettings);
}
