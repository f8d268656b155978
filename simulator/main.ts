/**
 * `npm run simulator`: the Nuonuo-compatible channel simulator on a local
 * port, until Ctrl-C. Settings (flags win over the environment):
 *
 *   --port N            SIM_PORT               port (default 8081)
 *   --channel CODE      SIM_CHANNEL            fapiao-hub's code of this channel (default nuonuo)
 *                       SIM_APP_KEY, SIM_APP_SECRET, SIM_ACCESS_TOKEN
 *                                              the credentials it expects (default: made up at start, printed)
 *                       SIM_USER_TAX           the seller it is authorised for (default: any)
 *   --hub URL           SIM_HUB_URL            fapiao-hub to push red invoices to (default http://127.0.0.1:3000)
 *                       SIM_HUB_APP_KEY, SIM_HUB_APP_SECURITY
 *                                              an app of fapiao-hub with the scopes push and read
 *                                              (unset: nothing is pushed)
 *   --confirmation none|required|fail          what the bureau decides for new forms (default none: 01 无需确认)
 *   --callbacks                                call fapiao-hub back at /api/callbacks/nuonuo/{channel}
 *
 * Everything is kept in memory: a restart forgets every form.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startSimulator } from './simulator.ts';
import type { Confirmation } from './state.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    channel: { type: 'string' },
    hub: { type: 'string' },
    confirmation: { type: 'string' },
    callbacks: { type: 'boolean' },
  },
});

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

const port = Number(values.port ?? env('SIM_PORT') ?? '8081');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`simulator: --port/SIM_PORT ${JSON.stringify(values.port ?? env('SIM_PORT'))} is not a port\n`);
  process.exit(2);
}
const confirmation = values.confirmation ?? 'none';
if (!['none', 'required', 'fail'].includes(confirmation)) {
  process.stderr.write('simulator: --confirmation is none, required or fail\n');
  process.exit(2);
}
const channelCode = values.channel ?? env('SIM_CHANNEL') ?? 'nuonuo';
const appKey = env('SIM_APP_KEY') ?? `sim${randomBytes(6).toString('hex')}`;
const appSecret = env('SIM_APP_SECRET') ?? randomBytes(16).toString('hex');
const accessToken = env('SIM_ACCESS_TOKEN') ?? randomBytes(16).toString('hex');
const userTax = env('SIM_USER_TAX') ?? null;
const hubUrl = values.hub ?? env('SIM_HUB_URL') ?? 'http://127.0.0.1:3000';
const hubAppKey = env('SIM_HUB_APP_KEY');
const hubAppSecurity = env('SIM_HUB_APP_SECURITY');

const simulator = await startSimulator({
  port,
  appKey,
  appSecret,
  accessToken,
  userTax,
  channelCode,
  hub: hubAppKey && hubAppSecurity ? { url: hubUrl, appKey: hubAppKey, appSecurity: hubAppSecurity } : undefined,
  settings: { defaultConfirmation: confirmation as Confirmation, callbacks: values.callbacks ?? false },
});

const pushes =
  hubAppKey && hubAppSecurity
    ? `Red invoices are pushed to ${hubUrl} as channel ${channelCode}.`
    : `Nothing is pushed: give fapiao-hub an app for the simulator and restart with it:
  npm run -s cli -- app create --name simulator --scopes push,read --channels ${channelCode}
  SIM_HUB_APP_KEY=… SIM_HUB_APP_SECURITY=… npm run simulator`;
process.stdout.write(`Nuonuo simulator listening on ${simulator.url} (forms kept in memory)

Point fapiao-hub's channel ${channelCode} at it:
  CHANNEL_APP_SECRET=${appSecret} CHANNEL_ACCESS_TOKEN=${accessToken} \\
    npm run -s cli -- channel set ${channelCode} --adapter nuonuo --endpoint ${simulator.url} --app-key ${appKey}${userTax ? ` --user-tax ${userTax}` : ''}

${pushes}
Play the buyer and the network with ${simulator.url}/_sim/… (see the README: "Channels: adapters and the simulator").
`);

const stop = async () => {
  await simulator.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
