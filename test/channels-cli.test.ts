/**
 * `channel set` / `channel list` with adapter settings, as a user runs the
 * CLI: the secrets come from the command's environment, are never printed
 * and are stored encrypted. Against the test's Postgres database (with
 * SECRETS_KEY) when DATABASE_URL is set, else an embedded database in a
 * temporary directory (which keeps its own key there).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { channelAdapterSettings } from '../src/channels/channels.service.ts';
import { keyId, SECRETS_KEY_FILE, SecretsKeyError } from '../src/channels/secrets.ts';
import type { Db } from '../src/db/database.ts';
import { type CliWorld, cliWorld } from './helpers/cli.ts';

const APP_SECRET = `app-secret-${randomBytes(8).toString('hex')}`;
const ACCESS_TOKEN = `access-token-${randomBytes(8).toString('hex')}`;
const SELLER = '91310000MA1FL0XX2Y';

let world: CliWorld;
/** The key the CLI encrypts with: SECRETS_KEY on Postgres; on the embedded database the one it keeps in DATA_DIR. */
let secretsKey: () => Buffer;

before(async () => {
  const key = randomBytes(32);
  world = await cliWorld('channels-cli', ({ database }) => ({
    CHANNEL_APP_SECRET: '',
    CHANNEL_ACCESS_TOKEN: '',
    SECRETS_KEY: database ? key.toString('base64') : '',
  }));
  secretsKey = world.database
    ? () => key
    : () => Buffer.from(readFileSync(path.join(world.dataDir, SECRETS_KEY_FILE), 'utf8').trim(), 'base64');
});
after(() => world.close());

const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => world.cli(args, extra);
const withCliDatabase = <T>(fn: (db: Db) => Promise<T>) => world.withDatabase(fn);

function storedRow(code: string) {
  return withCliDatabase((db) =>
    db
      .selectFrom('channels')
      .select([
        'channel_code',
        'adapter',
        'endpoint',
        'app_key',
        'user_tax',
        'app_secret_encrypted',
        'access_token_encrypted',
        'reject_findings',
      ])
      .where('channel_code', '=', code)
      .executeTakeFirst(),
  );
}

function assertNoSecret(output: string): void {
  for (const secret of [APP_SECRET, ACCESS_TOKEN]) {
    assert.ok(!output.includes(secret), 'a secret was printed');
    assert.ok(!output.includes(Buffer.from(secret).toString('base64')), 'a secret was printed in base64');
  }
}

test('when a Nuonuo channel is set with secrets from the environment, then it is listed without them and they are stored encrypted', async () => {
  const set = await cli(
    [
      'channel',
      'set',
      'nn',
      '--adapter',
      'nuonuo',
      '--endpoint',
      'https://sdk.nuonuo.com/open/v1/services/',
      '--app-key',
      'SD63236305',
      '--user-tax',
      SELLER,
      '--reject-findings',
      'HEADER_SUM_MISMATCH',
    ],
    { CHANNEL_APP_SECRET: APP_SECRET, CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN },
  );
  assert.equal(set.code, 0, set.stderr);
  assertNoSecret(set.stdout + set.stderr);
  const expected = {
    channelCode: 'nn',
    rejectFindings: ['HEADER_SUM_MISMATCH'],
    adapter: {
      kind: 'nuonuo',
      endpoint: 'https://sdk.nuonuo.com',
      appKey: 'SD63236305',
      userTax: SELLER,
      secrets: { appSecret: 'set', accessToken: 'set' },
    },
  };
  const settings = JSON.parse(set.stdout);
  assert.deepEqual({ ...settings, updatedAt: undefined }, { ...expected, updatedAt: undefined });

  const row = await storedRow('nn');
  assert.ok(row?.app_secret_encrypted && row.access_token_encrypted);
  const id = keyId(secretsKey());
  for (const [stored, secret] of [
    [row.app_secret_encrypted, APP_SECRET],
    [row.access_token_encrypted, ACCESS_TOKEN],
  ] as const) {
    assert.match(stored, new RegExp(`^v1:${id}:[\\w-]{16}:[\\w-]{22}:[\\w-]+$`));
    assert.ok(!stored.includes(secret) && !stored.includes(Buffer.from(secret).toString('base64url')), 'not the plain text');
  }
  assert.notEqual(row.app_secret_encrypted.split(':')[2], row.access_token_encrypted.split(':')[2], 'a fresh IV per value');
  if (!world.database) {
    const mode = statSync(path.join(world.dataDir, SECRETS_KEY_FILE)).mode & 0o777;
    assert.equal(mode.toString(8), '600', 'the generated key is readable by its owner only');
  }

  const listed = await cli(['channel', 'list']);
  assert.equal(listed.code, 0, listed.stderr);
  assertNoSecret(listed.stdout + listed.stderr);
  const channels = JSON.parse(listed.stdout) as { channelCode: string }[];
  assert.deepEqual(
    channels.filter((channel) => channel.channelCode === 'nn').map((channel) => ({ ...channel, updatedAt: undefined })),
    [{ ...expected, updatedAt: undefined, lastPushedAt: null }],
  );

  const decrypted = await withCliDatabase((db) => channelAdapterSettings(db, 'nn', secretsKey()));
  assert.deepEqual(decrypted, {
    channelCode: 'nn',
    adapter: 'nuonuo',
    endpoint: 'https://sdk.nuonuo.com',
    appKey: 'SD63236305',
    userTax: SELLER,
    appSecret: APP_SECRET,
    accessToken: ACCESS_TOKEN,
  });
  await assert.rejects(
    withCliDatabase((db) => channelAdapterSettings(db, 'nn', randomBytes(32))),
    (error: unknown) =>
      error instanceof SecretsKeyError && /encrypted with another key/.test(error.message) && !error.message.includes(APP_SECRET),
  );
});

