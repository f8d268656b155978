import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { fieldErrors, validator } from '../api/spec.ts';
import { principalOf, requireToken } from '../auth/auth.middleware.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { validQuery } from '../http/query.ts';
import type { InvoiceRecord } from './invoice-record.ts';
import { csvRow, csvStringifier } from './invoices.csv.ts';
import { exportInvoices, getInvoice, listInvoices, lookupInvoice } from './invoices.service.ts';

export interface InvoiceRoutesOptions {
  readonly db: Kysely<Database>;
}

export function invoiceRoutes({ db }: InvoiceRoutesOptions): Router {
  const router = Router();
  const read = requireToken(db, 'read');

  router.get('/api/openapi/v2/invoices', read, async (req: Request, res: Response) => {
    const page = await listInvoices(db, principalOf(req), validQuery('InvoiceListQuery', req.query));
    // The items come as JSON text (invoices/record-json.ts); around them, what res.json({ value: page }) would write.
    res.type('json').send(`{"value":{"items":${page.itemsJson},"nextCursor":${JSON.stringify(page.nextCursor)}}}`);
  });

  router.get('/api/openapi/v2/invoices/export.csv', read, async (req: Request, res: Response) => {
    const records = await exportInvoices(db, principalOf(req), validQuery('InvoiceExportQuery', req.query));
    res.status(200).type('text/csv; charset=utf-8').attachment('invoices.csv');
    try {
      await pipeline(Readable.from(records), toCsvRows(), csvStringifier(), res);
    } catch (error) {
      // The client went away: nothing more to do. Anything else goes to the error handler (which closes the connection).
      if (req.socket.destroyed && (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') {
        req.log.info('export stopped: the client closed the connection');
        return;
      }
      throw error;
    }
  });

  router.get('/api/openapi/v2/invoices/lookup', read, async (req: Request, res: Response) => {
    const view = await lookupInvoice(db, principalOf(req), validQuery('InvoiceLookupQuery', req.query));
    res.json({ value: view });
  });

  router.get('/api/openapi/v2/invoices/:id', read, async (req: Request<{ id: string }>, res: Response) => {
    validQuery('EmptyQuery', req.query);
    const { id } = req.params;
    const validate = validator('InvoiceId');
    if (!validate(id)) {
      throw AppError.validation(fieldErrors(validate.errors).map((error) => ({ parameter: 'id', message: error.message })));
    }
    res.json({ value: await getInvoice(db, principalOf(req), id) });
  });

  return router;
}

function toCsvRows(): Transform {
  return new Transform({
    objectMode: true,
    transform(record: InvoiceRecord, _encoding, callback) {
      callback(null, csvRow(record));
    },
  });
}
