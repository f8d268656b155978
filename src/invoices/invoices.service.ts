/**
 * Reading invoices: the list (keyset pages), the CSV export (the same list,
 * read in keyset batches), and the view of one invoice with its detail
 * rows, history and red-flush side (red-flush/red-flush.view.ts). An app limited to some sellers sees
 * only their invoices; anything else is answered as if it did not exist.
 */
import type { Schemas } from '../api/spec.ts';
import type { Principal } from '../auth/auth.service.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { toRedFlushView } from '../red-flush/red-flush.view.ts';
import { decodeCursor, encodeCursor, isInvoiceId, type Keyset, toFilter } from './invoice-filter.ts';
import { type InvoiceRecord, toDetailRecord, toInvoiceRecord } from './invoice-record.ts';
import type { DetailLine } from './invoices.csv.ts';
import type { InvoiceViewRow } from './invoices.repository.ts';
import * as repository from './invoices.repository.ts';
import { recordJson } from './record-json.ts';

export type InvoiceListQuery = Schemas['InvoiceListQuery'];
export type InvoiceExportQuery = Schemas['InvoiceExportQuery'];
export type InvoiceFilters = Schemas['InvoiceFilters'];
export type InvoiceView = Schemas['InvoiceView'];

/** A page of the list, each item as JSON text (an InvoiceRecord). */
export interface InvoicePageJson {
  readonly itemsJson: readonly string[];
  readonly nextCursor: string | null;
}

/** Invoices read per database round trip while exporting. */
export const EXPORT_BATCH = 1000;

function keysetOf(row: { readonly invoice_date: Date; readonly id: string }): Keyset {
  return { invoiceDate: row.invoice_date, id: row.id };
}

export async function listInvoices(db: Db, principal: Principal, query: InvoiceListQuery): Promise<InvoicePageJson> {
  const { limit, cursor, ...filters } = query;
  const filter = toFilter(principal, filters);
  const after = cursor === undefined ? null : decodeCursor(cursor);
  // One more than asked tells whether there is a next page.
  const rows = await repository.listJson(db, filter, { after, limit: limit + 1 });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    itemsJson: items.map(recordJson),
    nextCursor: rows.length > limit && last ? encodeCursor(keysetOf(last)) : null,
  };
}

/**
 * Every invoice the filters select, in list order, read EXPORT_BATCH at a
 * time. The parameters are checked and the first batch read before this
 * returns, so that a bad request or an unreachable database is answered
 * with a problem document rather than a broken file.
 */
export async function exportInvoices(db: Db, principal: Principal, query: InvoiceFilters): Promise<AsyncIterable<InvoiceRecord>> {
  const filter = toFilter(principal, query);
  const first = await repository.listInvoices(db, filter, { after: null, limit: EXPORT_BATCH });
  return (async function* () {
    let rows = first;
    for (;;) {
      for (const row of rows) yield toInvoiceRecord(row);
      const last = rows.at(-1);
      if (rows.length < EXPORT_BATCH || !last) return;
      rows = await repository.listInvoices(db, filter, { after: keysetOf(last), limit: EXPORT_BATCH });
    }
  })();
}

/** Invoices whose detail rows are read in one round trip while exporting details (a push allows 2,000 rows per invoice). */
export const DETAIL_BATCH = 100;

/**
 * Every detail row of the invoices the filters select, with its invoice,
 * invoices in list order and each invoice's rows in their order; read as
 * `exportInvoices` reads invoices, and their rows DETAIL_BATCH invoices at
 * a time, so any size exports in bounded memory.
 */
export async function exportInvoiceDetails(db: Db, principal: Principal, query: InvoiceFilters): Promise<AsyncIterable<DetailLine>> {
  const invoices = await exportInvoices(db, principal, query);
  return (async function* () {
    let batch: InvoiceRecord[] = [];
    const flush = async function* (): AsyncGenerator<DetailLine> {
      const rows = await repository.detailsOf(
        db,
        batch.map((invoice) => invoice.id),
      );
      const byInvoice = Map.groupBy(rows, (row) => row.invoice_id);
      for (const invoice of batch) {
        for (const [index, row] of (byInvoice.get(invoice.id) ?? []).entries()) {
          yield { invoice, line: index + 1, detail: toDetailRecord(row) };
        }
      }
      batch = [];
    };
    for await (const invoice of invoices) {
      batch.push(invoice);
      if (batch.length >= DETAIL_BATCH) yield* flush();
    }
    if (batch.length > 0) yield* flush();
  })();
}

export async function getInvoice(db: Db, principal: Principal, id: string): Promise<InvoiceView> {
  if (!isInvoiceId(id)) throw notFound();
  return viewOf(await repository.VIEW_BY_ID.execute(db, { id, sellers: principal.sellers }));
}

export async function lookupInvoice(db: Db, principal: Principal, identity: Schemas['InvoiceLookupQuery']): Promise<InvoiceView> {
  const { invoiceCode, invoiceNumber } = identity;
  return viewOf(await repository.VIEW_BY_IDENTITY.execute(db, { invoiceCode, invoiceNumber, sellers: principal.sellers }));
}

function notFound(): AppError {
  return new AppError(404, 'not_found', { en: 'no such invoice', zh: '未找到该发票' });
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** The view of the invoice read (by one statement, so from one snapshot); 404 when absent or not the app's to see. */
function viewOf(rows: readonly InvoiceViewRow[]): InvoiceView {
  const row = rows[0];
  if (!row) throw notFound();
  return {
    invoice: toInvoiceRecord(row),
    details: (row.view_details ?? []).map(toDetailRecord),
    history: (row.view_history ?? []).map((entry) => ({
      pushId: entry.push_id,
      recordedAt: entry.recorded_at,
      recordedAtIso: isoOf(entry.recorded_at),
      change: entry.change,
      invoicingStatus: entry.invoicing_status,
      channelCode: entry.channel_code,
      serialNo: entry.serial_no,
      appName: entry.app_name,
    })),
    redFlush: toRedFlushView(row),
    findings: row.view_findings ?? [],
  } as InvoiceView;
}
