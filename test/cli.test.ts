/**
 * The CLI as a user runs it: a child process, JSON on stdout. Against the
 * test's Postgres database when DATABASE_URL is set, else an embedded
 * database in a temporary directory.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createApp, issueToken } from '../src/auth/auth.service.ts';
import type { Db } from '../src/db/database.ts';
import { type CliWorld, cliWorld } from './helpers/cli.ts';

let world: CliWorld;
before(async () => {
  world = await cliWorld('cli');
});
after(() => world.close());

const cli = (...args: string[]) => world.cli(args);
const withCliDatabase = <T>(fn: (db: Db) => Promise<T>) => world.withDatabase(fn);

test('when an app is created, then stdout is exactly one JSON object whose credentials work', async () => {
  const result = await cli('app', 'create', '--name', 'erp', '--scopes', 'push,read', '--channels', 'jcsk,nuonuo');
  assert.equal(result.code, 0, result.stderr);
  const created = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(created).sort(), ['appKey', 'appSecurity', 'channels', 'name', 'scopes', 'sellers']);
  assert.deepEqual([created.name, created.scopes, created.channels, created.sellers], ['erp', ['push', 'read'], ['jcsk', 'nuonuo'], null]);
  const pair = await withCliDatabase((db) => issueToken(db, created.appKey, created.appSecurity, 60));
  assert.ok(pair.accessToken);

  const listed = await cli('app', 'list');
  assert.equal(listed.code, 0, listed.stderr);
  const apps = JSON.parse(listed.stdout);
  assert.equal(apps.length, 1);
  assert.equal(apps[0].name, 'erp');
  assert.equal(apps[0].appKey, created.appKey);
  assert.equal(apps[0].revokedAt, null);
  assert.doesNotMatch(listed.stdout, new RegExp(created.appSecurity), 'list never shows secrets');

  const rotated = await cli('app', 'rotate', 'erp');
  assert.equal(rotated.code, 0, rotated.stderr);
  const fresh = JSON.parse(rotated.stdout);
  assert.equal(fresh.appKey, created.appKey);
  assert.notEqual(fresh.appSecurity, created.appSecurity);
  await withCliDatabase(async (db) => {
    await assert.rejects(issueToken(db, created.appKey, created.appSecurity, 60), /wrong/);
    assert.ok((await issueToken(db, fresh.appKey, fresh.appSecurity, 60)).accessToken);
  });

  const revoked = await cli('app', 'revoke', 'erp');
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.deepEqual(JSON.parse(revoked.stdout), { name: 'erp', revoked: true });
  await withCliDatabase((db) => assert.rejects(issueToken(db, fresh.appKey, fresh.appSecurity, 60), /revoked/));
});

test('when --help, -h or help is asked, then the usage on stdout and exit 0, without an error', async () => {
  for (const args of [['--help'], ['-h'], ['help'], ['channel', '--help']]) {
    const result = await cli(...args);
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^usage:\n {2}cli app create /);
    assert.match(result.stdout, /exit codes: 0 done, 1 failed, 2 wrong usage/);
  }
});

test('when the CLI is used wrongly, then exit 2 with the usage on stderr and nothing on stdout', async () => {
  for (const args of [
    [],
    ['app'],
    ['app', 'create', '--scopes', 'push'],
    ['app', 'create', '--name', 'x', '--scopes', 'write'],
    ['app', 'create', '--nmae', 'x'],
  ]) {
    const result = await cli(...args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /usage:/);
  }
  const duplicate = await cli('app', 'create', '--name', 'erp', '--scopes', 'read');
  assert.equal(duplicate.code, 1);
  assert.match(duplicate.stderr, /exists already/);
});

test('when a channel is set to refuse finding codes, then channel list shows it, none clears it, an unknown code is refused', async () => {
  const set = await cli('channel', 'set', 'jcsk', '--reject-findings', 'HEADER_SUM_MISMATCH, RED_EXCEEDS_REMAINING');
  assert.equal(set.code, 0, set.stderr);
  const settings = JSON.parse(set.stdout);
  assert.deepEqual(
    { ...settings, updatedAt: typeof settings.updatedAt },
    { channelCode: 'jcsk', rejectFindings: ['HEADER_SUM_MISMATCH', 'RED_EXCEEDS_REMAINING'], adapter: null, updatedAt: 'string' },
  );
  const stored = await withCliDatabase((db) => db.selectFrom('channels').select(['channel_code', 'reject_findings']).execute());
  assert.deepEqual(stored, [{ channel_code: 'jcsk', reject_findings: ['HEADER_SUM_MISMATCH', 'RED_EXCEEDS_REMAINING'] }]);

  const unknown = await cli('channel', 'set', 'jcsk', '--reject-findings', 'HEADER_SUM_MISMATCH,NOT_A_CODE');
  assert.equal(unknown.code, 2, 'a wrong value is wrong usage');
  assert.equal(unknown.stdout, '');
  assert.match(unknown.stderr, /^cli: --reject-findings has unknown finding code NOT_A_CODE; the codes are HEADER_SUM_MISMATCH, /);

  const cleared = await cli('channel', 'set', 'jcsk', '--reject-findings', 'none');
  assert.equal(cleared.code, 0, cleared.stderr);
  const listed = await cli('channel', 'list');
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(
    JSON.parse(listed.stdout).map((channel: { channelCode: string; rejectFindings: string[] }) => [
      channel.channelCode,
      channel.rejectFindings,
    ]),
    [['jcsk', []]],
  );

  for (const args of [
    ['channel'],
    ['channel', 'set', 'jcsk'],
    ['channel', 'set', '--reject-findings', 'X'],
    ['channel', 'list', 'extra'],
  ]) {
    const wrong = await cli(...args);
    assert.equal(wrong.code, 2, `${args.join(' ')}: ${wrong.stderr}`);
    assert.match(wrong.stderr, /usage:/);
  }
});

test('when another live process holds the embedded database, then the CLI refuses with a clear message', async () => {
  const busyDir = path.join(world.dataDir, 'busy');
  mkdirSync(busyDir, { recursive: true });
  const holder = spawn('sleep', ['30']);
  try {
    writeFileSync(path.join(busyDir, 'lock'), String(holder.pid));
    const result = await world.cli(['app', 'list'], { DATABASE_URL: '', DATA_DIR: busyDir });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`in use by process ${holder.pid}.*DATABASE_URL`));
  } finally {
    holder.kill();
  }
});

test('when an app is created with the redflush scope, then it has it; an unknown scope is refused naming the known ones', async () => {
  const result = await cli('app', 'create', '--name', 'refunds', '--scopes', 'read,redflush', '--sellers', '91310000MA1FL0XX2Y');
  assert.equal(result.code, 0, result.stderr);
  const created = JSON.parse(result.stdout);
  assert.deepEqual([created.scopes, created.sellers], [['read', 'redflush'], ['91310000MA1FL0XX2Y']]);
  const wrong = await cli('app', 'create', '--name', 'x', '--scopes', 'red-flush');
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /unknown scope red-flush; scopes are push, read, redflush/);
});

test('when a channel pushed but has no settings, then channel list shows it with the defaults and when it last pushed', async () => {
  const pushedAt = new Date('2026-10-01T08:00:00Z');
  await withCliDatabase(async (db) => {
    await createApp(db, { name: 'pusher', scopes: ['push'] });
    const app = await db.selectFrom('apps').select('id').where('name', '=', 'pusher').executeTakeFirstOrThrow();
    await db
      .insertInto('pushes')
      .values({
        app_id: app.id,
        channel_code: 'only-pushed',
        result: 0,
        invoice_count: 0,
        received_at: pushedAt,
        body: '{}',
        content_type: null,
      })
      .execute();
  });
  const listed = await cli('channel', 'list');
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(
    JSON.parse(listed.stdout).filter((channel: { channelCode: string }) => channel.channelCode === 'only-pushed'),
    [{ channelCode: 'only-pushed', rejectFindings: [], adapter: null, updatedAt: null, lastPushedAt: '2026-10-01T08:00:00.000Z' }],
  );
});

test('when findings recheck is run, then a re-check is queued for the server (with its job), listed with its progress; a second waits its turn', async () => {
  const queued = await cli('findings', 'recheck', '--since', '2026-01-01');
  assert.equal(queued.code, 0, queued.stderr);
  const recheck = JSON.parse(queued.stdout);
  assert.deepEqual(
    { ...recheck, id: typeof recheck.id, createdAt: 0, createdAtIso: '', updatedAt: 0, updatedAtIso: '' },
    {
      id: 'string',
      state: 'queued',
      since: Date.UTC(2025, 11, 31, 16),
      sinceIso: '2025-12-31T16:00:00.000Z',
      requestedBy: 'cli',
      total: 0,
      checked: 0,
      changed: 0,
      lastInvoiceId: '0',
      error: null,
      createdAt: 0,
      createdAtIso: '',
      updatedAt: 0,
      updatedAtIso: '',
      finishedAt: null,
      finishedAtIso: null,
    },
  );
  const jobs = await withCliDatabase((db) =>
    db
      .selectFrom(sql`pgboss.job`.as('j'))
      .select([sql<string>`name`.as('name'), sql<unknown>`data`.as('data')])
      .execute(),
  );
  assert.deepEqual(
    jobs.map((job) => [job.name, job.data]),
    [['findings-recheck', { recheckId: recheck.id, step: 0 }]],
  );
  const listed = await cli('findings', 'rechecks');
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(
    JSON.parse(listed.stdout).map((item: { id: string; state: string }) => [item.id, item.state]),
    [[recheck.id, 'queued']],
  );
  const second = await cli('findings', 'recheck');
  assert.equal(second.code, 1);
  assert.match(second.stderr, new RegExp(`re-check ${recheck.id} is queued \\(0 of 0 invoices\\); wait for it to finish`));
  const wrong = await cli('findings', 'recheck', '--since', 'yesterday');
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /--since takes a date/);
});
