import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { principalOf, requireToken } from '../http/auth.ts';
import { jsonBody } from '../http/body.ts';
import { validBody } from '../http/validate.ts';
import { receivePush } from './push.service.ts';

export interface PushRoutesOptions {
  readonly db: Kysely<Database>;
  readonly bodyLimitBytes: number;
}

export function pushRoutes({ db, bodyLimitBytes }: PushRoutesOptions): Router {
  const router = Router();

  // The token is checked before the body is read: strangers cannot make the server buffer 10 MB.
  router.post('/api/openapi/v2/invoicing', requireToken(db, 'push'), ...jsonBody(bodyLimitBytes), async (req: Request, res: Response) => {
    const body = validBody('PushRequest', req.body);
    const outcome = await receivePush(db, {
      principal: principalOf(req),
      body,
      rawBody: req.rawBody ?? '',
      requestId: String(req.id),
    });
    req.log.info({ pushId: outcome.pushId, channelCode: body.channelCode, invoices: outcome.invoices.length }, 'push stored');
    res.json({ value: true });
  });

  return router;
}
