import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { principalOf, requireToken } from '../auth/auth.middleware.ts';
import type { TokenCache } from '../auth/token-cache.ts';
import type { Database } from '../db/database.ts';
import { findingIn } from '../findings/finding-messages.ts';
import { languageOf } from '../http/language.ts';
import { validPathId, validQuery } from '../http/query.ts';
import type { InvoiceRecord } from './invoice-record.ts';
import { CSV_COLUMNS, type CsvColumn, type CsvOptions, csvCells, csvStringifier, DETAIL_CSV_COLUMNS } from './invoices.csv.ts';
import { exportInvoiceDetails, exportInvoices, getInvoice, type InvoiceView, listInvoices, lookupInvoice } from './invoices.service.ts';
import { listBody } from './record-json.ts';

export interface InvoiceRoutesOptions {
  readonly db: Kysely<Database>;
  /** Verified access tokens kept in memory (auth/token-cache.ts); absent: every request asks the database. */
  readonly tokens?: TokenCache | undefined;
}

export function invoiceRoutes({ db, tokens }: InvoiceRoutesOptions): Router {
  const router = Router();
  const read = requireToken(db, 'read', tokens);

  router.get('/api/openapi/v2/invoices', read, async (req: Request, res: Response) => {
    const page = await listInvoices(db, principalOf(req), validQuery('InvoiceListQuery', req.query));
    // The items come as JSON text (invoices/record-json.ts); around them, what res.json({ value: page }) would write.
    res.type('json').send(listBody(page.itemsJson, page.nextCursor));
  });

  router.get('/api/openapi/v2/invoices/export.csv', read, async (req: Request, res: Response) => {
    const { excel = true, ...filters } = validQuery('InvoiceExportQuery', req.query);
    const records = await exportInvoices(db, principalOf(req), filters);
    await sendCsv(req, res, 'invoices.csv', records, CSV_COLUMNS, (record) => record, { excel });
  });

  router.get('/api/openapi/v2/invoices/export-details.csv', read, async (req: Request, res: Response) => {
    const { excel = true, ...filters } = validQuery('InvoiceExportQuery', req.query);
    const lines = await exportInvoiceDetails(db, principalOf(req), filters);
    await sendCsv(req, res, 'invoice-details.csv', lines, DETAIL_CSV_COLUMNS, (line) => line.invoice, { excel });
  });

  router.get('/api/openapi/v2/invoices/lookup', read, async (req: Request, res: Response) => {
    const view = await lookupInvoice(db, principalOf(req), validQuery('InvoiceLookupQuery', req.query));
    res.json({ value: withFindingsIn(view, req) });
  });

  router.get('/api/openapi/v2/invoices/:id', read, async (req: Request<{ id: string }>, res: Response) => {
    validQuery('EmptyQuery', req.query);
    const id = validPathId('InvoiceId', req.params.id);
    res.json({ value: withFindingsIn(await getInvoice(db, principalOf(req), id), req) });
  });

  return router;
}

/** The view with its findings' messages in Chinese, unless the client prefers English (src/findings/finding-messages.ts). */
function withFindingsIn(view: InvoiceView, req: Request): InvoiceView {
  const language = languageOf(req);
  return { ...view, findings: view.findings.map((finding) => findingIn(finding, language)) };
}

/**
 * Streams rows as a CSV file while they are read. The first rows were read
 * before this is called (bad parameters or an unreachable database are a
 * problem document, not a broken file); an error after the first bytes
 * closes the connection without the final line.
 */
async function sendCsv<Row>(
  req: Request,
  res: Response,
  filename: string,
  rows: AsyncIterable<Row>,
  columns: readonly CsvColumn<Row>[],
  invoiceOf: (row: Row) => InvoiceRecord,
  options: CsvOptions,
): Promise<void> {
  res.status(200).type('text/csv; charset=utf-8').attachment(filename);
  const cells = new Transform({
    objectMode: true,
    transform(row: Row, _encoding, callback) {
      callback(null, csvCells(columns, row, invoiceOf(row), options));
    },
  });
  try {
    await pipeline(Readable.from(rows), cells, csvStringifier(columns), res);
  } catch (error) {
    // The client went away: nothing more to do. Anything else goes to the error handler (which closes the connection).
    if (req.socket.destroyed && (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') {
      req.log.info('export stopped: the client closed the connection');
      return;
    }
    throw error;
  }
}
