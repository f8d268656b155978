/**
 * Stored rows → the API's shapes (`InvoiceRecord`, `InvoiceDetailRecord` in
 * openapi.yaml), each in one function. Field names and conversions come from
 * INVOICE_FIELDS/DETAIL_FIELDS (derived from the schemas): amounts stay the
 * decimal strings the database holds, dates are ms since epoch (as pushed)
 * plus the same instant in ISO 8601 beside them (`invoiceDate` →
 * `invoiceDateIso`), absent fields are null, ids (bigint) are strings.
 */
import type { Schemas } from '../api/spec.ts';
import type { Invoice, InvoiceDetail } from '../db/database.ts';
import { DETAIL_FIELDS, type Field, fromColumn, INVOICE_FIELDS } from '../push/invoice-fields.ts';

export type InvoiceRecord = Schemas['InvoiceRecord'];
export type InvoiceDetailRecord = Schemas['InvoiceDetailRecord'];

/** ms since epoch and ISO 8601 of an instant, as `{name: ms, nameIso: iso}` (both null when absent). */
export function instant(name: string, value: Date | null): Record<string, number | string | null> {
  return { [name]: value?.getTime() ?? null, [`${name}Iso`]: value?.toISOString() ?? null };
}

function fieldsOf(fields: readonly Field[], row: object): Record<string, unknown> {
  const columns = row as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = columns[field.column];
    out[field.name] = fromColumn(field, value);
    if (field.type === 'timestamptz') out[`${field.name}Iso`] = value instanceof Date ? value.toISOString() : null;
  }
  return out;
}

/** The one mapping of an invoice row to the API. */
export function toInvoiceRecord(row: Invoice): InvoiceRecord {
  return {
    id: row.id,
    ...fieldsOf(INVOICE_FIELDS, row),
    channelCode: row.channel_code,
    serialNo: row.serial_no,
    redFlushStatus: row.red_flush_status,
    findingCodes: row.finding_codes,
    ...instant('voidedAt', row.voided_at),
    ...instant('createdAt', row.created_at),
    ...instant('updatedAt', row.updated_at),
  } as InvoiceRecord;
}

export function toDetailRecord(row: InvoiceDetail): InvoiceDetailRecord {
  return fieldsOf(DETAIL_FIELDS, row) as InvoiceDetailRecord;
}
