/**
 * `cli user …`: console users from the command line (the first admin on a
 * Postgres server, or a locked-out admin's new password). Actions are
 * audited as the CLI's.
 *
 *   user create --name NAME --role viewer|operator|admin   → {name, role, password, …} (a one-time password)
 *   user list                                               → every user, never a password
 *   user reset-password NAME                                → a new one-time password; the user's sessions end
 *   user disable NAME | user enable NAME
 */
import type { Kysely } from 'kysely';
import { CLI_ACTOR } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { validBody } from '../http/validate.ts';
import { isRole, ROLES } from './roles.ts';
import { findUserByName } from './users.repository.ts';
import { createUser, listUsers, resetPassword, setUserDisabled, type UserRecord, type UserWithPassword } from './users.service.ts';

export const USER_USAGE = `  cli user create --name NAME --role ${ROLES.join('|')}
  cli user list
  cli user reset-password NAME
  cli user disable NAME
  cli user enable NAME`;

type Action = (db: Kysely<Database>) => Promise<unknown>;

async function idOf(db: Kysely<Database>, name: string): Promise<string> {
  const user = await findUserByName(db, name);
  if (!user) throw new AppError(404, 'not_found', `no user named ${name}`);
  return user.id;
}

function shown(user: UserRecord) {
  return {
    name: user.name,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAtIso,
    disabledAt: user.disabledAtIso,
    lastSeenAt: user.lastSeenAtIso,
  };
}

function withPassword({ user, password }: UserWithPassword) {
  return { ...shown(user), password };
}

/** The action of `cli user COMMAND …`; `usage` reports wrong usage (exit 2). */
export function userAction(
  positionals: readonly string[],
  values: { readonly name?: string | undefined; readonly role?: string | undefined },
  usage: (message: string) => never,
): Action {
  const [, command, name] = positionals;
  const needName = () => {
    if (!name || positionals.length !== 3) usage(`user ${command} takes the user's name`);
    return name;
  };
  switch (command) {
    case 'create': {
      if (positionals.length !== 2) usage('user create takes --name and --role, no other argument');
      if (!values.name) usage('--name is required');
      if (!isRole(values.role)) usage(`--role is required: ${ROLES.join(', ')}`);
      const input = validBody('ConsoleNewUser', { name: values.name, role: values.role });
      return async (db) => withPassword(await createUser(db, { actor: CLI_ACTOR }, input));
    }
    case 'list':
      if (positionals.length !== 2) usage('user list takes no argument');
      return async (db) => (await listUsers(db)).map(shown);
    case 'reset-password': {
      const userName = needName();
      return async (db) => withPassword(await resetPassword(db, { actor: CLI_ACTOR }, await idOf(db, userName)));
    }
    case 'disable':
    case 'enable': {
      const userName = needName();
      return async (db) => shown(await setUserDisabled(db, { actor: CLI_ACTOR }, await idOf(db, userName), command === 'disable'));
    }
    default:
      return usage(command ? `unknown command user ${command}` : 'user needs a command');
  }
}
