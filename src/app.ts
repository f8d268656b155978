/**
 * Builds the Express app (no listen): the server and the tests share it.
 */
import express from 'express';
import helmet from 'helmet';
import type { Kysely } from 'kysely';
import { authRoutes } from './auth/auth.routes.ts';
import { batchRoutes } from './batches/batches.routes.ts';
import type { Database } from './db/database.ts';
import { docsRoutes } from './docs/docs.routes.ts';
import { errorHandler, notFound } from './http/errors.ts';
import { requestLog } from './http/request-log.ts';
import { invoiceRoutes } from './invoices/invoices.routes.ts';
import type { Logger } from './logger.ts';
import { pushRoutes } from './push/push.routes.ts';

export interface AppOptions {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  readonly bodyLimitBytes: number;
  readonly accessTokenTtlSeconds: number;
}

export function buildApp(options: AppOptions): express.Express {
  const { db, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLog(logger));
  app.use(helmet());
  app.use(authRoutes({ db, accessTokenTtlSeconds: options.accessTokenTtlSeconds }));
  app.use(pushRoutes({ db, bodyLimitBytes: options.bodyLimitBytes }));
  app.use(invoiceRoutes({ db }));
  app.use(batchRoutes({ db }));
  app.use(docsRoutes());
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
