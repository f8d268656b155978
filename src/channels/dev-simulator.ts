/**
 * Development on the embedded database: a channel `sim` that points at the
 * bundled Nuonuo simulator's default address, so that the red-flush loop
 * runs on a fresh checkout without the CLI (which cannot open the embedded
 * database while the server runs).
 *
 * On a start on the embedded database where no channel `sim` exists yet,
 * the server makes up the credentials the simulator will expect, stores
 * the channel as `channel set` does (secrets encrypted), creates the app
 * `simulator` (scopes push and read, channel `sim` only) for the simulator
 * to push red invoices back with, and writes all of it to
 * `DATA_DIR/simulator.env` (mode 0600, next to the secrets key): `npm run
 * simulator:dev` starts the simulator with it. A channel `sim` that exists
 * (even one whose adapter was removed) is left alone, as is an existing app
 * `simulator` (then nothing is made). Never on Postgres.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SYSTEM_ACTOR } from '../audit/audit.service.ts';
import { createApp, listApps } from '../auth/auth.service.ts';
import type { Db } from '../db/database.ts';
import { findAdapterSettings } from './channels.repository.ts';
import { setChannel } from './channels.service.ts';

export const DEV_SIMULATOR_CHANNEL = 'sim';
export const DEV_SIMULATOR_APP = 'simulator';
/** `npm run simulator`'s default address. */
export const DEV_SIMULATOR_URL = 'http://127.0.0.1:8081';
export const DEV_SIMULATOR_ENV = 'simulator.env';

export interface DevSimulator {
  /** The env file written. */
  readonly file: string;
}

/** Sets up the channel `sim` and the app `simulator` once (see above); undefined when there was nothing to do. */
export async function ensureDevSimulator(
  db: Db,
  options: { readonly dataDir: string; readonly hubUrl: string; readonly secretsKey: () => Buffer },
): Promise<DevSimulator | undefined> {
  if (await findAdapterSettings(db, DEV_SIMULATOR_CHANNEL)) return undefined;
  if ((await listApps(db)).some((app) => app.name === DEV_SIMULATOR_APP)) return undefined;
  const channel = {
    appKey: `sim${randomBytes(6).toString('hex')}`,
    appSecret: randomBytes(16).toString('hex'),
    accessToken: randomBytes(16).toString('hex'),
  };
  const audited = { actor: SYSTEM_ACTOR, requestId: null };
  const app = await createApp(db, { name: DEV_SIMULATOR_APP, scopes: ['push', 'read'], channels: [DEV_SIMULATOR_CHANNEL] }, audited);
  await setChannel(db, DEV_SIMULATOR_CHANNEL, { adapter: 'nuonuo', endpoint: DEV_SIMULATOR_URL, ...channel }, options.secretsKey, audited);
  const file = path.join(options.dataDir, DEV_SIMULATOR_ENV);
  writeEnvFile(
    file,
    [
      'The bundled Nuonuo simulator as fapiao-hub\'s channel "sim" expects it (written by fapiao-hub on the embedded database).',
      'npm run simulator:dev   (node --env-file=<this file> simulator/main.ts)',
    ],
    {
      SIM_PORT: new URL(DEV_SIMULATOR_URL).port,
      SIM_CHANNEL: DEV_SIMULATOR_CHANNEL,
      SIM_APP_KEY: channel.appKey,
      SIM_APP_SECRET: channel.appSecret,
      SIM_ACCESS_TOKEN: channel.accessToken,
      SIM_HUB_URL: options.hubUrl,
      SIM_HUB_APP_KEY: app.appKey,
      SIM_HUB_APP_SECURITY: app.appSecurity,
    },
  );
  return { file };
}

/** A file of `NAME=value` lines (values of letters, digits and URL characters: no quoting), readable by its owner only. */
export function writeEnvFile(file: string, comments: readonly string[], values: Readonly<Record<string, string>>): void {
  const lines = [...comments.map((comment) => `# ${comment}`), ...Object.entries(values).map(([name, value]) => `${name}=${value}`)];
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
}
