/**
 * Console users: made by an admin (or the CLI) with a one-time password,
 * disabled, re-enabled, given another role, their password reset. Each
 * change is one transaction with its audit entry. An admin cannot lock the
 * console out: the last admin who can sign in cannot be disabled or demoted.
 */
import type { Kysely } from 'kysely';
import { type Actor, audit, SYSTEM_ACTOR } from '../audit/audit.service.ts';
import { isBigintId } from '../db/bigint-id.ts';
import type { Database, Db } from '../db/database.ts';
import { AppError, type Text } from '../errors.ts';
import { hashSecret } from '../secrets.ts';
import { oneTimePassword } from './passwords.ts';
import type { Role } from './roles.ts';
import * as sessions from './sessions.repository.ts';
import * as repository from './users.repository.ts';

export interface UserRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly mustChangePassword: boolean;
  readonly createdAt: number;
  readonly createdAtIso: string;
  readonly passwordChangedAt: number | null;
  readonly passwordChangedAtIso: string | null;
  readonly disabledAt: number | null;
  readonly disabledAtIso: string | null;
  /** When the user's latest session was last used; null: never signed in. */
  readonly lastSeenAt: number | null;
  readonly lastSeenAtIso: string | null;
}

/** A user and the one-time password that was just made for them (shown once, never stored in clear). */
export interface UserWithPassword {
  readonly user: UserRecord;
  readonly password: string;
}

type Row = repository.UserRow & { last_seen_at?: Date | string | null };

function time(value: Date | string | null | undefined): { ms: number | null; iso: string | null } {
  if (value === null || value === undefined) return { ms: null, iso: null };
  const date = value instanceof Date ? value : new Date(value);
  return { ms: date.getTime(), iso: date.toISOString() };
}

export function userRecord(row: Row): UserRecord {
  const changed = time(row.password_changed_at);
  const disabled = time(row.disabled_at);
  const seen = time(row.last_seen_at);
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    mustChangePassword: row.must_change_password,
    createdAt: row.created_at.getTime(),
    createdAtIso: row.created_at.toISOString(),
    passwordChangedAt: changed.ms,
    passwordChangedAtIso: changed.iso,
    disabledAt: disabled.ms,
    disabledAtIso: disabled.iso,
    lastSeenAt: seen.ms,
    lastSeenAtIso: seen.iso,
  };
}

export interface NewUserInput {
  readonly name: string;
  readonly role: Role;
}

export interface Context {
  readonly actor: Actor;
  readonly requestId?: string | null;
}

export async function createUser(db: Kysely<Database>, context: Context, input: NewUserInput): Promise<UserWithPassword> {
  const password = oneTimePassword();
  const passwordHash = await hashSecret(password);
  return db.transaction().execute(async (tx) => {
    const row = await repository.insertUser(tx, { name: input.name, role: input.role, passwordHash });
    if (!row)
      throw new AppError(409, 'conflict', {
        en: `a user named ${input.name} exists already (names are compared without case)`,
        zh: `已有名为 ${input.name} 的用户（用户名不区分大小写）`,
      });
    await audit(tx, context.actor, {
      action: 'user.create',
      target: `user:${row.name}`,
      details: { role: row.role },
      requestId: context.requestId,
    });
    return { user: userRecord(row), password };
  });
}

export async function listUsers(db: Db): Promise<UserRecord[]> {
  return (await repository.listUsers(db)).map(userRecord);
}

/** Locks the user for the rest of the transaction; 404 when there is none (an id past a bigint's range names none). */
async function lockedUser(tx: Db, id: string) {
  const user = isBigintId(id) ? await repository.findUserForUpdate(tx, id) : undefined;
  if (!user) throw new AppError(404, 'not_found', { en: `no user with id ${id}`, zh: `未找到编号为 ${id} 的用户` });
  return user;
}

async function keepAnAdmin(tx: Db, userId: string, what: Text): Promise<void> {
  if ((await repository.otherActiveAdmins(tx, userId)) === 0) {
    throw new AppError(409, 'conflict', {
      en: `${what.en} would leave no admin who can sign in; make another admin first`,
      zh: `${what.zh}后将没有能登录的管理员；请先设置另一位管理员`,
    });
  }
}

/** A new one-time password; the user's sessions end, and the password must be changed at the next sign-in. */
export async function resetPassword(db: Kysely<Database>, context: Context, id: string): Promise<UserWithPassword> {
  const password = oneTimePassword();
  const passwordHash = await hashSecret(password);
  return db.transaction().execute(async (tx) => {
    const user = await lockedUser(tx, id);
    const row = await repository.setPassword(tx, id, passwordHash, true);
    await sessions.endSessionsOfUser(tx, id, 'password_reset');
    await audit(tx, context.actor, { action: 'user.reset_password', target: `user:${user.name}`, requestId: context.requestId });
    return { user: userRecord(row), password };
  });
}

/** Disables (the user's sessions end at once) or re-enables a user. */
export async function setUserDisabled(db: Kysely<Database>, context: Context, id: string, disabled: boolean): Promise<UserRecord> {
  return db.transaction().execute(async (tx) => {
    const user = await lockedUser(tx, id);
    if (disabled && context.actor.type === 'user' && context.actor.id === id) {
      throw new AppError(409, 'conflict', { en: 'you cannot disable yourself', zh: '不能停用自己' });
    }
    if ((user.disabled_at !== null) === disabled) return userRecord(user);
    if (disabled && user.role === 'admin') await keepAnAdmin(tx, id, { en: `disabling ${user.name}`, zh: `停用 ${user.name}` });
    const row = await repository.setDisabled(tx, id, disabled);
    if (disabled) await sessions.endSessionsOfUser(tx, id, 'disabled');
    await audit(tx, context.actor, {
      action: disabled ? 'user.disable' : 'user.enable',
      target: `user:${user.name}`,
      requestId: context.requestId,
    });
    return userRecord(row);
  });
}

/** Gives a user another role; it applies to their next request (a session reads the role each time). */
export async function setUserRole(db: Kysely<Database>, context: Context, id: string, role: Role): Promise<UserRecord> {
  return db.transaction().execute(async (tx) => {
    const user = await lockedUser(tx, id);
    if (user.role === role) return userRecord(user);
    if (user.role === 'admin' && user.disabled_at === null)
      await keepAnAdmin(tx, id, { en: `taking the admin role from ${user.name}`, zh: `取消 ${user.name} 的管理员角色` });
    const row = await repository.setRole(tx, id, role);
    await audit(tx, context.actor, {
      action: 'user.role',
      target: `user:${user.name}`,
      details: { from: user.role, to: role },
      requestId: context.requestId,
    });
    return userRecord(row);
  });
}

export const FIRST_ADMIN = 'admin';

/**
 * On a database without console users, makes the user `admin` so that a
 * fresh `npm start` can be signed into. Returns its one-time password once.
 */
export async function ensureFirstAdmin(db: Kysely<Database>): Promise<UserWithPassword | undefined> {
  if ((await repository.countUsers(db)) > 0) return undefined;
  try {
    return await createUser(db, { actor: SYSTEM_ACTOR }, { name: FIRST_ADMIN, role: 'admin' });
  } catch (error) {
    // Another instance made it meanwhile.
    if (error instanceof AppError && error.code === 'conflict') return undefined;
    throw error;
  }
}
