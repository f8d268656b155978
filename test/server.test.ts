/**
 * The quick start as a user lives it: `npm start` on an empty data
 * directory prints the dev app's credentials and a working curl; the
 * server stops cleanly on SIGTERM; a bad setting stops the start.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { PUSH_EXAMPLE } from './helpers/builders.ts';
import { startServer } from './helpers/server-process.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'fapiao-hub-server-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (env: NodeJS.ProcessEnv) => startServer({ DATABASE_URL: '', DATA_DIR: dataDir, ...env });

test('when started on an empty embedded database, then it prints the dev app and a curl that works', async () => {
  const server = await start({});
  try {
    const output = server.output();
    assert.match(output, /created the app "dev"/);
    const appKey = /appKey\s+(\S+)/.exec(output)?.[1];
    const appSecurity = /appSecurity\s+(\S+)/.exec(output)?.[1];
    const accessToken = /accessToken=([\w-]+)/.exec(output)?.[1];
    assert.ok(appKey && appSecurity && accessToken, output);
    // The banner is on stderr; stdout holds JSON log lines only, and never the secret.
    assert.match(server.stderr(), /created the app "dev"/);
    for (const line of server
      .stdout()
      .split('\n')
      .filter((text) => text !== '')) {
      assert.doesNotThrow(() => JSON.parse(line), `not a JSON line on stdout: ${line}`);
    }
    assert.ok(!server.stdout().includes(appSecurity), 'no secret on stdout');

    const push = await fetch(`${server.url}/api/openapi/v2/invoicing?accessToken=${accessToken}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: PUSH_EXAMPLE,
    });
    assert.equal(push.status, 200);
    assert.deepEqual(await push.json(), { value: true });

    const token = await fetch(`${server.url}/api/openapi/v1/auth/getAccessToken`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ appKey, appSecurity }),
    });
    assert.equal(token.status, 200);
  } finally {
    assert.equal(await server.stop(), 0, 'SIGTERM stops with exit code 0');
  }
  assert.match(server.output(), /"msg":"job queue started"/);
  assert.match(server.output(), /"msg":"job queue stopped"/);

  const again = await start({});
  try {
    assert.doesNotMatch(again.output(), /created the app/, 'the dev app is made once');
  } finally {
    assert.equal(await again.stop(), 0);
  }
});

test('when a setting is wrong, then the start stops and names the variable', async () => {
  const child = spawn(process.execPath, ['src/server.ts'], {
    env: { ...process.env, PORT: 'eighty', DATA_DIR: dataDir },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 1);
  assert.match(stderr, /PORT="eighty" is not valid: expected a whole number/);
});
