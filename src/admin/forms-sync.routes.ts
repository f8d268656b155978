/**
 * The console's admin API to run the 红字确认单 sync now (role admin,
 * through a console session with its CSRF token), as `cli forms sync` does:
 *
 *   POST /api/console/admin/red-confirm-forms/syncs   → 202 {"value": {"queued": true|false}}
 *
 * `queued: false`: a run is waiting already (it will do the same). Audited.
 */
import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { audit } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { optionalJsonBody } from '../http/body.ts';
import { validQuery } from '../http/query.ts';
import { validBody } from '../http/validate.ts';
import type { JobQueue } from '../queue/queue.ts';
import { sendFormSync } from '../red-flush/forms-queues.ts';
import { requireSession, sessionOfRequest } from '../users/session.http.ts';
import { userActor } from '../users/sessions.service.ts';

export interface FormsSyncRoutesOptions {
  readonly db: Kysely<Database>;
  /** The started job queue; absent: no run can be queued here (503). */
  readonly jobs?: JobQueue | undefined;
}

const PATH = '/api/console/admin/red-confirm-forms/syncs';

export function formsSyncRoutes({ db, jobs }: FormsSyncRoutesOptions): Router {
  const router = Router();
  router.post(PATH, requireSession(db, 'admin'), ...optionalJsonBody(4 * 1024), async (req: Request, res: Response) => {
    validQuery('EmptyQuery', req.query);
    validBody('RedConfirmFormActionBody', req.body);
    if (!jobs) throw new AppError(503, 'unavailable', { en: 'the job queue is not running here', zh: '任务队列未运行，无法同步' });
    const queued = (await sendFormSync(jobs, 'once')) !== null;
    await audit(db, userActor(sessionOfRequest(req).user), {
      action: 'red_confirm_form.sync',
      details: { queued },
      requestId: req.id === undefined ? null : String(req.id),
    });
    res.status(202).json({ value: { queued } });
  });
  return router;
}