test('when only --reject-findings changes, or only the access token is renewed, then the rest is kept', async () => {
  const before = await storedRow('nn');
  const findings = await cli(['channel', 'set', 'nn', '--reject-findings', 'none']);
  assert.equal(findings.code, 0, findings.stderr);
  const kept = await storedRow('nn');
  assert.deepEqual({ ...kept, reject_findings: before?.reject_findings }, before);
  assert.deepEqual(kept?.reject_findings, []);

  const renewed = `${ACCESS_TOKEN}-renewed`;
  const token = await cli(['channel', 'set', 'nn'], { CHANNEL_ACCESS_TOKEN: renewed });
  assert.equal(token.code, 0, token.stderr);
  assert.ok(!(token.stdout + token.stderr).includes(renewed));
  const after = await storedRow('nn');
  assert.equal(after?.app_secret_encrypted, before?.app_secret_encrypted);
  assert.notEqual(after?.access_token_encrypted, before?.access_token_encrypted);
  const decrypted = await withCliDatabase((db) => channelAdapterSettings(db, 'nn', secretsKey()));
  assert.deepEqual([decrypted?.appSecret, decrypted?.accessToken], [APP_SECRET, renewed]);
});

test('when adapter settings are missing or wrong, then exit 2 (wrong usage) with what is wrong, no secret printed, and nothing stored', async () => {
  const secrets = { CHANNEL_APP_SECRET: APP_SECRET, CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN };
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [
      ['--adapter', 'nuonuo', '--endpoint', 'https://sdk.nuonuo.com'],
      {},
      /^cli: --app-key is required by the nuonuo adapter of channel bad\ncli: CHANNEL_APP_SECRET is required by the nuonuo adapter of channel bad\ncli: CHANNEL_ACCESS_TOKEN is required by the nuonuo adapter of channel bad\n$/,
    ],
    [['--adapter', 'nuonuo', '--app-key', 'K'], secrets, /^cli: --endpoint is required by the nuonuo adapter of channel bad\n$/],
    [
      ['--adapter', 'baiwang', '--endpoint', 'https://x', '--app-key', 'K'],
      secrets,
      /^cli: --adapter must be one of nuonuo, none, not baiwang$/m,
    ],
    [['--adapter', 'nuonuo', '--endpoint', 'ftp://sdk.nuonuo.com', '--app-key', 'K'], secrets, /^cli: --endpoint must be an http\(s\) URL/],
    [['--adapter', 'nuonuo', '--endpoint', 'https://u:p@sdk.nuonuo.com', '--app-key', 'K'], secrets, /without credentials/],
    [
      ['--adapter', 'nuonuo', '--endpoint', 'https://x', '--app-key', 'K', '--user-tax', 'abc'],
      secrets,
      /^cli: --user-tax must be a tax number/,
    ],
    [
      ['--endpoint', 'https://x'],
      {},
      /^cli: --adapter is required: channel bad has no adapter yet; give one \(nuonuo\) with its settings$/m,
    ],
    [
      ['--adapter', 'none', '--app-key', 'K'],
      {},
      /^cli: --adapter none removes the adapter with its settings and secrets: give no other adapter setting with it$/m,
    ],
    [
      ['--adapter', 'nuonuo', '--endpoint', 'https://x', '--app-key', 'K'],
      { ...secrets, CHANNEL_APP_SECRET: `${APP_SECRET} with a space` },
      /^cli: CHANNEL_APP_SECRET must be 1 to 1024 printable ASCII characters without spaces$/m,
    ],
  ];
  for (const [args, extra, message] of cases) {
    const result = await cli(['channel', 'set', 'bad', ...args], extra);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, message, args.join(' '));
    assertNoSecret(result.stderr);
  }
  assert.equal(await storedRow('bad'), undefined);

  const usage = await cli(['channel', 'set', 'bad']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /channel set needs --reject-findings .* or adapter settings/);
  const listUsage = await cli(['channel', 'list', '--adapter', 'nuonuo']);
  assert.equal(listUsage.code, 2);
  assert.match(listUsage.stderr, /channel list takes no option/);
});

