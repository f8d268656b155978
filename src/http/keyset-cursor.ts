/**
 * The opaque cursor of a keyset page ordered by creation time then id
 * (`nextCursor`): base64url of `[createdAt ms, id]`. The red-flush
 * requests and the 红字确认单 lists give these out and take them back.
 */
import type { FieldError } from '../errors.ts';

/** A position in a list ordered newest first, ties by id. */
export interface CreatedKeyset {
  readonly createdAt: Date;
  readonly id: string;
}

/** The last ms of the year 9999 (UTC): beyond it, toISOString writes `+010000-…`, which Postgres refuses (a 500 at the query). */
export const MAX_CURSOR_MS = 253_402_300_799_999;

export function encodeKeysetCursor(position: CreatedKeyset): string {
  return Buffer.from(JSON.stringify([position.createdAt.getTime(), position.id])).toString('base64url');
}

/** The position a cursor names, its id matching `idPattern`; null (and the error pushed) when it is not one this API gave out. */
export function decodeKeysetCursor(cursor: string, idPattern: RegExp, errors: FieldError[]): CreatedKeyset | null {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2) {
    const [ms, id] = decoded as unknown[];
    if (
      typeof ms === 'number' &&
      Number.isSafeInteger(ms) &&
      ms >= 0 &&
      ms <= MAX_CURSOR_MS &&
      typeof id === 'string' &&
      idPattern.test(id)
    ) {
      return { createdAt: new Date(ms), id };
    }
  }
  errors.push({
    parameter: 'cursor',
    message: 'is not a cursor this API gave out (pass nextCursor as it came)',
    zh: '不是本接口给出的游标（请原样传回 nextCursor）',
  });
  return null;
}
