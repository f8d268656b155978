/**
 * Command line: apps, channel settings and migrations.
 *
 *   npm run -s cli -- app create --name NAME --scopes push,read,redflush [--channels a,b] [--sellers X,Y]
 *   npm run -s cli -- app list
 *   npm run -s cli -- app revoke NAME
 *   npm run -s cli -- app rotate NAME
 *   npm run -s cli -- channel set CODE [--reject-findings CODE,...|none]
 *                       [--adapter nuonuo|none --endpoint URL --app-key KEY --user-tax TAXNO]
 *     (the channel's app secret and access token come from the environment
 *     variables CHANNEL_APP_SECRET and CHANNEL_ACCESS_TOKEN of the command,
 *     never from its arguments, and are never printed)
 *   npm run -s cli -- channel list
 *   npm run -s cli -- user create --name NAME --role viewer|operator|admin   (see src/users/users.cli.ts)
 *   npm run -s cli -- findings recheck [--since DATE]   (queues a re-check of stored invoices' findings; the server's job does it)
 *   npm run -s cli -- findings rechecks                (the newest re-checks and their progress)
 *   npm run -s cli -- migrate
 *
 *   npm run -s cli -- --help          (or -h, or help: this usage, on stdout)
 *
 * Results are JSON on stdout (one object or array); messages go to stderr.
 * Exit codes: 0 done, 1 failed, 2 wrong usage (a bad option, argument or
 * value, such as an unknown finding code: nothing was changed).
 */
