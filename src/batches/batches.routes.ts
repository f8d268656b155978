import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { principalOf, requireToken } from '../auth/auth.middleware.ts';
import type { TokenCache } from '../auth/token-cache.ts';
import type { Database } from '../db/database.ts';
import { validPathId, validQuery } from '../http/query.ts';
import { getBatch, listBatches } from './batches.service.ts';
import { getPush, getPushBody, listPushes } from './pushes.service.ts';

export interface BatchRoutesOptions {
  readonly db: Kysely<Database>;
  /** Verified access tokens kept in memory (auth/token-cache.ts); absent: every request asks the database. */
  readonly tokens?: TokenCache | undefined;
}

export function batchRoutes({ db, tokens }: BatchRoutesOptions): Router {
  const router = Router();
  const read = requireToken(db, 'read', tokens);
  router.get('/api/openapi/v2/invoicing/batches', read, async (req: Request, res: Response) => {
    const batch = await getBatch(db, principalOf(req), validQuery('BatchQuery', req.query));
    res.json({ value: batch });
  });

  router.get('/api/openapi/v2/invoicing/batch-list', read, async (req: Request, res: Response) => {
    res.json({ value: await listBatches(db, principalOf(req), validQuery('BatchListQuery', req.query)) });
  });

  router.get('/api/openapi/v2/invoicing/pushes', read, async (req: Request, res: Response) => {
    res.json({ value: await listPushes(db, principalOf(req), validQuery('PushListQuery', req.query)) });
  });

  router.get('/api/openapi/v2/invoicing/pushes/:id', read, async (req: Request<{ id: string }>, res: Response) => {
    validQuery('EmptyQuery', req.query);
    res.json({ value: await getPush(db, principalOf(req), validPathId('PushId', req.params.id)) });
  });

  // The body alone, as received: the same bytes (UTF-8), with the Content-Type it came with.
  router.get('/api/openapi/v2/invoicing/pushes/:id/body', read, async (req: Request<{ id: string }>, res: Response) => {
    validQuery('EmptyQuery', req.query);
    const { body, contentType } = await getPushBody(db, principalOf(req), validPathId('PushId', req.params.id));
    res.status(200).setHeader('Content-Type', contentType);
    res.end(Buffer.from(body, 'utf8'));
  });
  return router;
}
