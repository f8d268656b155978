/**
 * The console's admin API for re-checking stored invoices (role admin,
 * through a console session with its CSRF token), the same service as the
 * CLI's `findings recheck` (src/findings/recheck.service.ts):
 *
 *   POST /api/console/admin/findings/rechecks        {since?} → 202, the re-check, queued
 *   GET  /api/console/admin/findings/rechecks        the newest re-checks with their progress
 *   GET  /api/console/admin/findings/rechecks/{id}   one re-check
 */
import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError, type FieldError } from '../errors.ts';
import { getRecheck, listRechecks, startRecheck } from '../findings/recheck.service.ts';
import { jsonBody } from '../http/body.ts';
import { parseBound } from '../http/bounds.ts';
import { validPathId, validQuery } from '../http/query.ts';
import { validBody } from '../http/validate.ts';
import type { JobQueue } from '../queue/queue.ts';
import { requireSession, sessionOfRequest } from '../users/session.http.ts';
import { userActor } from '../users/sessions.service.ts';

export interface FindingsRecheckRoutesOptions {
  readonly db: Kysely<Database>;
  /** The started job queue; absent: a re-check cannot be started here (503). */
  readonly jobs?: JobQueue | undefined;
}

const PATH = '/api/console/admin/findings/rechecks';

export function findingsRecheckRoutes({ db, jobs }: FindingsRecheckRoutesOptions): Router {
  const router = Router();
  const admin = requireSession(db, 'admin');

  router.post(PATH, admin, ...jsonBody(4 * 1024), async (req: Request, res: Response) => {
    const { since } = validBody('FindingRecheckRequest', req.body);
    const errors: FieldError[] = [];
    const bound = since === undefined ? undefined : parseBound('since', since, errors);
    if (errors.length > 0)
      throw AppError.validation(
        errors.map((error) => ({ pointer: '/since', message: error.message, ...(error.zh !== undefined && { zh: error.zh }) })),
      );
    if (!jobs)
      throw new AppError(503, 'unavailable', {
        en: 'the job queue is not running here; nothing was started',
        zh: '任务队列未运行，未开始重新校验',
      });
    const context = { actor: userActor(sessionOfRequest(req).user), requestId: req.id === undefined ? null : String(req.id) };
    const recheck = await startRecheck(db, jobs, context, { since: bound ? new Date(bound.first) : null });
    res.status(202).json({ value: recheck });
  });

  router.get(PATH, admin, async (req: Request, res: Response) => {
    validQuery('EmptyQuery', req.query);
    res.json({ value: { items: await listRechecks(db) } });
  });

  router.get(`${PATH}/:id`, admin, async (req: Request<{ id: string }>, res: Response) => {
    validQuery('EmptyQuery', req.query);
    res.json({ value: await getRecheck(db, validPathId('RecheckId', req.params.id)) });
  });

  return router;
}
