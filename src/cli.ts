/**
 * Command line: apps, channel settings and migrations.
 *
 *   npm run -s cli -- app create --name NAME --scopes push,read [--channels a,b] [--sellers X,Y]
 *   npm run -s cli -- app list
 *   npm run -s cli -- app revoke NAME
 *   npm run -s cli -- app rotate NAME
 *   npm run -s cli -- channel set CODE --reject-findings CODE,...|none
 *   npm run -s cli -- channel list
 *   npm run -s cli -- migrate
 *
 * Results are JSON on stdout (one object or array); messages go to stderr.
 * Exit codes: 0 done, 1 failed, 2 wrong usage.
 */
import { parseArgs } from 'node:util';
import { createApp, listApps, revokeApp, rotateApp, SCOPES, type Scope } from './auth/auth.service.ts';
import { listChannels, setRejectFindings } from './channels/channels.service.ts';
import { ConfigError, loadConfig, loadDotEnv } from './config.ts';
import { DatabaseBusyError, type DatabaseHandle, openDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { AppError } from './errors.ts';

const USAGE = `usage:
  cli app create --name NAME --scopes push,read [--channels CODE,...] [--sellers TAXNO,...]
  cli app list
  cli app revoke NAME
  cli app rotate NAME
  cli channel set CODE --reject-findings FINDING_CODE,...|none
  cli channel list
  cli migrate`;

class UsageError extends Error {}

function list(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new UsageError('an empty list');
  return items;
}

function scopes(value: string | undefined): Scope[] {
  const items = list(value);
  if (!items) throw new UsageError('--scopes is required (push, read or push,read)');
  for (const item of items) {
    if (!(SCOPES as readonly string[]).includes(item)) throw new UsageError(`unknown scope ${item}; scopes are ${SCOPES.join(', ')}`);
  }
  return items as Scope[];
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function run(argv: string[], database: () => Promise<DatabaseHandle>): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scopes: { type: 'string' },
      channels: { type: 'string' },
      sellers: { type: 'string' },
      'reject-findings': { type: 'string' },
    },
  });
  const [group, command, name] = positionals;
  if (group === 'migrate' && positionals.length === 1) {
    const handle = await database();
    try {
      const { results } = await migrateToLatest(handle.db);
      print({ applied: (results ?? []).map((result) => result.migrationName) });
    } finally {
      await handle.close();
    }
    return;
  }
  if (group === 'channel') {
    await withDatabase(database, channelAction(command, name, positionals.length, values['reject-findings']));
    return;
  }
  if (group !== 'app') throw new UsageError(group ? `unknown command ${group}` : 'a command is required');

  const needName = () => {
    if (!name || positionals.length !== 3) throw new UsageError(`app ${command} takes the app's name`);
    return name;
  };
  let action: (handle: DatabaseHandle) => Promise<unknown>;
  switch (command) {
    case 'create': {
      if (!values.name) throw new UsageError('--name is required');
      const input = {
        name: values.name,
        scopes: scopes(values.scopes),
        channels: list(values.channels),
        sellers: list(values.sellers),
      };
      action = async (handle) => {
        const credentials = await createApp(handle.db, input);
        return { ...credentials, scopes: input.scopes, channels: input.channels, sellers: input.sellers };
      };
      break;
    }
    case 'list':
      action = async (handle) =>
        (await listApps(handle.db)).map((app) => ({
          name: app.name,
          appKey: app.app_key,
          scopes: app.scopes,
          channels: app.channels,
          sellers: app.sellers,
          createdAt: app.created_at.toISOString(),
          revokedAt: app.revoked_at?.toISOString() ?? null,
        }));
      break;
    case 'revoke': {
      const appName = needName();
      action = async (handle) => {
        await revokeApp(handle.db, appName);
        return { name: appName, revoked: true };
      };
      break;
    }
    case 'rotate': {
      const appName = needName();
      action = (handle) => rotateApp(handle.db, appName);
      break;
    }
    default:
      throw new UsageError(command ? `unknown command app ${command}` : 'app needs a command');
  }
  await withDatabase(database, action);
}

/** `channel set CODE --reject-findings A,B` (or `none`) and `channel list`. */
function channelAction(
  command: string | undefined,
  code: string | undefined,
  count: number,
  rejectFindings: string | undefined,
): (handle: DatabaseHandle) => Promise<unknown> {
  switch (command) {
    case 'set': {
      if (!code || count !== 3) throw new UsageError("channel set takes the channel's code");
      if (rejectFindings === undefined) throw new UsageError('--reject-findings is required (finding codes, or none)');
      const codes = rejectFindings.trim() === 'none' ? [] : (list(rejectFindings) ?? []);
      return (handle) => setRejectFindings(handle.db, code, codes);
    }
    case 'list':
      if (count !== 2) throw new UsageError('channel list takes no argument');
      return (handle) => listChannels(handle.db);
    default:
      throw new UsageError(command ? `unknown command channel ${command}` : 'channel needs a command');
  }
}

async function withDatabase(database: () => Promise<DatabaseHandle>, action: (handle: DatabaseHandle) => Promise<unknown>): Promise<void> {
  const handle = await database();
  try {
    await migrateToLatest(handle.db);
    print(await action(handle));
  } finally {
    await handle.close();
  }
}

async function main(): Promise<number> {
  try {
    loadDotEnv();
    const config = loadConfig();
    await run(process.argv.slice(2), () => openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: 2 }));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`cli: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof DatabaseBusyError || error instanceof ConfigError || error instanceof AppError) {
      process.stderr.write(`cli: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
