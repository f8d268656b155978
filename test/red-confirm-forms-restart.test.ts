/**
 * A server restart with a 红字确认单 in flight (issue 12): fapiao-hub as its
 * own process (`src/server.ts`) syncs a buyer's form (03) and is killed
 * (SIGKILL: no shutdown at all); the buyer revokes it at the channel; a new
 * process on the same database, without any sync, finds the form's poll
 * waiting in the queue and records 08. On Postgres (DATABASE_URL) or on the
 * embedded database in a data directory of its own.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildPush } from './helpers/builders.ts';
import { digitalBlue, killed, restartHarness, waitFor } from './helpers/restart.ts';
import type { ServerProcess } from './helpers/server-process.ts';

const CHANNEL = 'nuonuo-forms';
const harness = restartHarness({
  code: CHANNEL,
  credentials: { appKey: 'forms-app', appSecret: 'forms-secret-1a2b', accessToken: 'forms-token-3c4d' },
});
after(() => harness.cleanup());

interface Form {
  id: string;
  billId: string;
  state: string;
  final: boolean;
  origin: string;
  events: { fromState: string | null; toState: string; source: string }[];
}

test('when the server is killed with a buyer form in flight, then after a restart its poll resumes and records what became of it', async () => {
  const restart = await harness.prepare({ REDFLUSH_FORM_POLL_SECONDS: '1' });
  const sim = await restart.startChannel();

  // The first process syncs every 2 seconds.
  let server: ServerProcess = await restart.start({ REDFLUSH_FORM_SYNC_INTERVAL_SECONDS: '2' });
  const call = async (method: string, route: string, body?: unknown) =>
    fetch(`${server.url}${route}`, {
      method,
      headers: { accessToken: restart.accessToken, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const blue = digitalBlue('2632');
  assert.equal((await call('POST', '/api/openapi/v2/invoicing', buildPush({ channelCode: CHANNEL, data: [blue] }))).status, 200);
  const entered = await sim.state.enterBuyerForm({ blueInvoiceNumber: blue.invoiceNumber });
  const synced = await waitFor('the sync recorded the buyer form', async () => {
    const response = await call('GET', '/api/openapi/v2/red-confirm-forms?origin=counterparty');
    const items = ((await response.json()) as { value: { items: Form[] } }).value.items;
    return items.find((form) => form.billId === entered.billId);
  });
  assert.equal(synced.state, '03');
  await killed(server);

  // Meanwhile the buyer revokes its form; the next process runs no sync at all.
  sim.state.buyerRevokes(entered.billId);
  server = await restart.start({ REDFLUSH_FORM_SYNC_INTERVAL_SECONDS: '0' });
  const form = await waitFor('the form is recorded revoked', async () => {
    const response = await call('GET', `/api/openapi/v2/red-confirm-forms/${synced.id}`);
    const value = ((await response.json()) as { value: Form }).value;
    return value.state === '08' ? value : undefined;
  });
  assert.equal(form.final, true);
  assert.deepEqual(form.events.at(-1), { ...form.events.at(-1), fromState: '03', toState: '08', source: 'poll' });
  assert.deepEqual(sim.state.failures, []);
  assert.equal(await server.stop(), 0);
});
