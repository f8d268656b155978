/**
 * The console's admin API for apps and channels (role admin, through a
 * console session with its CSRF token; apps have no way in). The same
 * services as the CLI (`app …`, `channel …`), each change audited with the
 * admin who made it:
 *
 *   GET   /api/console/admin/apps                   every app, never a secret
 *   POST  /api/console/admin/apps                   {name, scopes, channels?, sellers?} → the app and its appSecurity, once
 *   POST  /api/console/admin/apps/{name}/revoke     its credentials and tokens stop working
 *   POST  /api/console/admin/apps/{name}/rotate     a new appSecurity, once
 *   GET   /api/console/admin/channels               every channel's settings, secrets as set/missing
 *   PATCH /api/console/admin/channels/{code}        what is given changes; secrets are replaced, never read back
 */
import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { AuditContext } from '../audit/audit.service.ts';
import { appNamed, appRecord, createApp, listApps, revokeApp, rotateApp } from '../auth/auth.service.ts';
import type { TokenCache } from '../auth/token-cache.ts';
import { listChannels, setChannel } from '../channels/channels.service.ts';
import { SecretsKeyError } from '../channels/secrets.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { jsonBody } from '../http/body.ts';
import { validQuery } from '../http/query.ts';
import { validBody } from '../http/validate.ts';
import { requireSession, sessionOfRequest } from '../users/session.http.ts';
import { userActor } from '../users/sessions.service.ts';

export interface AppsAndChannelsOptions {
  readonly db: Kysely<Database>;
  /** The key channel secrets are encrypted with (asked only when a secret is written). */
  readonly secretsKey: () => Buffer;
  /** The server's token cache: a revocation's answer waits until it heard the change (auth/token-cache.ts). */
  readonly tokens?: TokenCache | undefined;
}

const BODY_LIMIT = 16 * 1024;

function contextOf(req: Request): AuditContext {
  return { actor: userActor(sessionOfRequest(req).user), requestId: req.id === undefined ? null : String(req.id) };
}

function pathParameter(name: string, value: string, max: number): string {
  // Postgres text holds no NUL: refused here, as in query strings and bodies, not a 500 at the query.
  if (value.includes('\u0000')) {
    throw AppError.validation([
      { parameter: name, in: 'path', message: 'must not contain NUL characters (\\u0000)', zh: '不能含 NUL 字符（\\u0000）' },
    ]);
  }
  if (value.length < 1 || value.length > max) {
    throw AppError.validation([{ parameter: name, message: `must have 1 to ${max} characters`, zh: `应为 1–${max} 个字符` }]);
  }
  return value;
}

/** The key is missing or not the one the stored secrets were written with: the server's configuration, not the request. */
function secretsKeyOf(secretsKey: () => Buffer): () => Buffer {
  return () => {
    try {
      return secretsKey();
    } catch (error) {
      if (error instanceof SecretsKeyError) {
        throw new AppError(503, 'unavailable', {
          en: `channel secrets cannot be stored: ${error.message}`,
          zh: '无法保存渠道密钥：服务器的加密密钥（SECRETS_KEY）缺失或有误，原因见服务器日志',
        });
      }
      throw error;
    }
  };
}

export function appsAndChannelsRoutes({ db, secretsKey, tokens }: AppsAndChannelsOptions): Router {
  const router = Router();
  const admin = requireSession(db, 'admin');
  const key = secretsKeyOf(secretsKey);

  router.get('/api/console/admin/apps', admin, async (req: Request, res: Response) => {
    validQuery('EmptyQuery', req.query);
    res.json({ value: { items: (await listApps(db)).map(appRecord) } });
  });

  router.post('/api/console/admin/apps', admin, ...jsonBody(BODY_LIMIT), async (req: Request, res: Response) => {
    const input = validBody('ConsoleNewApp', req.body);
    const credentials = await createApp(
      db,
      { name: input.name, scopes: input.scopes, channels: input.channels ?? null, sellers: input.sellers ?? null },
      contextOf(req),
    );
    const app = appRecord(await appNamed(db, credentials.name));
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ value: { app, appSecurity: credentials.appSecurity } });
  });

  router.post('/api/console/admin/apps/:name/revoke', admin, async (req: Request<{ name: string }>, res: Response) => {
    const name = pathParameter('name', req.params.name, 200);
    await revokeApp(db, name, contextOf(req), tokens);
    res.json({ value: appRecord(await appNamed(db, name)) });
  });

  router.post('/api/console/admin/apps/:name/rotate', admin, async (req: Request<{ name: string }>, res: Response) => {
    const name = pathParameter('name', req.params.name, 200);
    const credentials = await rotateApp(db, name, contextOf(req), tokens);
    const app = appRecord(await appNamed(db, name));
    res.set('Cache-Control', 'no-store').json({ value: { app, appSecurity: credentials.appSecurity } });
  });

  router.get('/api/console/admin/channels', admin, async (req: Request, res: Response) => {
    validQuery('EmptyQuery', req.query);
    res.json({ value: { items: await listChannels(db) } });
  });

  router.patch(
    '/api/console/admin/channels/:channelCode',
    admin,
    ...jsonBody(BODY_LIMIT),
    async (req: Request<{ channelCode: string }>, res: Response) => {
      const code = pathParameter('channelCode', req.params.channelCode, 64);
      const changes = validBody('ConsoleChannelPatch', req.body);
      res.json({ value: await setChannel(db, code, changes, key, contextOf(req)) });
    },
  );

  return router;
}
