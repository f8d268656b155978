import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { principalOf, requireToken } from '../auth/auth.middleware.ts';
import type { Database } from '../db/database.ts';
import { validQuery } from '../http/query.ts';
import { getBatch } from './batches.service.ts';

export interface BatchRoutesOptions {
  readonly db: Kysely<Database>;
}

export function batchRoutes({ db }: BatchRoutesOptions): Router {
  const router = Router();
  router.get('/api/openapi/v2/invoicing/batches', requireToken(db, 'read'), async (req: Request, res: Response) => {
    const batch = await getBatch(db, principalOf(req), validQuery('BatchQuery', req.query));
    res.json({ value: batch });
  });
  return router;
}
