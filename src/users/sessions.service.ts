/**
 * Console sessions, kept in the database (they survive a restart and work
 * across instances). The browser holds a random 256-bit token in an
 * HttpOnly cookie; the database holds its SHA-256 digest. The CSRF token
 * of a session is derived from its token (HMAC-SHA256 keyed by it), so it
 * is bound to the session, known to the page (which reads it from
 * `GET /api/console/session`), and never stored.
 */
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Actor, audit } from '../audit/audit.service.ts';
import type { Database, Db } from '../db/database.ts';
import type { FieldError } from '../errors.ts';
import { AppError } from '../errors.ts';
import { digest, hashSecret, randomToken, sameDigest, verifySecret } from '../secrets.ts';
import { newPasswordProblem } from './passwords.ts';
import { ROLE_SCOPES, type Role } from './roles.ts';
import * as sessions from './sessions.repository.ts';
import * as users from './users.repository.ts';

export interface SessionSettings {
  /** A session unused this long ends. */
  readonly idleSeconds: number;
  /** A session ends this long after sign-in, used or not. */
  readonly maxSeconds: number;
}

/** A live session as a request sees it. */
export interface Session {
  readonly id: string;
  readonly token: string;
  readonly user: { readonly id: string; readonly name: string; readonly role: Role; readonly mustChangePassword: boolean };
  readonly idleExpiresAt: Date;
  readonly expiresAt: Date;
}

/** What `GET /api/console/session` and the sign-in answer. */
export interface SessionInfo {
  readonly user: Session['user'];
  /** What the user may do now: their role's scopes, none until a one-time password is changed. */
  readonly scopes: readonly string[];
  readonly csrfToken: string;
  readonly expiresAt: number;
  readonly expiresAtIso: string;
  readonly idleExpiresAt: number;
  readonly idleExpiresAtIso: string;
}

export function csrfTokenOf(token: string): string {
  return createHmac('sha256', token).update('fapiao-hub console csrf').digest('base64url');
}

export function sameCsrfToken(token: string, candidate: string): boolean {
  return sameDigest(csrfTokenOf(token), candidate);
}

export function scopesOf(user: Session['user']): readonly string[] {
  return user.mustChangePassword ? [] : ROLE_SCOPES[user.role];
}

export function sessionInfo(session: Session): SessionInfo {
  return {
    user: session.user,
    scopes: scopesOf(session.user),
    csrfToken: csrfTokenOf(session.token),
    expiresAt: session.expiresAt.getTime(),
    expiresAtIso: session.expiresAt.toISOString(),
    idleExpiresAt: session.idleExpiresAt.getTime(),
    idleExpiresAtIso: session.idleExpiresAt.toISOString(),
  };
}

const WRONG_CREDENTIALS = {
  en: 'the name or the password is wrong, or the user is disabled',
  zh: '用户名或密码不对，或该用户已停用',
};

export async function signIn(
  db: Kysely<Database>,
  settings: SessionSettings,
  credentials: { readonly name: string; readonly password: string },
  requestId: string | null,
): Promise<Session> {
  const user = await users.findUserByName(db, credentials.name);
  // An unknown name costs the same scrypt work as a known one.
  const valid = await verifySecret(credentials.password, user?.password_hash);
  if (!user || !valid || user.disabled_at) throw new AppError(401, 'unauthorized', WRONG_CREDENTIALS);
  const token = randomToken();
  return db.transaction().execute(async (tx) => {
    await sessions.deleteOldSessions(tx);
    const row = await sessions.insertSession(tx, {
      tokenHash: digest(token),
      userId: user.id,
      idleSeconds: settings.idleSeconds,
      maxSeconds: settings.maxSeconds,
    });
    await audit(tx, userActor(user), { action: 'session.login', target: `user:${user.name}`, requestId });
    return {
      id: row.id,
      token,
      user: { id: user.id, name: user.name, role: user.role, mustChangePassword: user.must_change_password },
      idleExpiresAt: row.idle_expires_at,
      expiresAt: row.expires_at,
    };
  });
}

/** The live session of a token (its idle expiry pushed forward), or a 401. */
export async function resumeSession(db: Db, token: string): Promise<Session> {
  const live = await sessions.touchSession(db, digest(token));
  if (!live) {
    throw new AppError(401, 'unauthorized', {
      en: 'the console session has expired or ended; sign in again',
      zh: '控制台会话已过期或已结束，请重新登录',
    });
  }
  return {
    id: live.sessionId,
    token,
    user: { id: live.userId, name: live.name, role: live.role, mustChangePassword: live.mustChangePassword },
    idleExpiresAt: live.idleExpiresAt,
    expiresAt: live.expiresAt,
  };
}

export function userActor(user: { readonly id: string; readonly name: string }): Actor {
  return { type: 'user', id: user.id, name: user.name };
}

export async function signOut(db: Kysely<Database>, session: Session, requestId: string | null): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sessions.endSession(tx, session.id, 'logout');
    await audit(tx, userActor(session.user), { action: 'session.logout', target: `user:${session.user.name}`, requestId });
  });
}

/**
 * The user sets their own password: the current one must be right, the new
 * one acceptable and different. Their other sessions end; this one goes on.
 */
export async function changePassword(
  db: Kysely<Database>,
  session: Session,
  input: { readonly currentPassword: string; readonly newPassword: string },
  requestId: string | null,
): Promise<Session> {
  const errors: FieldError[] = [];
  const problem = newPasswordProblem(input.newPassword, session.user.name, '/newPassword');
  if (problem) errors.push(problem);
  else if (input.newPassword === input.currentPassword) {
    errors.push({ pointer: '/newPassword', message: 'must differ from the current password', zh: '不能与当前密码相同' });
  }
  const stored = await users.findUserByName(db, session.user.name);
  if (!(await verifySecret(input.currentPassword, stored?.password_hash))) {
    errors.unshift({ pointer: '/currentPassword', message: 'is not the current password', zh: '当前密码不正确' });
  }
  if (errors.length > 0) throw AppError.validation(errors);
  const passwordHash = await hashSecret(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await users.setPassword(tx, session.user.id, passwordHash, false);
    await sessions.endSessionsOfUser(tx, session.user.id, 'password_changed', session.id);
    await audit(tx, userActor(session.user), { action: 'user.change_password', target: `user:${session.user.name}`, requestId });
  });
  return { ...session, user: { ...session.user, mustChangePassword: false } };
}
