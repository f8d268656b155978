/**
 * The quick start as a user lives it: `npm start` on an empty data
 * directory prints the dev app's credentials and a working curl; the
 * server stops cleanly on SIGTERM; a bad setting stops the start.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { PUSH_EXAMPLE } from './helpers/builders.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'fapiao-hub-server-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const check = () => {
      const match = /"url":"(http:\/\/[^"]+)".*"msg":"listening"/.exec(output);
      if (match?.[1]) {
        // the banner, when there is one, follows the "listening" line
        setTimeout(() => {
          clearTimeout(timer);
          resolve({ child, output: () => output, url: match[1] as string });
        }, 500);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

test('when started on an empty embedded database, then it prints the dev app and a curl that works', async () => {
  const server = await start({});
  try {
    const output = server.output();
    assert.match(output, /created the app "dev"/);
    const appKey = /appKey\s+(\S+)/.exec(output)?.[1];
    const appSecurity = /appSecurity\s+(\S+)/.exec(output)?.[1];
    const accessToken = /accessToken=([\w-]+)/.exec(output)?.[1];
    assert.ok(appKey && appSecurity && accessToken, output);

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
    assert.equal(await stop(server.child), 0, 'SIGTERM stops with exit code 0');
  }

  const again = await start({});
  try {
    assert.doesNotMatch(again.output(), /created the app/, 'the dev app is made once');
  } finally {
    assert.equal(await stop(again.child), 0);
  }
});

test('when a setting is wrong, then the start stops and names the variable', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
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
