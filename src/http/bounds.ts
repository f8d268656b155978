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

/**
 * The instants a bound may name: from the year 1900 as written (years 0–99 would be read as 1900–1999
 * by Date.UTC) to 9999-12-31T23:59:59Z, so that the instant after it (an upper bound's end) is still in
 * the year 9999: beyond, toISOString writes `+010000-…`, which Postgres refuses. Milliseconds since
 * epoch (13 digits at most) and dates (Beijing time) stay within it.
 */
export const MIN_BOUND_YEAR = 1900;
export const MAX_BOUND_MS = 253_402_300_799_000;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2})))?$/;

/** ms since epoch, a date (Beijing time) or a date-time with its offset; the schema has checked the shape. */
export function parseBound(parameter: string, text: string, errors: FieldError[]): Bound | undefined {
  if (/^\d+$/.test(text)) {
    const ms = Number(text);
    return { first: ms, last: ms };
  }
  const match = DATE_TIME.exec(text);
  const [, year, month, day, hour, minute, second, fraction, zone, sign, offsetHours, offsetMinutes] = match ?? [];
  if (Number(year) < MIN_BOUND_YEAR) {
    errors.push(outOfRange(parameter));
    return undefined;
  }
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
  if (ms > MAX_BOUND_MS) {
    errors.push(outOfRange(parameter));
    return undefined;
  }
  return { first: ms, last: ms };
}

/** A bound outside the years MIN_BOUND_YEAR to 9999 (also the console's audit log days). */
export function outOfRange(parameter: string): FieldError {
  return {
    parameter,
    message: `is out of range: the year must be ${MIN_BOUND_YEAR} to 9999 (at the latest 9999-12-31T23:59:59Z)`,
    zh: `年份超出范围，应在 ${MIN_BOUND_YEAR} 至 9999 年之间（最晚 9999-12-31T23:59:59Z）`,
    rule: 'range',
  };
}
