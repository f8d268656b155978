/**
 * Reading invoices: the list (keyset pages), the CSV export (the same list,
 * read in keyset batches), and the view of one invoice with its detail
 * rows, history and red-flush view. An app limited to some sellers sees
 * only their invoices; anything else is answered as if it did not exist.
 */
import type { Kysely } from 'kysely';
import type { Schemas } from '../api/spec.ts';
import type { Principal } from '../auth/auth.service.ts';
import type { Database, Db, Invoice } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { decodeCursor, encodeCursor, isInvoiceId, type Keyset, toFilter } from './invoice-filter.ts';
import { type InvoiceRecord, instant, toDetailRecord, toInvoiceRecord } from './invoice-record.ts';
import * as repository from './invoices.repository.ts';

export type InvoiceListQuery = Schemas['InvoiceListQuery'];
export type InvoiceExportQuery = Schemas['InvoiceExportQuery'];
export type InvoiceView = Schemas['InvoiceView'];

export interface InvoicePage {
  readonly items: InvoiceRecord[];
  readonly nextCursor: string | null;
}

/** Invoices read per database round trip while exporting. */
export const EXPORT_BATCH = 1000;

function keysetOf(row: Invoice): Keyset {
  return { invoiceDate: row.invoice_date, id: row.id };
}

export async function listInvoices(db: Db, principal: Principal, query: InvoiceListQuery): Promise<InvoicePage> {
  const { limit, cursor, ...filters } = query;
  const filter = toFilter(principal, filters);
  const after = cursor === undefined ? null : decodeCursor(cursor);
  // One more than asked tells whether there is a next page.
  const rows = await repository.listInvoices(db, filter, { after, limit: limit + 1 });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toInvoiceRecord),
    nextCursor: rows.length > limit && last ? encodeCursor(keysetOf(last)) : null,
  };
}

/**
 * Every invoice the filters select, in list order, read EXPORT_BATCH at a
 * time. The parameters are checked and the first batch read before this
 * returns, so that a bad request or an unreachable database is answered
 * with a problem document rather than a broken file.
 */
export async function exportInvoices(db: Db, principal: Principal, query: InvoiceExportQuery): Promise<AsyncIterable<InvoiceRecord>> {
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

export async function getInvoice(db: Kysely<Database>, principal: Principal, id: string): Promise<InvoiceView> {
  return readView(db, async (tx) => (isInvoiceId(id) ? repository.findById(tx, id, principal.sellers) : undefined), principal);
}

export async function lookupInvoice(
  db: Kysely<Database>,
  principal: Principal,
  identity: Schemas['InvoiceLookupQuery'],
): Promise<InvoiceView> {
  return readView(db, (tx) => repository.findByIdentity(tx, identity.invoiceCode, identity.invoiceNumber, principal.sellers), principal);
}

/** The view of one invoice, read in one snapshot; 404 when absent or not the app's to see. */
async function readView(db: Kysely<Database>, find: (tx: Db) => Promise<Invoice | undefined>, principal: Principal): Promise<InvoiceView> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      const row = await find(tx);
      if (!row) throw new AppError(404, 'not_found', 'no such invoice');
      const details = await repository.listDetails(tx, row.id);
      const history = await repository.listHistory(tx, row.id);
      return {
        invoice: toInvoiceRecord(row),
        details: details.map(toDetailRecord),
        history: history.map((entry) => ({
          pushId: entry.push_id,
          ...instant('recordedAt', entry.recorded_at),
          change: entry.change,
          invoicingStatus: entry.invoicing_status,
          channelCode: entry.channel_code,
          serialNo: entry.serial_no,
          appName: entry.app_name,
        })),
        redFlush: await redFlushView(tx, row, principal),
        findings: await repository.listFindings(tx, row.id),
      } as InvoiceView;
    });
}

async function redFlushView(db: Db, row: Invoice, principal: Principal): Promise<InvoiceView['redFlush']> {
  if (row.invoice_type === 0) {
    const totals = await repository.blueTotals(db, row.id);
    const reds = await repository.linkedReds(db, row.id, principal.sellers);
    return {
      side: 'blue',
      status: totals.status,
      totalPriceTax: totals.total,
      redFlushedTotal: totals.flushed,
      remaining: totals.remaining,
      reds: reds.map((red) => ({
        id: red.id,
        invoiceCode: red.invoice_code,
        invoiceNumber: red.invoice_number,
        ...instant('invoiceDate', red.invoice_date),
        invoicingStatus: red.invoicing_status,
        invoiceTotalPriceTax: red.invoice_total_price_tax,
        amount: red.amount,
        counted: red.invoicing_status !== '03',
      })),
    } as InvoiceView['redFlush'];
  }
  const link = await repository.redLink(db, row.id, principal.sellers);
  const blue = link.blue;
  return {
    side: 'red',
    status: blue ? 'linked' : 'unlinked',
    originalInvoiceCode: row.original_invoice_code,
    originalInvoiceNumber: row.original_invoice_number,
    amount: link.amount,
    blue:
      blue?.visible === true
        ? {
            id: blue.id,
            invoiceCode: blue.invoice_code,
            invoiceNumber: blue.invoice_number,
            ...instant('invoiceDate', blue.invoice_date),
            invoicingStatus: blue.invoicing_status,
            invoiceTotalPriceTax: blue.invoice_total_price_tax,
          }
        : null,
  } as InvoiceView['redFlush'];
}
