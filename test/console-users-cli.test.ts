/**
 * Console users from the command line, and the first admin that a fresh
 * start on the embedded database makes: as a user runs them, as processes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type CliWorld, cliWorld } from './helpers/cli.ts';
import { startServer } from './helpers/server-process.ts';

let world: CliWorld;
before(async () => {
  world = await cliWorld('users-cli');
});
after(() => world.close());

const cli = (...args: string[]) => world.cli(args);

function auditOf(name: string): Promise<{ action: string; actor_type: string }[]> {
  return world.withDatabase((db) =>
    db.selectFrom('audit_log').select(['action', 'actor_type']).where('target', '=', `user:${name}`).orderBy('id').execute(),
  );
}

test('when a user is created with the CLI, then stdout is one JSON object with a one-time password, and list never shows it', async () => {
  const created = await cli('user', 'create', '--name', 'zhang.san', '--role', 'operator');
  assert.equal(created.code, 0, created.stderr);
  const user = JSON.parse(created.stdout);
  assert.deepEqual(Object.keys(user).sort(), ['createdAt', 'disabledAt', 'lastSeenAt', 'mustChangePassword', 'name', 'password', 'role']);
  assert.deepEqual([user.name, user.role, user.mustChangePassword, user.disabledAt], ['zhang.san', 'operator', true, null]);
  assert.match(user.password, /^[a-km-zA-HJ-NP-Z2-9]{16}$/);

  const listed = await cli('user', 'list');
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(
    JSON.parse(listed.stdout).map((item: { name: string; role: string }) => [item.name, item.role]),
    [['zhang.san', 'operator']],
  );
  assert.doesNotMatch(listed.stdout, new RegExp(user.password));

  const reset = await cli('user', 'reset-password', 'ZHANG.SAN');
  assert.equal(reset.code, 0, reset.stderr);
  assert.notEqual(JSON.parse(reset.stdout).password, user.password);
  const disabled = await cli('user', 'disable', 'zhang.san');
  assert.equal(disabled.code, 0, disabled.stderr);
  assert.equal(typeof JSON.parse(disabled.stdout).disabledAt, 'string');

  assert.deepEqual(await auditOf('zhang.san'), [
    { action: 'user.create', actor_type: 'cli' },
    { action: 'user.reset_password', actor_type: 'cli' },
    { action: 'user.disable', actor_type: 'cli' },
  ]);
});

test('when the user command is used wrongly or given a bad value, then exit 2; a taken name or an unknown user exits 1', async () => {
  for (const args of [
    ['user'],
    ['user', 'create', '--name', 'x'],
    ['user', 'create', '--name', 'x', '--role', 'root'],
    ['user', 'create', '--role', 'viewer'],
    ['user', 'disable'],
    ['user', 'fly'],
  ]) {
    const result = await cli(...args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /cli user create --name NAME --role viewer\|operator\|admin/);
  }
  assert.equal((await cli('user', 'create', '--name', 'twice', '--role', 'viewer')).code, 0);
  const taken = await cli('user', 'create', '--name', 'Twice', '--role', 'admin');
  assert.equal(taken.code, 1);
  assert.match(taken.stderr, /a user named Twice exists already/);
  // A bad value is wrong usage, as for every command (cli.ts: 2 wrong usage, nothing was changed).
  const bad = await cli('user', 'create', '--name', 'two words', '--role', 'admin');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /\/name must be letters, digits/);
  const unknown = await cli('user', 'reset-password', 'nobody');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no user named nobody/);
});

test('when the server starts on an empty embedded database, then it makes the user admin and prints its one-time password once', async () => {
  const fresh = mkdtempSync(path.join(tmpdir(), 'fapiao-hub-first-admin-'));
  try {
    const server = await startServer({ DATABASE_URL: '', DATA_DIR: fresh });
    let password: string | undefined;
    try {
      // The banner follows the dev app's; wait for it.
      for (let i = 0; i < 100 && !password; i++) {
        password = /password {2}(\S+)/.exec(server.output())?.[1];
        if (!password) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(password, server.output());
      assert.match(server.output(), /created the console user "admin" \(role admin\)/);
      assert.match(server.output(), new RegExp(`${server.url.replace(/[.]/g, '\\.')}/console/`));
      const signedIn = await fetch(`${server.url}/api/console/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'admin', password }),
      });
      assert.equal(signedIn.status, 200);
      const body = (await signedIn.json()) as { value: { user: { role: string; mustChangePassword: boolean } } };
      assert.deepEqual(body.value.user, { ...body.value.user, role: 'admin', mustChangePassword: true });
    } finally {
      assert.equal(await server.stop(), 0);
    }
    const again = await startServer({ DATABASE_URL: '', DATA_DIR: fresh });
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.doesNotMatch(again.output(), /created the console user/, 'made once');
    } finally {
      assert.equal(await again.stop(), 0);
    }
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});
