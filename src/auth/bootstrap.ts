import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { countApps } from './auth.repository.ts';
import { type Credentials, createApp, issueToken, type TokenPair } from './auth.service.ts';

export const DEV_APP = 'dev';

/**
 * On a database without apps, creates the app `dev` (push, read and
 * redflush, any channel) and a first token, so that a fresh `npm start` is
 * a working demo.
 * Returns them once; the secret cannot be shown again.
 */
export async function ensureDevApp(
  db: Kysely<Database>,
  ttlSeconds: number,
): Promise<{ credentials: Credentials; token: TokenPair } | undefined> {
  if ((await countApps(db)) > 0) return undefined;
  const credentials = await createApp(
    db,
    { name: DEV_APP, scopes: ['push', 'read', 'redflush'] },
    { actor: SYSTEM_ACTOR, requestId: null },
  );
  const token = await issueToken(db, credentials.appKey, credentials.appSecurity, ttlSeconds);
  return { credentials, token };
}
