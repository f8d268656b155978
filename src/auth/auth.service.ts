/**
 * Apps, their credentials and their tokens, as the Ekuaibao open API does
 * it: `appKey` + `appSecurity` → an `accessToken` (2 hours by default) and a
 * `refreshToken` that trades the pair for a new one.
 */
import type { Kysely } from 'kysely';
import { type AuditContext, audit } from '../audit/audit.service.ts';
import type { App, Database, Db } from '../db/database.ts';
import { PG_UNIQUE_VIOLATION, sqlState } from '../db/errors.ts';
import { AppError } from '../errors.ts';
/** push: push invoicing results; read: the query API; redflush: ask for red flushes (一键红冲). */
import { type Principal, SCOPES, type Scope } from '../principal.ts';
import { digest, hashSecret, randomToken, sameDigest, verifySecret } from '../secrets.ts';
import * as repository from './auth.repository.ts';
import type { TokenCache } from './token-cache.ts';

export { type Principal, SCOPES, type Scope };

export interface Credentials {
  readonly name: string;
  readonly appKey: string;
  readonly appSecurity: string;
}

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** ms since epoch. */
  readonly expireTime: number;
}

export interface NewAppInput {
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly channels?: readonly string[] | null;
  readonly sellers?: readonly string[] | null;
}

function nameTaken(name: string): AppError {
  return new AppError(409, 'conflict', { en: `an app named ${name} exists already`, zh: `已有名为 ${name} 的应用` });
}

/**
 * Makes an app and its credentials (the appSecurity is shown this once;
 * only its hash is kept). With `context` (the console's admin API, the
 * CLI), the change is written to the audit log in its transaction.
 */
export async function createApp(db: Kysely<Database>, input: NewAppInput, context?: AuditContext): Promise<Credentials> {
  if (await repository.findAppByName(db, input.name)) throw nameTaken(input.name);
  const appKey = `fh${randomToken(12)}`;
  const appSecurity = randomToken(32);
  const app = {
    name: input.name,
    app_key: appKey,
    secret_hash: await hashSecret(appSecurity),
    scopes: [...input.scopes],
    channels: input.channels ? [...input.channels] : null,
    sellers: input.sellers ? [...input.sellers] : null,
  };
  try {
    await db.transaction().execute(async (tx) => {
      await repository.insertApp(tx, app);
      if (context) {
        await audit(tx, context.actor, {
          action: 'app.create',
          target: `app:${app.name}`,
          details: { appKey, scopes: app.scopes, channels: app.channels, sellers: app.sellers },
          requestId: context.requestId,
        });
      }
    });
  } catch (error) {
    // Made at the same moment under the same name: the unique index decides.
    if (sqlState(error) === PG_UNIQUE_VIOLATION) throw nameTaken(input.name);
    throw error;
  }
  return { name: input.name, appKey, appSecurity };
}

export function listApps(db: Db): Promise<App[]> {
  return repository.listApps(db);
}

/** An app as the console's admin API shows it (never its secret). */
export interface AppRecord {
  readonly name: string;
  readonly appKey: string;
  readonly scopes: readonly string[];
  /** null: any channel. */
  readonly channels: readonly string[] | null;
  /** null: any seller. */
  readonly sellers: readonly string[] | null;
  readonly createdAt: number;
  readonly createdAtIso: string;
  readonly revokedAt: number | null;
  readonly revokedAtIso: string | null;
}

export function appRecord(app: App): AppRecord {
  return {
    name: app.name,
    appKey: app.app_key,
    scopes: app.scopes,
    channels: app.channels,
    sellers: app.sellers,
    createdAt: app.created_at.getTime(),
    createdAtIso: app.created_at.toISOString(),
    revokedAt: app.revoked_at?.getTime() ?? null,
    revokedAtIso: app.revoked_at?.toISOString() ?? null,
  };
}

/** The app of this name (404 when there is none). */
export async function appNamed(db: Db, name: string): Promise<App> {
  const app = await repository.findAppByName(db, name);
  if (!app) throw new AppError(404, 'not_found', { en: `no app named ${name}`, zh: `未找到名为 ${name} 的应用` });
  return app;
}

/**
 * Revokes an app: its credentials and every token it holds stop working at
 * once. With `context`: audited. With `tokens` (a server's cache), returns
 * once the cache heard the change (auth/token-cache.ts, `expect`).
 */
export async function revokeApp(db: Kysely<Database>, name: string, context?: AuditContext, tokens?: TokenCache): Promise<void> {
  const app = await appNamed(db, name);
  await announced(tokens, `app:${app.id}`, () =>
    db.transaction().execute(async (tx) => {
      await repository.revokeApp(tx, app.id);
      if (context) await audit(tx, context.actor, { action: 'app.revoke', target: `app:${name}`, requestId: context.requestId });
    }),
  );
}

/** Runs a change to a token or an app, then waits until `tokens` heard its notification `payload`. */
async function announced<T>(tokens: TokenCache | undefined, payload: string, change: () => Promise<T>): Promise<T> {
  const expected = tokens?.expect(payload);
  try {
    const result = await change();
    await expected?.heard();
    return result;
  } finally {
    expected?.cancel();
  }
}

