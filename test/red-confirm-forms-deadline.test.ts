/**
 * The 红字确认单 deadline (issue 12) with a short window (the settings'
 * `confirmWindowMs`, REDFLUSH_CONFIRM_HOURS in the server): a form still
 * waiting after it is recorded as 07 (source `deadline`) though the channel
 * still says 02, and its request ends `cancelled` with that reason.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import supertest from 'supertest';
import { assertValid } from './helpers/api.ts';
import { CONFIRMING_BUYER, type Loop, redFlushBody, startLoop } from './helpers/red-flush-loop.ts';

let loop: Loop;
const WINDOW_MS = 3000;

before(async () => {
  loop = await startLoop({ forms: { confirmWindowMs: WINDOW_MS } });
});
after(async () => {
  await loop?.close();
});

test('when nobody confirms our form before its deadline, then it is recorded as expired (07) and its request ends cancelled, though the channel still says 02', async () => {
  const blue = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER });
  const answer = await loop.redFlush(redFlushBody(loop, blue));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const id = answer.body.data.redFlushId as string;
  await loop.until(id, 'awaiting_confirmation');
  const view = await loop.until(id, 'cancelled');
  assert.match(String(view.lastAnswer?.message), /超过确认期限/);
  // The reason is fapiao-hub's, not an answer of the channel: no channel code goes with it (the last poll's is not kept).
  assert.equal(view.lastAnswer?.code, null);
  assert.deepEqual(view.events.at(-1)?.source, 'deadline');
  const response = await loop.app.http().get(`/api/openapi/v2/red-confirm-forms?origin=ours`).set('accessToken', loop.token.accessToken);
  assert.equal(response.status, 200);
  assertValid('RedConfirmFormPage', response.body);
  const form = (response.body.value.items as Record<string, unknown>[]).find((item) => item.redFlushId === id) as Record<string, unknown>;
  assert.deepEqual(
    { state: form.state, stateLabel: form.stateLabel, expired: form.expired, final: form.final, actions: form.actions },
    { state: '07', stateLabel: '作废（超72小时未确认）', expired: true, final: true, actions: [] },
  );
  const events = await sql<{ from_state: string | null; to_state: string; source: string }>`
    select from_state, to_state, source from red_confirm_form_events where form_id = ${form.id as string}::bigint order by id`.execute(
    loop.app.db,
  );
  assert.deepEqual(events.rows.at(-1), { from_state: '02', to_state: '07', source: 'deadline' });
  // The channel's bureau has its own 72 hours: it still says 02.
  assert.equal(loop.sim.state.forms.get(id)?.state, '02');
});

test('when the channel is asked about an expired form afterwards and still says 02, then the form stays 07 and its request keeps why it ended', async () => {
  const blue = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER });
  const answer = await loop.redFlush(redFlushBody(loop, blue));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const id = answer.body.data.redFlushId as string;
  const ended = await loop.until(id, 'cancelled');
  assert.match(String(ended.lastAnswer?.message), /超过确认期限/);
  const queries = () =>
    loop.sim.state.callsOf('queryInvoiceRedConfirm').filter((call) => (call.body as { billId?: string }).billId === id).length;
  const asked = queries();
  // The channel calls back about the form (as after a poll that was under way when the deadline passed): fapiao-hub asks it again.
  const body = new URLSearchParams({
    operater: 'redConfirmCallback',
    billId: id,
    content: JSON.stringify({ billId: id, billStatus: '02' }),
  }).toString();
  const callback = await supertest(loop.app.url)
    .post(`/api/callbacks/nuonuo/${loop.channel}`)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(body);
  assert.equal(callback.status, 200);
  await loop.waitFor('the channel was asked', () => queries() > asked);
  await loop.waitFor('the callback is processed', async () => {
    const { rows } = await sql<{ state: string }>`select state from channel_callbacks where body = ${body}`.execute(loop.app.db);
    return rows[0]?.state === 'processed';
  });
  const view = await loop.view(id);
  assert.equal(view.request.state, 'cancelled');
  assert.deepEqual(view.lastAnswer?.message, ended.lastAnswer?.message);
  assert.deepEqual(view.lastAnswer?.at, ended.lastAnswer?.at);
  const { rows } = await sql<{ state: string }>`select state from red_confirm_forms where request_id = ${id}`.execute(loop.app.db);
  assert.deepEqual(rows, [{ state: '07' }]);
});
