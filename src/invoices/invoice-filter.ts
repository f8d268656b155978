/**
 * What the list and export parameters mean, once the schema has checked
 * their shape: date bounds become instants, the cursor becomes a keyset
 * position, and the app's sellers limit what it may see.
 */
import type { FieldError, Schemas } from '../api/spec.ts';
import type { Principal } from '../auth/auth.service.ts';
import type { RedFlushStatus } from '../db/database.ts';
import { AppError } from '../http/errors.ts';

export type InvoiceFilters = Schemas['InvoiceFilters'];

/** The filters as the repository takes them. */
export interface InvoiceFilter {
  /** Only these sellers' invoices; null: any seller. */
  readonly sellers: readonly string[] | null;
  readonly buyerTaxNo?: string;
  /** Substring of the buyer's name, case-insensitive. */
  readonly buyerName?: string;
  readonly invoiceCode?: string;
  readonly invoiceNumber?: string;
  readonly invoiceType?: 0 | 1;
  readonly invoiceTypeCode?: string;
  readonly invoicingStatus?: '00' | '03';
  readonly channelCode?: string;
  readonly serialNo?: string;
  readonly orderNo?: string;
  /** invoice_date >= dateFrom */
  readonly dateFrom?: Date;
  /** invoice_date < dateBefore */
  readonly dateBefore?: Date;
  /** Any of these. */
  readonly redFlushStatus?: readonly RedFlushStatus[];
  /** true: with findings; false: without. */
  readonly hasFindings?: boolean;
  readonly findingCode?: string;
}

/** A position in the list order (invoice_date desc, id desc): the last invoice of a page. */
export interface Keyset {
  readonly invoiceDate: Date;
  readonly id: string;
}

const MAX_BIGINT = 9_223_372_036_854_775_807n;
const BEIJING_OFFSET_MINUTES = 8 * 60;
const DAY_MS = 86_400_000;

/** The filter an app gets for these parameters; a 403 when it names a seller the app may not read. */
export function toFilter(principal: Principal, query: InvoiceFilters): InvoiceFilter {
  const { sellerTaxNo, invoiceDateFrom, invoiceDateTo, redFlushStatus, ...rest } = query;
  const errors: FieldError[] = [];
  const from = invoiceDateFrom === undefined ? undefined : parseBound('invoiceDateFrom', invoiceDateFrom, errors);
  const to = invoiceDateTo === undefined ? undefined : parseBound('invoiceDateTo', invoiceDateTo, errors);
  if (from && to && to.last < from.first) {
    errors.push({ parameter: 'invoiceDateTo', message: 'must not be before invoiceDateFrom' });
  }
  if (errors.length > 0) throw AppError.validation(errors);

  let sellers: readonly string[] | null = principal.sellers;
  if (sellerTaxNo !== undefined) {
    if (sellers && !sellers.includes(sellerTaxNo)) {
      throw new AppError(403, 'forbidden', `app ${principal.appName} may not read the invoices of seller ${sellerTaxNo}`);
    }
    sellers = [sellerTaxNo];
  }
  return {
    ...rest,
    // The schema checked each name; a name given twice counts once.
    ...(redFlushStatus !== undefined && { redFlushStatus: [...new Set(redFlushStatus.split(',') as RedFlushStatus[])] }),
    sellers,
    ...(from && { dateFrom: new Date(from.first) }),
    ...(to && { dateBefore: new Date(to.last + 1) }),
  };
}

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
    errors.push({ parameter, message: 'is not a real date or time' });
    return undefined;
  }
  if (hour === undefined) {
    const first = local - BEIJING_OFFSET_MINUTES * 60_000;
    return { first, last: first + DAY_MS - 1 };
  }
  const offset = zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const ms = local - offset * 60_000;
  return { first: ms, last: ms };
}

/** The opaque cursor of a position: base64url of `[invoiceDate ms, id]`. */
export function encodeCursor(position: Keyset): string {
  return Buffer.from(JSON.stringify([position.invoiceDate.getTime(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Keyset {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2) {
    const [ms, id] = decoded as unknown[];
    if (typeof ms === 'number' && Number.isSafeInteger(ms) && ms >= 0 && typeof id === 'string' && isInvoiceId(id)) {
      return { invoiceDate: new Date(ms), id };
    }
  }
  throw AppError.validation([{ parameter: 'cursor', message: 'is not a cursor this API gave out (pass nextCursor as it came)' }]);
}

/** A stored invoice id could be this; a larger number cannot be (404 rather than a database error). */
export function isInvoiceId(id: string): boolean {
  return /^[1-9]\d{0,18}$/.test(id) && BigInt(id) <= MAX_BIGINT;
}
