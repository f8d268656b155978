import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { QUERY_PARAMETERS } from '../api/field-labels.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { jsonBody } from '../http/body.ts';
import { failedAttemptsLimiter } from '../http/rate-limit.ts';
import { validBody } from '../http/validate.ts';
import { issueToken, refreshToken } from './auth.service.ts';
import type { TokenCache } from './token-cache.ts';

export interface AuthRoutesOptions {
  readonly db: Kysely<Database>;
  readonly accessTokenTtlSeconds: number;
  /** Failed calls allowed per client address and window before 429. */
  readonly rateLimit: number;
  readonly rateWindowSeconds: number;
  /** The server's token cache: a revocation's answer waits until it heard the change (auth/token-cache.ts). */
  readonly tokens?: TokenCache | undefined;
}

function queryString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    const { label } = QUERY_PARAMETERS[name] ?? { label: name };
    throw AppError.validation([{ parameter: name, message: 'is required, once', zh: '必填，只传一次', label, rule: 'required' }]);
  }
  return value;
}

export function authRoutes({ db, tokens, accessTokenTtlSeconds, rateLimit: limit, rateWindowSeconds }: AuthRoutesOptions): Router {
  const router = Router();

  // Guessing secrets: only failed calls count, per client address (memory store: per instance).
  const limiter = failedAttemptsLimiter(limit, rateWindowSeconds);

  router.post('/api/openapi/v1/auth/getAccessToken', limiter, ...jsonBody(64 * 1024), async (req: Request, res: Response) => {
    const { appKey, appSecurity } = validBody('AccessTokenRequest', req.body);
    res.json({ value: await issueToken(db, appKey, appSecurity, accessTokenTtlSeconds) });
  });

  router.post('/api/openapi/v2/auth/refreshToken', limiter, async (req, res) => {
    const accessToken = queryString(req.query.accessToken, 'accessToken');
    const refresh = queryString(req.query.refreshToken, 'refreshToken');
    res.json({ value: await refreshToken(db, accessToken, refresh, accessTokenTtlSeconds, tokens) });
  });

  return router;
}
