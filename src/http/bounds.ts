/**
 * A time bound given as a query parameter (invoice dates, creation times):
 * ms since epoch, a date meaning that whole day in Beijing time, or a
 * date-time with its offset. Used by every list that filters by time.
 */
import type { FieldError } from '../errors.ts';
import { BEIJING_OFFSET_MS } from '../invoice-codes.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Bound {
  /** First and last ms the bound covers: one ms for an instant, a whole day (Beijing time) for a date. */
  readonly first: number;
  readonly last: number;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2})))?$/;

/** ms since epoch, a date (Beijing time) or a date-time with its offset; the schema has checked the shape. */
export function parseBound(parameter: string, text: string, errors: FieldError[]): Bound | undefined {
  if (/^\d+$/.test(text)) {
    const ms = Number(text);
    return { first: ms, last: ms };
  }
  const match = DATE_TIME.exec(text);
  const [, year, month, day, hour, minute, second, fraction, zone, sign, offsetHours, offsetMinutes] = match ?? [];
  const parts = [year, month, day, hour ?? '0', minute ?? '0', second ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((fraction ?? '0').padEnd(3, '0'));
  const local = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], millis);
  const check = new Date(local);
  const valid =
    match !== null &&
    check.getUTCFullYear() === parts[0] &&
    check.getUTCMonth() === parts[1] - 1 &&
    check.getUTCDate() === parts[2] &&
    check.getUTCHours() === parts[3] &&
    check.getUTCMinutes() === parts[4] &&
    check.getUTCSeconds() === parts[5] &&
    Number(offsetHours ?? 0) < 24 &&
    Number(offsetMinutes ?? 0) < 60;
  if (!valid) {
    errors.push({ parameter, message: 'is not a real date or time', zh: '不是真实存在的日期或时间' });
    return undefined;
  }
  if (hour === undefined) {
    const first = local - BEIJING_OFFSET_MS;
    return { first, last: first + DAY_MS - 1 };
  }
  const offset = zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const ms = local - offset * 60_000;
  return { first: ms, last: ms };
}