import { parseArgs } from 'node:util';
import { validator } from './api/spec.ts';
import { CLI_ACTOR } from './audit/audit.service.ts';
import { createApp, listApps, revokeApp, rotateApp, SCOPES, type Scope } from './auth/auth.service.ts';
import { listChannelsWithPushes, setChannel } from './channels/channels.service.ts';
import { resolveSecretsKey, SecretsKeyError } from './channels/secrets.ts';
import { ConfigError, loadConfig, loadDotEnv } from './config.ts';
import { DatabaseBusyError, type DatabaseHandle, openDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { AppError, type FieldError } from './errors.ts';
import { FINDINGS_RECHECK, listRechecks, startRecheck } from './findings/recheck.service.ts';
import { parseBound } from './http/bounds.ts';
import { FINDINGS_RECHECK_POLICY } from './jobs/findings-recheck.job.ts';
import { createLogger } from './logger.ts';
import { createJobQueue } from './queue/queue.ts';
import { FORM_SYNC, sendFormSync } from './red-flush/forms-queues.ts';
import { USER_USAGE, userAction } from './users/users.cli.ts';

const USAGE = `usage:
  cli app create --name NAME --scopes push,read,redflush [--channels CODE,...] [--sellers TAXNO,...]
  cli app list
  cli app revoke NAME
  cli app rotate NAME
  cli channel set CODE [--reject-findings FINDING_CODE,...|none]
                      [--adapter nuonuo|none] [--endpoint URL] [--app-key KEY] [--user-tax TAXNO|none]
      (app secret and access token: environment variables CHANNEL_APP_SECRET, CHANNEL_ACCESS_TOKEN)
  cli channel list
${USER_USAGE}
  cli findings recheck [--since DATE]    (DATE: 2026-10-01, a date-time with offset, or ms)
  cli findings rechecks
  cli forms sync                         (queues one run of the 红字确认单 sync; the server's job does it)
  cli migrate
  cli --help

exit codes: 0 done, 1 failed, 2 wrong usage (nothing was changed)`;

class UsageError extends Error {}

/** A value the command was given is not valid: one line per setting, named as the command names it (exit 2). */
class RefusedValues extends Error {
  readonly lines: readonly string[];
  constructor(lines: readonly string[]) {
    super(lines.join('; '));
    this.lines = lines;
  }
}

/**
 * How `channel set` names the settings that the service names by the
 * API's fields (src/channels/channels.service.ts): its flags, and the
 * environment variables the secrets come from.
 */
const CHANNEL_SET_NAMES: Readonly<Record<string, string>> = {
  channelCode: "the channel's code",
  '/rejectFindings': '--reject-findings',
  '/adapter': '--adapter',
  '/endpoint': '--endpoint',
  '/appKey': '--app-key',
  '/userTax': '--user-tax',
  '/appSecret': 'CHANNEL_APP_SECRET',
  '/accessToken': 'CHANNEL_ACCESS_TOKEN',
};

/** A service's refusal of fields, said with this command's names for them (`--endpoint must be …`); other errors as they are. */
function inCommandTerms(error: unknown, names: Readonly<Record<string, string>>): unknown {
  if (!(error instanceof AppError) || error.code !== 'validation_failed' || !error.errors) return error;
  return new RefusedValues(
    error.errors.map((field) => {
      const place = 'parameter' in field ? field.parameter : field.pointer;
      return `${names[place] ?? place} ${field.message}`;
    }),
  );
}

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
  if (!items) throw new UsageError(`--scopes is required (any of ${SCOPES.join(', ')}, such as push,read)`);
  for (const item of items) {
    if (!(SCOPES as readonly string[]).includes(item)) throw new UsageError(`unknown scope ${item}; scopes are ${SCOPES.join(', ')}`);
  }
  return items as Scope[];
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The channel secrets of `channel set`: from the command's own environment, never from its arguments. */
interface ChannelSecrets {
  readonly appSecret: string | undefined;
  readonly accessToken: string | undefined;
}

async function run(
  argv: string[],
  database: () => Promise<DatabaseHandle>,
  secrets: ChannelSecrets,
  secretsKey: () => Buffer,
  databaseUrl: string | undefined,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scopes: { type: 'string' },
      channels: { type: 'string' },
      sellers: { type: 'string' },
      'reject-findings': { type: 'string' },
      adapter: { type: 'string' },
      endpoint: { type: 'string' },
      'app-key': { type: 'string' },
      'user-tax': { type: 'string' },
      role: { type: 'string' },
      since: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, command, name] = positionals;
  if (values.help || group === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
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
    const changes = {
      rejectFindings: values['reject-findings'],
      adapter: values.adapter,
      endpoint: values.endpoint,
      appKey: values['app-key'],
      userTax: values['user-tax'],
      ...secrets,
    };
    await withDatabase(database, channelAction(command, name, positionals.length, changes, secretsKey));
    return;
  }
  if (group === 'findings') {
    await withDatabase(database, findingsAction(command, positionals.length, values.since, databaseUrl));
    return;
  }
  if (group === 'forms') {
    if (command !== 'sync' || positionals.length !== 2)
      throw new UsageError(command ? `unknown command forms ${command}` : 'forms needs a command');
    await withDatabase(database, async (handle) => {
      const jobs = createJobQueue({ db: handle.db, pglite: handle.pglite, connectionString: databaseUrl, logger: createLogger('silent') });
      // Only to send: the server's job asks the channels.
      jobs.defineQueue(FORM_SYNC, { policy: 'stately', retryLimit: 2, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 1800 });
      await jobs.start();
      try {
        return { queued: (await sendFormSync(jobs, 'once')) !== null };
      } finally {
        await jobs.stop({ timeoutMs: 1000 });
      }
    });
    return;
  }
  if (group === 'user') {
    const action = userAction(positionals, values, (message) => {
      throw new UsageError(message);
    });
    await withDatabase(database, (handle) => action(handle.db));
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
        const credentials = await createApp(handle.db, input, { actor: CLI_ACTOR, requestId: null });
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
        await revokeApp(handle.db, appName, { actor: CLI_ACTOR, requestId: null });
        return { name: appName, revoked: true };
      };
      break;
    }
    case 'rotate': {
      const appName = needName();
      action = (handle) => rotateApp(handle.db, appName, { actor: CLI_ACTOR, requestId: null });
      break;
    }
    default:
      throw new UsageError(command ? `unknown command app ${command}` : 'app needs a command');
  }
  await withDatabase(database, action);
}

interface ChannelOptions extends ChannelSecrets {
  readonly rejectFindings: string | undefined;
  readonly adapter: string | undefined;
  readonly endpoint: string | undefined;
  readonly appKey: string | undefined;
  readonly userTax: string | undefined;
}

