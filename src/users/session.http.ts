/**
 * Console sessions over HTTP: the cookie, the CSRF check, and the principal
 * a session stands for, so that a console user calls the same API as apps
 * (`requireToken` asks `sessionPrincipal` first).
 *
 * - Cookie `fh_console`: HttpOnly, SameSite=Strict, Path=/, Secure when the
 *   request came over TLS (`req.secure`, which honours TRUST_PROXY_HOPS); no
 *   Expires, so it goes when the browser closes. The server decides expiry.
 * - CSRF: a request that may change something (any method but GET, HEAD,
 *   OPTIONS) made with the cookie must carry the session's CSRF token in
 *   `X-CSRF-Token`, else 403. SameSite=Strict and the JSON-only bodies
 *   (a cross-site form cannot send application/json) are further walls.
 * - A request with an access token (query or header) is an app's: the
 *   cookie is not looked at.
 */
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Principal } from '../principal.ts';
import { ROLE_SCOPES, type Role } from './roles.ts';
import { resumeSession, type Session, sameCsrfToken, scopesOf } from './sessions.service.ts';

declare global {
  namespace Express {
    interface Request {
      /** The console session the request was made in (set by `sessionOf`). */
      consoleSession?: Session;
    }
  }
}

export const SESSION_COOKIE = 'fh_console';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The cookie's value is a base64url token; anything else is not ours. */
const COOKIE_PATTERN = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([A-Za-z0-9_-]{20,100})(?:;|$)`);

function cookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' };
}

export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, cookieOptions(req));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

export function sessionToken(req: Request): string | undefined {
  return COOKIE_PATTERN.exec(req.headers.cookie ?? '')?.[1];
}

function carriesAccessToken(req: Request): boolean {
  return req.query.accessToken !== undefined || req.headers.accesstoken !== undefined;
}

export function checkCsrf(req: Request, token: string): void {
  if (SAFE_METHODS.has(req.method)) return;
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !sameCsrfToken(token, sent)) {
    throw new AppError(403, 'forbidden', {
      en: 'a console request that changes something needs the X-CSRF-Token header of its session',
      zh: '控制台的修改操作须带本会话的 X-CSRF-Token 请求头，请刷新页面后重试',
    });
  }
}

/** The request's live session (CSRF checked), undefined without a session cookie, 401 when it has expired or ended. */
export async function sessionOf(db: Kysely<Database>, req: Request): Promise<Session | undefined> {
  if (req.consoleSession) return req.consoleSession;
  const token = sessionToken(req);
  if (token === undefined) return undefined;
  const session = await resumeSession(db, token);
  checkCsrf(req, token);
  req.consoleSession = session;
  return session;
}

function userPrincipal(session: Session): Principal {
  return {
    appId: '',
    appName: `user ${session.user.name}`,
    scopes: scopesOf(session.user),
    channels: null,
    sellers: null,
    user: { id: session.user.id, name: session.user.name, role: session.user.role },
  };
}

/** The roles as the console names them. */
const ROLE_LABELS: Readonly<Record<Role, string>> = { viewer: '查看员', operator: '操作员', admin: '管理员' };

/** Which roles have a scope, for messages: "operator or admin"; 此操作需要「操作员或管理员」角色. */
function rolesWith(scope: string, language: 'en' | 'zh'): string {
  const roles = (Object.entries(ROLE_SCOPES) as [Role, readonly string[]][])
    .filter(([, scopes]) => scopes.includes(scope))
    .map(([role]) => (language === 'zh' ? ROLE_LABELS[role] : role));
  if (language === 'zh') return roles.length > 0 ? `此操作需要「${roles.join('或')}」角色` : '此操作不对控制台用户开放';
  return roles.length > 0 ? roles.join(' or ') : 'no console role';
}

/** Refuses a session whose user may not use `scope` now, saying why. */
export function requireUserScope(session: Session, scope: string): void {
  const { user } = session;
  if (user.mustChangePassword) {
    throw new AppError(403, 'forbidden', {
      en: `user ${user.name} must change the one-time password first (POST /api/console/session/password)`,
      zh: `用户 ${user.name} 须先修改一次性密码`,
    });
  }
  if (!scopesOf(user).includes(scope)) {
    throw new AppError(403, 'forbidden', {
      en: `user ${user.name} is a ${user.role}; this needs the ${scope} scope (role ${rolesWith(scope, 'en')})`,
      zh: `用户 ${user.name} 的角色是${ROLE_LABELS[user.role]}，${rolesWith(scope, 'zh')}`,
    });
  }
}

/**
 * The principal of the request's console session, checked for `scope`; undefined when the request
 * carries an access token or no session cookie (the caller then authenticates the token).
 */
export async function sessionPrincipal(db: Kysely<Database>, req: Request, scope: string): Promise<Principal | undefined> {
  if (carriesAccessToken(req)) return undefined;
  const session = await sessionOf(db, req);
  if (!session) return undefined;
  requireUserScope(session, scope);
  return userPrincipal(session);
}

/** Console-only routes: a live session is required (401 without), and `scope` when given. */
export function requireSession(db: Kysely<Database>, scope?: string): RequestHandler {
  return async (req, _res, next) => {
    const session = await sessionOf(db, req);
    if (!session)
      throw new AppError(401, 'unauthorized', {
        en: 'sign in to the console first (POST /api/console/session)',
        zh: '请先登录控制台（POST /api/console/session）',
      });
    if (scope !== undefined) requireUserScope(session, scope);
    next();
  };
}

export function sessionOfRequest(req: Request): Session {
  if (!req.consoleSession) throw new Error('route is missing requireSession');
  return req.consoleSession;
}
