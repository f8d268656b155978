/**
 * The 红字确认单 API (issue 12, FORMS-API.md): reading forms (`read`
 * scope: apps, and every console role) and acting on them (`redflush`
 * scope: apps, console operators and admins; a console POST carries the
 * session's CSRF header). Answers as the red-flush reads do: `{"value": …}`,
 * errors as problem documents, in Chinese unless `Accept-Language: en`.
 *
 * An action is recorded and its job sent in one transaction; the answer
 * then waits up to `syncWaitMs` for the channel's answer: 200 with the form
 * as it then is, else 202 with the form as it is (the job goes on).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { principalOf, requireToken } from '../auth/auth.middleware.ts';
import type { TokenCache } from '../auth/token-cache.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { optionalJsonBody } from '../http/body.ts';
import { validPathId, validQuery } from '../http/query.ts';
import { validBody } from '../http/validate.ts';
import type { JobQueue } from '../queue/queue.ts';
import type { FormAction } from './form-states.ts';
import { actionAnswered, askAction, getForm, listForms } from './forms.service.ts';

export interface FormRoutesOptions {
  readonly db: Kysely<Database>;
  /** Verified access tokens kept in memory (auth/token-cache.ts); absent: every request asks the database. */
  readonly tokens?: TokenCache | undefined;
  readonly bodyLimitBytes: number;
  /** The job queue (absent: actions are refused, 503). */
  readonly jobs?: JobQueue | undefined;
  /** How long an action's answer waits for the channel (REDFLUSH_SYNC_WAIT_MS; default 3000). */
  readonly syncWaitMs?: number | undefined;
}

const BASE = '/api/openapi/v2/red-confirm-forms';
const ACTIONS: readonly FormAction[] = ['confirm', 'reject', 'revoke', 'refresh'];
/** How often a waiting answer looks whether the channel answered. */
const LOOK_EVERY_MS = 50;

export function redConfirmFormRoutes({ db, tokens, bodyLimitBytes, jobs, syncWaitMs = 3000 }: FormRoutesOptions): Router {
  const router = Router();
  const read = requireToken(db, 'read', tokens);
  const redflush = requireToken(db, 'redflush', tokens);

  router.get(BASE, read, async (req: Request, res: Response) => {
    res.json({ value: await listForms(db, principalOf(req), validQuery('RedConfirmFormListQuery', req.query)) });
  });

  router.get(`${BASE}/:id`, read, async (req: Request<{ id: string }>, res: Response) => {
    validQuery('EmptyQuery', req.query);
    res.json({ value: await getForm(db, principalOf(req), validPathId('RedConfirmFormId', req.params.id)) });
  });

  for (const action of ACTIONS) {
    router.post(
      `${BASE}/:id/${action}`,
      redflush,
      ...optionalJsonBody(bodyLimitBytes),
      async (req: Request<{ id: string }>, res: Response) => {
        validQuery('EmptyQuery', req.query);
        const id = validPathId('RedConfirmFormId', req.params.id);
        const body: unknown = req.body;
        let reason: string | null = null;
        if (action === 'reject') reason = validBody('RedConfirmFormRejectBody', body).reason.trim();
        else validBody('RedConfirmFormActionBody', body);
        if (action === 'reject' && reason === '') {
          throw AppError.validation([{ pointer: '/reason', message: 'must not be blank', zh: '不能为空白' }]);
        }
        if (!jobs) throw new AppError(503, 'unavailable', { en: 'the job queue is not running', zh: '任务队列未运行，无法操作' });
        const principal = principalOf(req);
        const asked = await askAction(db, jobs, principal, id, action, { reason, requestId: String(req.id) });
        req.log.info({ formId: id, action }, 'red confirm form action asked');
        const until = Date.now() + syncWaitMs;
        let answered = await actionAnswered(db, asked);
        while (!answered && Date.now() < until) {
          await sleep(LOOK_EVERY_MS);
          answered = await actionAnswered(db, asked);
        }
        res.status(answered ? 200 : 202).json({ value: await getForm(db, principal, id) });
      },
    );
  }

  return router;
}
