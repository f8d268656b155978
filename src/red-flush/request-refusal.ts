/**
 * Why a red-flush request is refused: an HTTP status, a stable reason for
 * machines, the Chinese message seed 000's envelope carries in `msg`, and
 * the figures or fields behind it. Services throw it (no HTTP types here);
 * the routes render it in the envelope. A refusal stores nothing.
 */

export type RefusalReason =
  | 'validation_failed'
  | 'bad_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'invoice_not_found'
  | 'not_blue'
  | 'invoice_mismatch'
  | 'voided'
  | 'insufficient_remaining'
  | 'whole_invoice_only'
  | 'idempotency_conflict'
  | 'too_many_items'
  | 'unavailable'
  | 'internal';

export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 500 | 503;

/** A field that fails: its place in the body (`sellerTaxNo`, `details[0].amount`), its Chinese name, and why (in Chinese). */
export interface RefusedField {
  readonly field: string;
  readonly label: string;
  readonly message: string;
  /** The value received (shortened; never a secret), where there was one. */
  readonly value?: unknown;
}

/** `销方税号(sellerTaxNo)：必填` */
export function fieldMessage(error: RefusedField): string {
  return error.field === '' ? `${error.label}：${error.message}` : `${error.label}(${error.field})：${error.message}`;
}

export class RedFlushRefusal extends Error {
  readonly status: RefusalStatus;
  readonly reason: RefusalReason;
  /** The Chinese message (`msg` of the envelope). */
  readonly msg: string;
  /** Beside `reason` in the envelope's `data`. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: RefusalStatus,
    reason: RefusalReason,
    msg: string,
    data: Readonly<Record<string, unknown>> = {},
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(msg);
    this.name = 'RedFlushRefusal';
    this.status = status;
    this.reason = reason;
    this.msg = msg;
    this.data = data;
    this.headers = headers;
  }

  /** 400 naming every failing field (the message lists the first few): `销方税号(sellerTaxNo)：必填`, or `sellerTaxNo: is required` in English. */
  static fields(
    errors: readonly RefusedField[],
    reason: RefusalReason = 'validation_failed',
    prefix = '',
    language: 'zh' | 'en' = 'zh',
  ): RedFlushRefusal {
    const shown = errors
      .slice(0, MAX_IN_MESSAGE)
      .map((error) => (language === 'en' ? `${error.field === '' ? 'the body' : error.field}: ${error.message}` : fieldMessage(error)));
    if (errors.length > MAX_IN_MESSAGE) shown.push(`等 ${errors.length} 处`);
    return new RedFlushRefusal(400, reason, `${prefix}${shown.join('；')}`, { errors: errors.slice(0, MAX_REPORTED) });
  }
}

const MAX_IN_MESSAGE = 5;
const MAX_REPORTED = 100;
