import { sql } from 'kysely';
import type { ConsoleUserTable, Db } from '../db/database.ts';

export interface NewUser {
  readonly name: string;
  readonly role: ConsoleUserTable['role'];
  readonly passwordHash: string;
}

const USER_COLUMNS = ['id', 'name', 'role', 'must_change_password', 'created_at', 'password_changed_at', 'disabled_at'] as const;

/** Inserts a user, or returns undefined when the name (in any case) is taken. */
export async function insertUser(db: Db, user: NewUser) {
  return db
    .insertInto('console_users')
    .values({ name: user.name, role: user.role, password_hash: user.passwordHash, must_change_password: true })
    .onConflict((conflict) => conflict.expression(sql`lower(name)`).doNothing())
    .returning(USER_COLUMNS)
    .executeTakeFirst();
}

/** A user by login name, any case; with the password hash. */
export async function findUserByName(db: Db, name: string) {
  return db
    .selectFrom('console_users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
}

/** A user by id, locked for the transaction (changes to one user are serialised); with the password hash. */
export async function findUserForUpdate(db: Db, id: string) {
  return db
    .selectFrom('console_users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Every user, with when they were last seen (their latest session's last request). */
export async function listUsers(db: Db) {
  return db
    .selectFrom('console_users as u')
    .select(['u.id', 'u.name', 'u.role', 'u.must_change_password', 'u.created_at', 'u.password_changed_at', 'u.disabled_at'])
    .select((eb) =>
      eb
        .selectFrom('console_sessions as s')
        .whereRef('s.user_id', '=', 'u.id')
        .select((inner) => inner.fn.max('s.last_seen_at').as('last_seen_at'))
        .as('last_seen_at'),
    )
    .orderBy('u.id')
    .execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('console_users')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Admins who can sign in, other than `exceptId`, locking them (two admins demoting each other wait in turn). */
export async function otherActiveAdmins(db: Db, exceptId: string): Promise<number> {
  const rows = await db
    .selectFrom('console_users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('id', '!=', exceptId)
    .forUpdate()
    .execute();
  return rows.length;
}

/** A new password hash; `mustChange`: one made by fapiao-hub, to be replaced at the next sign-in. */
export async function setPassword(db: Db, id: string, passwordHash: string, mustChange: boolean) {
  return db
    .updateTable('console_users')
    .set({ password_hash: passwordHash, must_change_password: mustChange, password_changed_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function setDisabled(db: Db, id: string, disabled: boolean) {
  return db
    .updateTable('console_users')
    .set({ disabled_at: disabled ? sql<Date>`now()` : null })
    .where('id', '=', id)
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function setRole(db: Db, id: string, role: ConsoleUserTable['role']) {
  return db.updateTable('console_users').set({ role }).where('id', '=', id).returning(USER_COLUMNS).executeTakeFirstOrThrow();
}

export type UserRow = NonNullable<Awaited<ReturnType<typeof insertUser>>>;
