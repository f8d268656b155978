/**
 * The access-token middleware of the API's routes: `requireToken(db, scope)`
 * lets a request through with a valid token whose app has the scope and
 * puts the app on the request (`principalOf(req)`).
 */
import type { Request, RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { sessionPrincipal } from '../users/session.http.ts';
import { authenticate, type Principal, requireScope, type Scope } from './auth.service.ts';
import type { TokenCache } from './token-cache.ts';

declare global {
  namespace Express {
    interface Request {
      /** The app behind the request's access token (set by `requireToken`). */
      principal?: Principal;
    }
  }
}

/** The access token: `accessToken` in the query string (as the spec sends it) or in a header. */
export function accessTokenOf(req: Request): string | undefined {
  const fromQuery = req.query.accessToken;
  if (Array.isArray(fromQuery)) {
    throw new AppError(400, 'validation_failed', {
      en: 'accessToken is given more than once',
      zh: '认证token(accessToken)只能传一次',
    });
  }
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  const fromHeader = req.headers.accesstoken;
  return typeof fromHeader === 'string' && fromHeader !== '' ? fromHeader : undefined;
}

/**
 * Lets the request through only with a valid access token whose app has `scope`,
 * or, without a token, a console session whose user's role has it (src/users/session.http.ts).
 * With `tokens`, verified tokens are kept in memory (auth/token-cache.ts).
 */
export function requireToken(db: Kysely<Database>, scope: Scope, tokens?: TokenCache): RequestHandler {
  return async (req, _res, next) => {
    const principal = (await sessionPrincipal(db, req, scope)) ?? (await authenticate(db, accessTokenOf(req), tokens));
    requireScope(principal, scope);
    req.principal = principal;
    next();
  };
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw new Error('route is missing requireToken');
  return req.principal;
}
