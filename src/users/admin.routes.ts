/**
 * The console's admin API (role admin, through a console session; apps have no way in):
 *
 *   GET   /api/console/admin/users                       every user
 *   POST  /api/console/admin/users                       {name, role} → the user and a one-time password
 *   PATCH /api/console/admin/users/{id}                  {role}
 *   POST  /api/console/admin/users/{id}/disable          the user's sessions end at once
 *   POST  /api/console/admin/users/{id}/enable
 *   POST  /api/console/admin/users/{id}/reset-password   a new one-time password; sessions end
 *   GET   /api/console/admin/audit                       the audit log, newest first, keyset-paged
 *
 * Every change is written to the audit log with the admin who made it.
 */
import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { fieldErrors, validator } from '../api/spec.ts';
import { listAudit } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { jsonBody } from '../http/body.ts';
import { validQuery } from '../http/query.ts';
import { validBody } from '../http/validate.ts';
import { requireSession, sessionOfRequest } from './session.http.ts';
import { userActor } from './sessions.service.ts';
import { type Context, createUser, listUsers, resetPassword, setUserDisabled, setUserRole } from './users.service.ts';

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

function contextOf(req: Request): Context {
  return { actor: userActor(sessionOfRequest(req).user), requestId: req.id === undefined ? null : String(req.id) };
}

function userId(req: Request<{ id: string }>): string {
  const validate = validator('ConsoleUserId');
  if (!validate(req.params.id)) {
    throw AppError.validation(
      fieldErrors(validate.errors).map((error) => ({
        parameter: 'id',
        message: error.message,
        ...(error.zh !== undefined && { zh: error.zh }),
      })),
    );
  }
  return req.params.id;
}

/** A calendar date (the schema checked the shape) → its first ms in Beijing time. */
function beijingDayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - BEIJING_OFFSET_MS;
}

export function adminRoutes({ db }: { readonly db: Kysely<Database> }): Router {
  const router = Router();
  router.use('/api/console/admin', requireSession(db, 'admin'));

  router.get('/api/console/admin/users', async (req: Request, res: Response) => {
    validQuery('EmptyQuery', req.query);
    res.json({ value: { items: await listUsers(db) } });
  });

  router.post('/api/console/admin/users', ...jsonBody(16 * 1024), async (req: Request, res: Response) => {
    const input = validBody('ConsoleNewUser', req.body);
    const created = await createUser(db, contextOf(req), input);
    res.status(201).set('Cache-Control', 'no-store').json({ value: created });
  });

  router.patch('/api/console/admin/users/:id', ...jsonBody(16 * 1024), async (req: Request<{ id: string }>, res: Response) => {
    const id = userId(req);
    const { role } = validBody('ConsoleUserPatch', req.body);
    res.json({ value: await setUserRole(db, contextOf(req), id, role) });
  });

  router.post('/api/console/admin/users/:id/disable', async (req: Request<{ id: string }>, res: Response) => {
    res.json({ value: await setUserDisabled(db, contextOf(req), userId(req), true) });
  });

  router.post('/api/console/admin/users/:id/enable', async (req: Request<{ id: string }>, res: Response) => {
    res.json({ value: await setUserDisabled(db, contextOf(req), userId(req), false) });
  });

  router.post('/api/console/admin/users/:id/reset-password', async (req: Request<{ id: string }>, res: Response) => {
    const reset = await resetPassword(db, contextOf(req), userId(req));
    res.set('Cache-Control', 'no-store').json({ value: reset });
  });

  router.get('/api/console/admin/audit', async (req: Request, res: Response) => {
    const query = validQuery('AuditLogQuery', req.query);
    if (query.from !== undefined && query.to !== undefined && query.to < query.from) {
      throw AppError.validation([{ parameter: 'to', message: 'must not be before from', zh: '不能早于 from' }]);
    }
    const page = await listAudit(db, {
      action: query.action,
      actorName: query.actorName,
      target: query.target,
      from: query.from === undefined ? undefined : new Date(beijingDayStart(query.from)),
      before: query.to === undefined ? undefined : new Date(beijingDayStart(query.to) + DAY_MS),
      afterId: query.cursor,
      limit: query.limit ?? 50,
    });
    res.json({ value: page });
  });

  return router;
}
