/**
 * Signing in and out of the console, who am I, and changing one's password:
 *
 *   POST   /api/console/session            {name, password} → the session (and its cookie)
 *   GET    /api/console/session            the session: user, scopes, CSRF token, expiries (null: none)
 *   DELETE /api/console/session            sign out
 *   POST   /api/console/session/password   {currentPassword, newPassword}
 */
import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { jsonBody } from '../http/body.ts';
import { failedAttemptsLimiter } from '../http/rate-limit.ts';
import { validBody } from '../http/validate.ts';
import {
  checkCsrf,
  clearSessionCookie,
  requireSession,
  sessionOf,
  sessionOfRequest,
  sessionToken,
  setSessionCookie,
} from './session.http.ts';
import { changePassword, resumeSession, type SessionSettings, sessionInfo, signIn, signOut } from './sessions.service.ts';

export interface SessionRoutesOptions {
  readonly db: Kysely<Database>;
  readonly sessions: SessionSettings;
  /** Failed sign-ins (and password changes) allowed per client address and window before 429. */
  readonly rateLimit: number;
  readonly rateWindowSeconds: number;
}

function requestIdOf(req: Request): string | null {
  return req.id === undefined ? null : String(req.id);
}

export function sessionRoutes({ db, sessions, rateLimit, rateWindowSeconds }: SessionRoutesOptions): Router {
  const router = Router();
  const limiter = failedAttemptsLimiter(rateLimit, rateWindowSeconds);
  // The answers carry the CSRF token: never kept by a cache.
  const noStore = (_req: Request, res: Response, next: () => void) => {
    res.set('Cache-Control', 'no-store');
    next();
  };

  router.post('/api/console/session', limiter, noStore, ...jsonBody(16 * 1024), async (req: Request, res: Response) => {
    const credentials = validBody('ConsoleSignIn', req.body);
    const session = await signIn(db, sessions, credentials, requestIdOf(req));
    setSessionCookie(req, res, session.token);
    res.json({ value: sessionInfo(session) });
  });

  // "Who am I": null when nobody is signed in (the page asks this before anything else; not an error).
  router.get('/api/console/session', noStore, async (req: Request, res: Response) => {
    const session = await sessionOf(db, req).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 401) return undefined;
      throw error;
    });
    if (!session && sessionToken(req) !== undefined) clearSessionCookie(req, res);
    res.json({ value: session ? sessionInfo(session) : null });
  });

  router.delete('/api/console/session', async (req: Request, res: Response) => {
    const token = sessionToken(req);
    if (token !== undefined) {
      const session = await resumeSession(db, token).catch((error: unknown) => {
        if (error instanceof AppError && error.status === 401) return undefined;
        throw error;
      });
      if (session) {
        checkCsrf(req, token);
        await signOut(db, session, requestIdOf(req));
      }
    }
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.post(
    '/api/console/session/password',
    noStore,
    requireSession(db),
    limiter,
    ...jsonBody(16 * 1024),
    async (req: Request, res: Response) => {
      const input = validBody('ConsolePasswordChange', req.body);
      const session = await changePassword(db, sessionOfRequest(req), input, requestIdOf(req));
      res.json({ value: sessionInfo(session) });
    },
  );

  return router;
}
