import { type NextFunction, type Request, type RequestHandler, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import pLimit from 'p-limit';
import { principalOf, requireToken } from '../auth/auth.middleware.ts';
import type { TokenCache } from '../auth/token-cache.ts';
import type { Database } from '../db/database.ts';
import { jsonBody } from '../http/body.ts';
import { toAppError } from '../http/errors.ts';
import { validBody } from '../http/validate.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { receivePush } from './push.service.ts';

export interface PushRoutesOptions {
  readonly db: Kysely<Database>;
  /** Verified access tokens kept in memory (auth/token-cache.ts); absent: every request asks the database. */
  readonly tokens?: TokenCache | undefined;
  readonly bodyLimitBytes: number;
  readonly metrics: Metrics;
  /** Pushes that may read their body and store it at once; the others wait their turn. */
  readonly concurrency: number;
}

const PUSH_PATH = '/api/openapi/v2/invoicing';

export function pushRoutes({ db, tokens, bodyLimitBytes, metrics, concurrency }: PushRoutesOptions): Router {
  const router = Router();

  // The token is checked before the body is read: strangers cannot make the server buffer 10 MB.
  const admit = admission(concurrency, metrics);
  router.post(PUSH_PATH, requireToken(db, 'push', tokens), admit, ...jsonBody(bodyLimitBytes), async (req: Request, res: Response) => {
    const body = validBody('PushRequest', req.body);
    const outcome = await receivePush(db, {
      principal: principalOf(req),
      body,
      rawBody: req.rawBody ?? '',
      contentType: req.headers['content-type'] ?? null,
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

/**
 * Lets at most `concurrency` pushes at a time past this point (reading the
 * body, parsing, validating, storing); the others wait, first come first
 * served, with their body still unread in the socket. With as many pushes
 * admitted as the pool has connections, a push that starts its transaction
 * finds a connection free, and its transaction is not kept waiting between
 * statements behind other requests' parsing; memory holds only the bodies
 * of the admitted pushes. A push whose client went away while it waited is
 * dropped when its turn comes.
 */
function admission(concurrency: number, metrics: Metrics): RequestHandler {
  const limit = pLimit(concurrency);
  metrics.gauge('fapiao_pushes_admitted', 'Pushes being read and stored (at most PUSH_CONCURRENCY).', () => limit.activeCount);
  metrics.gauge('fapiao_pushes_waiting', 'Pushes waiting for their turn to be read and stored.', () => limit.pendingCount);
  return (req, res, next) => {
    void limit(
      () =>
        new Promise<void>((resolve) => {
          if (req.destroyed || res.writableEnded) {
            resolve();
            return;
          }
          res.once('close', () => resolve());
          next();
        }),
    );
  };
}
