/**
 * A crash between acceptance and the channel call loses nothing and makes
 * the call once: fapiao-hub as its own process (`src/server.ts`), its
 * channel down when a red flush is accepted; the process is killed
 * (SIGKILL: no shutdown at all); the channel comes up; a new process on the
 * same database finds the job, calls the channel once, and the red invoice
 * the channel pushes back closes the request. On Postgres (DATABASE_URL) or
 * on the embedded database in a data directory of its own.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Simulator } from '../simulator/simulator.ts';
import { buildPush, type Json } from './helpers/builders.ts';
import { digitalBlue, killed, restartHarness, waitFor } from './helpers/restart.ts';
import type { ServerProcess } from './helpers/server-process.ts';

const CHANNEL = 'nuonuo-restart';
const METRICS_TOKEN = 'restart-metrics-token-0123456789';
const harness = restartHarness({
  code: CHANNEL,
  credentials: { appKey: 'restart-app', appSecret: 'restart-secret-1a2b', accessToken: 'restart-token-3c4d' },
});
after(() => harness.cleanup());

/** The database, the apps and the channel (down); the server waits at most 300 ms for the channel's answer. */
function prepare() {
  return harness.prepare({ REDFLUSH_SYNC_WAIT_MS: '300', METRICS_TOKEN });
}

/** Calls the server with the asking app's token (and the metrics token). */
function caller(server: () => ServerProcess, accessToken: string) {
  return (method: string, route: string, body?: Json) =>
    fetch(`${server().url}${route}`, {
      method,
      headers: { accessToken, 'content-type': 'application/json', authorization: `Bearer ${METRICS_TOKEN}` },
      ...(body && { body: JSON.stringify(body) }),
    });
}

/** Pushes a 数电 blue invoice of the channel and asks to red-flush it; the request's id. */
async function askRedFlush(call: ReturnType<typeof caller>): Promise<string> {
  const blue = digitalBlue('2631');
  const pushed = await call('POST', '/api/openapi/v2/invoicing', buildPush({ channelCode: CHANNEL, data: [blue] }));
  assert.equal(pushed.status, 200);
  const asked = await call('POST', '/api/openapi/v2/invoicing/oneKeyRedPunch', {
    channelCode: CHANNEL,
    reason: 1,
    invoiceTypeCode: 'FullDigitalNormal',
    sellerTaxNo: blue.sellerTaxNo,
    invoiceNumber: blue.invoiceNumber,
  });
  const answer = (await asked.json()) as { code: string; success: boolean; data: { redFlushId: string; state: string } };
  assert.equal(asked.status, 200, JSON.stringify(answer));
  assert.deepEqual([answer.code, answer.success], ['200', true]);
  assert.ok(['accepted', 'submitted'].includes(answer.data.state), answer.data.state);
  return answer.data.redFlushId;
}

interface View {
  request: { state: string };
  form: { state: string | null } | null;
  redInvoice: { invoiceNumber: string } | null;
  figures: Json;
  channelCalls: { method: string; outcome: string }[];
}

async function viewOf(call: ReturnType<typeof caller>, id: string): Promise<View> {
  const response = await call('GET', `/api/openapi/v2/red-flushes/${id}`);
  return ((await response.json()) as { value: View }).value;
}

test('when the server is killed between acceptance and the channel call, then after a restart the call is made once and the request ends issued', async () => {
  const restart = await prepare();
  let server: ServerProcess = await restart.start();
  const call = caller(() => server, restart.accessToken);
  const id = await askRedFlush(call);

  // The first attempt finds the channel down and fails (to be retried); then the process dies.
  await waitFor('the first attempt failed', async () => {
    const metrics = await (await call('GET', '/metrics')).text();
    return /^fapiao_jobs_total\{queue="red-flush-call",outcome="retried"\} [1-9]/m.test(metrics) ? true : undefined;
  });
  await sleep(300);
  await killed(server);

  // The channel comes up, pushing back to fapiao-hub's address; fapiao-hub starts again on the same database.
  const sim: Simulator = await restart.startChannel();
  server = await restart.start();

  const view = await waitFor('the request is issued', async () => {
    const value = await viewOf(call, id);
    return value.request.state === 'issued' ? value : undefined;
  });
  await sim.state.settled();
  assert.equal(sim.state.callsOf('saveInvoiceRedConfirm').length, 1, 'the channel was asked once, after the restart');
  assert.deepEqual([...sim.state.forms.keys()], [id]);
  assert.deepEqual(sim.state.failures, []);
  assert.equal(view.redInvoice?.invoiceNumber, sim.state.invoices.get(sim.state.forms.get(id)?.orderNo ?? '')?.invoiceNumber);
  assert.deepEqual(view.figures, { totalPriceTax: '106.00', redFlushedTotal: '106.00', heldByOpenRequests: '0', remaining: '0.00' });
  const applies = view.channelCalls.filter((entry) => entry.method.endsWith('saveInvoiceRedConfirm')).map((entry) => entry.outcome);
  assert.ok(applies.length >= 2, JSON.stringify(applies));
  assert.deepEqual(applies, [...applies.slice(0, -1).map(() => 'unavailable'), 'ok']);

  assert.equal(await server.stop(), 0);
});

test('when the server is killed while its call is at the channel, then the next attempt finds the pending call, asks the channel first, and never applies twice', async () => {
  const restart = await prepare();
  // The channel takes the form but its answer never comes; the bureau holds the form in 15 申请中 until the test settles it.
  const sim: Simulator = await restart.startChannel({ holdApplying: true });
  sim.state.addFault({ method: 'saveInvoiceRedConfirm', kind: 'timeout', process: true });
  let server: ServerProcess = await restart.start();
  const call = caller(() => server, restart.accessToken);
  const id = await askRedFlush(call);

  // The call reached the channel; the process dies before its answer (the call's record says pending).
  await waitFor('the channel got the call', async () => (sim.state.callsOf('saveInvoiceRedConfirm').length > 0 ? true : undefined));
  await killed(server);
  server = await restart.start();

  const calls = await waitFor('the form is found', async () => {
    const value = await viewOf(call, id);
    return value.form?.state === '15' ? value.channelCalls : undefined;
  });
  assert.deepEqual(
    calls.slice(0, 2).map((entry) => [entry.method, entry.outcome]),
    [
      ['nuonuo.OpeMplatform.saveInvoiceRedConfirm', 'pending'],
      ['nuonuo.OpeMplatform.queryInvoiceRedConfirm', 'ok'],
    ],
  );
  const settled = await fetch(`${sim.url}/_sim/forms/${id}/settle`, { method: 'POST' });
  assert.equal(settled.status, 200);
  const view = await waitFor('the request is issued', async () => {
    const value = await viewOf(call, id);
    return value.request.state === 'issued' ? value : undefined;
  });
  await sim.state.settled();
  assert.equal(sim.state.callsOf('saveInvoiceRedConfirm').length, 1, 'applied once');
  assert.deepEqual([...sim.state.forms.keys()], [id]);
  assert.deepEqual(sim.state.failures, []);
  assert.equal(view.channelCalls.filter((entry) => entry.method.endsWith('saveInvoiceRedConfirm')).length, 1);
  assert.equal(await server.stop(), 0);
});