test('when --adapter none is set, then the adapter, its settings and secrets are gone and the findings setting stays', async () => {
  const set = await cli(
    ['channel', 'set', 'gone', '--adapter', 'nuonuo', '--endpoint', 'https://x', '--app-key', 'K', '--reject-findings', 'ROW_TAX_ROUNDING'],
    {
      CHANNEL_APP_SECRET: APP_SECRET,
      CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
    },
  );
  assert.equal(set.code, 0, set.stderr);
  const removed = await cli(['channel', 'set', 'gone', '--adapter', 'none']);
  assert.equal(removed.code, 0, removed.stderr);
  assert.deepEqual(
    { ...JSON.parse(removed.stdout), updatedAt: undefined },
    {
      channelCode: 'gone',
      rejectFindings: ['ROW_TAX_ROUNDING'],
      adapter: null,
      updatedAt: undefined,
    },
  );
  assert.deepEqual(await storedRow('gone'), {
    channel_code: 'gone',
    adapter: null,
    endpoint: null,
    app_key: null,
    user_tax: null,
    app_secret_encrypted: null,
    access_token_encrypted: null,
    reject_findings: ['ROW_TAX_ROUNDING'],
  });
  assert.equal(await withCliDatabase((db) => channelAdapterSettings(db, 'gone', secretsKey())), undefined);
});

test('when secrets are stored without a key to encrypt them, then exit 1 naming SECRETS_KEY; the embedded database reuses its key', async () => {
  if (world.database) {
    const result = await cli(['channel', 'set', 'nokey', '--adapter', 'nuonuo', '--endpoint', 'https://x', '--app-key', 'K'], {
      CHANNEL_APP_SECRET: APP_SECRET,
      CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
      SECRETS_KEY: '',
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^cli: SECRETS_KEY is not set: on Postgres \(DATABASE_URL\) channel secrets need it/);
    assert.equal(await storedRow('nokey'), undefined);
  } else {
    const before = readFileSync(path.join(world.dataDir, SECRETS_KEY_FILE), 'utf8');
    const result = await cli(['channel', 'set', 'again', '--adapter', 'nuonuo', '--endpoint', 'https://x', '--app-key', 'K'], {
      CHANNEL_APP_SECRET: APP_SECRET,
      CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(path.join(world.dataDir, SECRETS_KEY_FILE), 'utf8'), before);
    assert.equal((await storedRow('again'))?.app_secret_encrypted?.split(':')[1], keyId(secretsKey()));
  }
  const badKey = await cli(['channel', 'list'], { SECRETS_KEY: 'not-a-key' });
  assert.equal(badKey.code, 1);
  assert.equal(
    badKey.stderr,
    'cli: SECRETS_KEY="(hidden)" is not valid: expected 32 bytes as 64 hex digits or as base64 (openssl rand -base64 32)\n',
  );
});