/** Gives an app a new appSecurity; the old one and every token issued stop working. With `context`: audited; `tokens`: as revokeApp. */
export async function rotateApp(db: Kysely<Database>, name: string, context?: AuditContext, tokens?: TokenCache): Promise<Credentials> {
  const app = await appNamed(db, name);
  if (app.revoked_at) throw new AppError(409, 'conflict', { en: `app ${name} is revoked`, zh: `应用 ${name} 已吊销` });
  const appSecurity = randomToken(32);
  const secretHash = await hashSecret(appSecurity);
  await announced(tokens, `app:${app.id}`, () =>
    db.transaction().execute(async (tx) => {
      await repository.updateAppSecret(tx, app.id, secretHash);
      await repository.revokeTokensOfApp(tx, app.id);
      if (context) await audit(tx, context.actor, { action: 'app.rotate', target: `app:${name}`, requestId: context.requestId });
    }),
  );
  return { name, appKey: app.app_key, appSecurity };
}

async function newPair(db: Db, appId: string, ttlSeconds: number): Promise<TokenPair> {
  const accessToken = randomToken();
  const refreshToken = randomToken();
  const expiresAt = await repository.insertToken(db, {
    appId,
    accessHash: digest(accessToken),
    refreshHash: digest(refreshToken),
    ttlSeconds,
  });
  return { accessToken, refreshToken, expireTime: expiresAt.getTime() };
}

const WRONG_CREDENTIALS = {
  en: 'appKey or appSecurity is wrong, or the app is revoked',
  zh: '应用标识(appKey)或应用密钥(appSecurity)不对，或应用已吊销',
};

const PAIR_REVOKED = { en: 'the token pair was revoked', zh: '这对 token 已吊销' };

export async function issueToken(db: Db, appKey: string, appSecurity: string, ttlSeconds: number): Promise<TokenPair> {
  const app = await repository.findAppByKey(db, appKey);
  const valid = await verifySecret(appSecurity, app?.secret_hash);
  if (!app || !valid || app.revoked_at) throw new AppError(403, 'forbidden', WRONG_CREDENTIALS);
  return newPair(db, app.id, ttlSeconds);
}

/** Trades a live token pair for a new one; the old pair stops working (with `tokens`: as revokeApp). */
export async function refreshToken(
  db: Kysely<Database>,
  accessToken: string,
  refreshTokenValue: string,
  ttlSeconds: number,
  tokens?: TokenCache,
): Promise<TokenPair> {
  let expected: ReturnType<TokenCache['expect']> | undefined;
  try {
    const pair = await refreshPair(db, accessToken, refreshTokenValue, ttlSeconds, (tokenId) => {
      expected = tokens?.expect(`token:${tokenId}`);
    });
    await expected?.heard();
    return pair;
  } finally {
    expected?.cancel();
  }
}

function refreshPair(
  db: Kysely<Database>,
  accessToken: string,
  refreshTokenValue: string,
  ttlSeconds: number,
  revoking: (tokenId: string) => void,
): Promise<TokenPair> {
  return db.transaction().execute(async (tx) => {
    const token = await repository.findToken(tx, digest(accessToken));
    if (!token || !sameDigest(token.refreshHash, digest(refreshTokenValue))) {
      throw new AppError(401, 'unauthorized', {
        en: 'accessToken and refreshToken are not a pair this service issued',
        zh: '认证token(accessToken)与刷新token(refreshToken)不是本服务发出的一对',
      });
    }
    if (token.revoked) throw new AppError(401, 'unauthorized', PAIR_REVOKED);
    if (token.expired) {
      throw new AppError(401, 'unauthorized', {
        en: 'the token pair has expired; ask getAccessToken for a new one',
        zh: '这对 token 已过期，请重新调用 getAccessToken 获取',
      });
    }
    revoking(token.tokenId);
    if (!(await repository.revokeToken(tx, token.tokenId))) {
      throw new AppError(401, 'unauthorized', PAIR_REVOKED);
    }
    return newPair(tx, token.appId, ttlSeconds);
  });
}

/**
 * The principal behind an access token, or a 401 that says why there is
 * none. With `tokens`, a token verified before is not asked again until a
 * change to it or its app is announced (auth/token-cache.ts).
 */
export async function authenticate(db: Db, accessToken: string | undefined, tokens?: TokenCache): Promise<Principal> {
  if (!accessToken) {
    throw new AppError(401, 'unauthorized', {
      en: 'accessToken is required (query parameter or header)',
      zh: '缺少认证token(accessToken)（查询参数或请求头）',
    });
  }
  const accessHash = digest(accessToken);
  const cached = tokens?.get(accessHash);
  if (cached) return cached;
  const lookup = tokens?.begin();
  const token = await repository.findToken(db, accessHash);
  if (!token) throw new AppError(401, 'unauthorized', { en: 'the accessToken is not known', zh: '认证token(accessToken)无效' });
  if (token.revoked) throw new AppError(401, 'unauthorized', { en: 'the accessToken was revoked', zh: '认证token(accessToken)已吊销' });
  if (token.expired) {
    throw new AppError(401, 'unauthorized', { en: 'the accessToken has expired', zh: '认证token(accessToken)已过期，请重新获取' });
  }
  const principal: Principal = {
    appId: token.appId,
    appName: token.appName,
    scopes: token.scopes,
    channels: token.channels,
    sellers: token.sellers,
  };
  if (lookup) tokens?.keep(accessHash, { tokenId: token.tokenId, principal, remainingMs: token.remainingMs }, lookup);
  return principal;
}

export function requireScope(principal: Principal, scope: Scope): void {
  if (!principal.scopes.includes(scope)) {
    throw new AppError(403, 'forbidden', {
      en: `app ${principal.appName} does not have the ${scope} scope`,
      zh: `应用 ${principal.appName} 没有 ${scope} 权限`,
    });
  }
}
