import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { principalOf, requireToken } from '../http/auth.ts';
import { jsonBody } from '../http/body.ts';
import { toAppError } from '../http/errors.ts';
import { validBody } from '../http/validate.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { receivePush } from './push.service.ts';

export interface PushRoutesOptions {
  readonly db: Kysely<Database>;
  readonly bodyLimitBytes: number;
  readonly metrics: Metrics;
}

const PUSH_PATH = '/api/openapi/v2/invoicing';

export function pushRoutes({ db, bodyLimitBytes, metrics }: PushRoutesOptions): Router {
  const router = Router();

  // The token is checked before the body is read: strangers cannot make the server buffer 10 MB.
  router.post(PUSH_PATH, requireToken(db, 'push'), ...jsonBody(bodyLimitBytes), async (req: Request, res: Response) => {
    const body = validBody('PushRequest', req.body);
    const outcome = await receivePush(db, {
      principal: principalOf(req),
      body,
      rawBody: req.rawBody ?? '',
      requestId: String(req.id),
    });
    const channel = metrics.channel(body.channelCode);
    metrics.pushes.inc({ channel, outcome: 'stored' });
    for (const invoice of outcome.invoices) metrics.invoices.inc({ channel, change: invoice.change });
    for (const finding of outcome.findings) metrics.findings.inc({ code: finding.code, severity: finding.severity });
    req.log.info({ pushId: outcome.pushId, channelCode: body.channelCode, invoices: outcome.invoices.length }, 'push stored');
    res.json({ value: true });
  });

  // Counts refused pushes by outcome, then lets the error handler answer.
  router.use(PUSH_PATH, (error: unknown, req: Request, _res: Response, next: NextFunction) => {
    const body = req.body as { channelCode?: unknown } | undefined;
    const channel = metrics.channel(req.principal && typeof body === 'object' && body !== null ? body.channelCode : undefined);
    metrics.pushes.inc({ channel, outcome: toAppError(error)?.code ?? 'internal' });
    next(error);
  });

  return router;
}
