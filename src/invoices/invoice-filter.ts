/**
 * What the list and export parameters mean, once the schema has checked
 * their shape: date bounds become instants, the cursor becomes a keyset
 * position, and the app's sellers limit what it may see.
 */
import type { Schemas } from '../api/spec.ts';
import type { Principal } from '../auth/auth.service.ts';
import type { RedFlushStatus } from '../db/database.ts';
import type { FieldError } from '../errors.ts';
import { AppError } from '../errors.ts';
import { parseBound } from '../http/bounds.ts';
import { MAX_CURSOR_MS } from '../http/keyset-cursor.ts';
import type { InvoiceType, InvoicingStatus } from '../invoice-codes.ts';

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
  readonly invoiceType?: InvoiceType;
  readonly invoiceTypeCode?: string;
  readonly invoicingStatus?: InvoicingStatus;
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

/** The filter an app gets for these parameters; a 403 when it names a seller the app may not read. */
export function toFilter(principal: Principal, query: InvoiceFilters): InvoiceFilter {
  const { sellerTaxNo, invoiceDateFrom, invoiceDateTo, redFlushStatus, ...rest } = query;
  const errors: FieldError[] = [];
  const from = invoiceDateFrom === undefined ? undefined : parseBound('invoiceDateFrom', invoiceDateFrom, errors);
  const to = invoiceDateTo === undefined ? undefined : parseBound('invoiceDateTo', invoiceDateTo, errors);
  if (from && to && to.last < from.first) {
    errors.push({ parameter: 'invoiceDateTo', message: 'must not be before invoiceDateFrom', zh: '不能早于 invoiceDateFrom' });
  }
  if (errors.length > 0) throw AppError.validation(errors);

  let sellers: readonly string[] | null = principal.sellers;
  if (sellerTaxNo !== undefined) {
    if (sellers && !sellers.includes(sellerTaxNo)) {
      throw new AppError(403, 'forbidden', {
        en: `app ${principal.appName} may not read the invoices of seller ${sellerTaxNo}`,
        zh: `应用 ${principal.appName} 无权查看销方 ${sellerTaxNo} 的发票`,
      });
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
    if (typeof ms === 'number' && Number.isSafeInteger(ms) && ms >= 0 && ms <= MAX_CURSOR_MS && typeof id === 'string' && isInvoiceId(id)) {
      return { invoiceDate: new Date(ms), id };
    }
  }
  throw AppError.validation([
    {
      parameter: 'cursor',
      message: 'is not a cursor this API gave out (pass nextCursor as it came)',
      zh: '不是本接口给出的游标（请原样传回 nextCursor）',
    },
  ]);
}

/** A stored invoice id could be this; a larger number cannot be (404 rather than a database error). */
export function isInvoiceId(id: string): boolean {
  return /^[1-9]\d{0,18}$/.test(id) && BigInt(id) <= MAX_BIGINT;
}
