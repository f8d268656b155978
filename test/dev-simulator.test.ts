/**
 * Development on the embedded database: the first start configures the
 * channel `sim` for the bundled simulator and writes what the simulator
 * needs (data/simulator.env) and the dev app's credentials
 * (data/dev-app.env), both readable by their owner only; a later start
 * leaves them alone.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parseEnv } from 'node:util';
import { listApps } from '../src/auth/auth.service.ts';
import { channelAdapterSettings, listChannels } from '../src/channels/channels.service.ts';
import { resolveSecretsKey } from '../src/channels/secrets.ts';
import { openDatabase } from '../src/db/connect.ts';
import { startServer } from './helpers/server-process.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'fapiao-hub-dev-sim-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const start = () => startServer({ DATABASE_URL: '', DATA_DIR: dataDir, SECRETS_KEY: '' });

test('when the server first starts on the embedded database, then channel sim points at the simulator, and the files the demo uses are written for their owner only', async () => {
  const server = await start();
  let simulator: Record<string, string | undefined>;
  let dev: Record<string, string | undefined>;
  try {
    const output = server.output();
    assert.match(output, /configured the channel "sim" to call the bundled Nuonuo simulator at http:\/\/127\.0\.0\.1:8081/);
    const simulatorFile = path.join(dataDir, 'simulator.env');
    const devFile = path.join(dataDir, 'dev-app.env');
    assert.match(output, new RegExp(`credentials in ${simulatorFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    for (const file of [simulatorFile, devFile]) assert.equal(statSync(file).mode & 0o777, 0o600, file);
    simulator = parseEnv(readFileSync(simulatorFile, 'utf8'));
    dev = parseEnv(readFileSync(devFile, 'utf8'));
    assert.deepEqual(Object.keys(simulator).sort(), [
      'SIM_ACCESS_TOKEN',
      'SIM_APP_KEY',
      'SIM_APP_SECRET',
      'SIM_CHANNEL',
      'SIM_HUB_APP_KEY',
      'SIM_HUB_APP_SECURITY',
      'SIM_HUB_URL',
      'SIM_PORT',
    ]);
    assert.deepEqual([simulator.SIM_PORT, simulator.SIM_CHANNEL, simulator.SIM_HUB_URL], ['8081', 'sim', server.url]);
    assert.match(output, new RegExp(`appKey\\s+${dev.DEV_APP_KEY}`));

    // Both apps get tokens from the running server.
    for (const [appKey, appSecurity] of [
      [simulator.SIM_HUB_APP_KEY, simulator.SIM_HUB_APP_SECURITY],
      [dev.DEV_APP_KEY, dev.DEV_APP_SECURITY],
    ]) {
      const token = await fetch(`${server.url}/api/openapi/v1/auth/getAccessToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appKey, appSecurity }),
      });
      assert.equal(token.status, 200);
    }
  } finally {
    assert.equal(await server.stop(), 0);
  }

  // What is stored: the channel as `channel set` stores it, its secrets the file's; the simulator's app limited to it.
  const handle = await openDatabase({ dataDir });
  try {
    const key = resolveSecretsKey({ secretsKey: undefined, databaseUrl: undefined, dataDir });
    const settings = await channelAdapterSettings(handle.db, 'sim', key);
    assert.deepEqual(settings, {
      channelCode: 'sim',
      adapter: 'nuonuo',
      endpoint: 'http://127.0.0.1:8081',
      appKey: simulator.SIM_APP_KEY,
      userTax: null,
      appSecret: simulator.SIM_APP_SECRET,
      accessToken: simulator.SIM_ACCESS_TOKEN,
    });
    const apps = await listApps(handle.db);
    assert.deepEqual(
      apps.map((app) => [app.name, app.scopes, app.channels]),
      [
        ['dev', ['push', 'read', 'redflush'], null],
        ['simulator', ['push', 'read'], ['sim']],
      ],
    );
    assert.deepEqual(
      (await listChannels(handle.db)).map((channel) => channel.channelCode),
      ['sim'],
    );
  } finally {
    await handle.close();
  }

  const again = await start();
  try {
    assert.doesNotMatch(again.output(), /configured the channel/);
    assert.deepEqual(parseEnv(readFileSync(path.join(dataDir, 'simulator.env'), 'utf8')), simulator, 'the file is not rewritten');
  } finally {
    assert.equal(await again.stop(), 0);
  }
});