/** `channel set CODE [--reject-findings A,B|none] [--adapter nuonuo …]` and `channel list`. */
function channelAction(
  command: string | undefined,
  code: string | undefined,
  count: number,
  options: ChannelOptions,
  secretsKey: () => Buffer,
): (handle: DatabaseHandle) => Promise<unknown> {
  const { rejectFindings, ...adapterOptions } = options;
  const given = Object.values(adapterOptions).some((value) => value !== undefined);
  const flags = [rejectFindings, options.adapter, options.endpoint, options.appKey, options.userTax].some((value) => value !== undefined);
  switch (command) {
    case 'set': {
      if (!code || count !== 3) throw new UsageError("channel set takes the channel's code");
      if (rejectFindings === undefined && !given) {
        throw new UsageError('channel set needs --reject-findings (finding codes, or none) or adapter settings (--adapter …)');
      }
      const codes = rejectFindings === undefined ? undefined : rejectFindings.trim() === 'none' ? [] : (list(rejectFindings) ?? []);
      return (handle) =>
        setChannel(handle.db, code, { ...adapterOptions, rejectFindings: codes }, secretsKey, { actor: CLI_ACTOR, requestId: null }).catch(
          (error: unknown) => {
            throw inCommandTerms(error, CHANNEL_SET_NAMES);
          },
        );
    }
    case 'list':
      if (count !== 2) throw new UsageError('channel list takes no argument');
      if (flags) throw new UsageError('channel list takes no option');
      return (handle) => listChannelsWithPushes(handle.db);
    default:
      throw new UsageError(command ? `unknown command channel ${command}` : 'channel needs a command');
  }
}

/** `findings recheck [--since DATE]` (queues the job the server runs) and `findings rechecks`. */
function findingsAction(
  command: string | undefined,
  count: number,
  since: string | undefined,
  databaseUrl: string | undefined,
): (handle: DatabaseHandle) => Promise<unknown> {
  if (count !== 2) throw new UsageError(command ? `findings ${command} takes no argument` : 'findings needs a command');
  switch (command) {
    case 'recheck': {
      const errors: FieldError[] = [];
      const validDate = since === undefined || validator('DateBound')(since);
      const bound = since === undefined || !validDate ? undefined : parseBound('--since', since, errors);
      if (!validDate || errors.length > 0) {
        throw new UsageError('--since takes a date (2026-10-01, Beijing time), a date-time with its offset, or ms since epoch');
      }
      return async (handle) => {
        const jobs = createJobQueue({
          db: handle.db,
          pglite: handle.pglite,
          connectionString: databaseUrl,
          logger: createLogger('silent'),
        });
        // Only to send: no worker here (the server's job does the work).
        jobs.defineQueue(FINDINGS_RECHECK, FINDINGS_RECHECK_POLICY);
        await jobs.start();
        try {
          return await startRecheck(
            handle.db,
            jobs,
            { actor: CLI_ACTOR, requestId: null },
            { since: bound ? new Date(bound.first) : null },
          );
        } finally {
          await jobs.stop({ timeoutMs: 1000 });
        }
      };
    }
    case 'rechecks':
      if (since !== undefined) throw new UsageError('findings rechecks takes no option');
      return (handle) => listRechecks(handle.db);
    default:
      throw new UsageError(command ? `unknown command findings ${command}` : 'findings needs a command');
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
    // Read before .env: a secret in a file would be written into every `channel set`.
    const secrets = { appSecret: secretFromEnv('CHANNEL_APP_SECRET'), accessToken: secretFromEnv('CHANNEL_ACCESS_TOKEN') };
    loadDotEnv();
    const config = loadConfig();
    await run(
      process.argv.slice(2),
      () => openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: 2 }),
      secrets,
      () => resolveSecretsKey(config),
      config.databaseUrl,
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`cli: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    // A value the command was given is not valid (an unknown finding code, a bad URL): wrong usage too.
    if (error instanceof RefusedValues) {
      for (const line of error.lines) process.stderr.write(`cli: ${line}\n`);
      return 2;
    }
    if (error instanceof AppError && error.code === 'validation_failed') {
      process.stderr.write(`cli: ${error.message}\n`);
      return 2;
    }
    if (
      error instanceof DatabaseBusyError ||
      error instanceof ConfigError ||
      error instanceof AppError ||
      error instanceof SecretsKeyError
    ) {
      process.stderr.write(`cli: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function secretFromEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

process.exitCode = await main();
