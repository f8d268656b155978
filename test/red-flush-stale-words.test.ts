/**
 * A word of the channel that was under way while the request or its
 * 红字确认单 moved on (a poll that asked just before the deadline, a
 * callback, a retried job) changes nothing that moved on: the request keeps
 * why it ended and the form's state it ended with, and the deadline expires
 * only a form that is still waiting. The interleavings are made exactly: the
 * test holds the request's row lock in a transaction of its own while the
 * stale word is applied.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { expiredForm } from '../src/jobs/red-confirm-form-channel.ts';
import { findFormByNames } from '../src/red-flush/forms.repository.ts';
import { DEFAULT_FORM_SETTINGS, type FormTracking } from '../src/red-flush/forms-queues.ts';
import { findChannelRequest } from '../src/red-flush/progress.repository.ts';
import { applyForm } from '../src/red-flush/progress.service.ts';
import { buildDetail, uniqueNumber } from './helpers/builders.ts';
import { CONFIRMING_BUYER, type Loop, redFlushBody, startLoop } from './helpers/red-flush-loop.ts';

let loop: Loop;
let tracking: FormTracking;

before(async () => {
  // Calls may be answered seconds late here (a refusal the simulator holds while the form moves on).
  loop = await startLoop({ timeoutMs: 10_000 });
  tracking = { jobs: loop.jobs, settings: DEFAULT_FORM_SETTINGS };
});
after(async () => {
  await loop?.close();
});

/** A request whose form waits for the buyer (02). */
async function waitingRequest(): Promise<string> {
  const blue = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER });
  const answer = await loop.redFlush(redFlushBody(loop, blue));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const id = answer.body.data.redFlushId as string;
  await loop.until(id, 'awaiting_confirmation');
  return id;
}

async function formOf(id: string) {
  const form = await findFormByNames(loop.app.db, { channelCode: loop.channel, requestId: id });
  assert.ok(form, `the form of request ${id}`);
  return form;
}

async function requestRow(id: string) {
  const { rows } = await sql<{ state: string; form_state: string | null; last_answer_message: string | null }>`
    select state, form_state, last_answer_message from red_flush_requests where id = ${id}`.execute(loop.app.db);
  return rows[0];
}

test('when the channel says 02 while the deadline ends the request, then its word is applied after, and the request keeps the form’s 07 and why it ended' +
  (process.env.DATABASE_URL ? '' : ' (skipped: needs DATABASE_URL, the embedded database runs one transaction at a time)'), {
  skip: !process.env.DATABASE_URL,
}, async () => {
  const id = await waitingRequest();
  const waiting = await formOf(id);
  // What the channel says (02), as a poll that asked just before the deadline holds it.
  const word = { ...expiredForm(waiting, ''), state: '02', message: null };
  const why = '超过确认期限（录入后 72 小时）未确认，已作废（fapiao-hub 按期限判定）';
  let applied: Promise<unknown> | undefined;
  await loop.app.db.transaction().execute(async (trx) => {
    // The deadline's transaction: the request's row lock first, then the form and the request end.
    await sql`select id from red_flush_requests where id = ${id} for update`.execute(trx);
    await sql`update red_confirm_forms set state = '07', message = ${why} where id = ${waiting.id}::bigint`.execute(trx);
    await sql`update red_flush_requests set state = 'cancelled', form_state = '07', last_answer_message = ${why}
        where id = ${id}`.execute(trx);
    const stale = await findChannelRequest(loop.app.db, id);
    assert.ok(stale);
    applied = applyForm(loop.app.db, stale, word, 'job', async () => {}, tracking);
    await sleep(300);
  });
  await applied;
  const after = await requestRow(id);
  assert.deepEqual(
    { state: after?.state, formState: after?.form_state, message: after?.last_answer_message },
    { state: 'cancelled', formState: '07', message: why },
  );
  assert.equal((await formOf(id)).state, '07');
  const { rows } = await sql<{ detail: { formState?: string } }>`
      select detail from red_flush_events where request_id = ${id} and from_state = 'cancelled'`.execute(loop.app.db);
  assert.deepEqual(rows, [], 'no event after the end');
});

test('when the deadline comes for a form the channel moved on from since it was read, then the form and its request are left as they are', async () => {
  const id = await waitingRequest();
  const waiting = await formOf(id);
  const confirmed = await fetch(`${loop.sim.url}/_sim/forms/${id}/confirm`, { method: 'POST' });
  assert.equal(confirmed.status, 200);
  const issued = await loop.until(id, 'issued');
  const form = await formOf(id);
  assert.notEqual(form.state, '02');
  const before = await requestRow(id);
  // The deadline job read the form while it waited (02), and expires it now.
  const request = await findChannelRequest(loop.app.db, id);
  assert.ok(request);
  await applyForm(loop.app.db, request, expiredForm(waiting, '超过确认期限'), 'job', async () => {}, tracking, { source: 'deadline' });
  const after = await requestRow(id);
  assert.deepEqual(
    { state: after?.state, message: after?.last_answer_message, expired: after?.form_state === '07' },
    { state: before?.state, message: before?.last_answer_message, expired: false },
  );
  const now = await formOf(id);
  assert.deepEqual({ state: now.state, message: now.message }, { state: form.state, message: form.message });
  const { rows } = await sql<{ n: string }>`
    select count(*)::text as n from red_confirm_form_events where form_id = ${form.id}::bigint and source = 'deadline'`.execute(
    loop.app.db,
  );
  assert.deepEqual(rows, [{ n: '0' }]);
  assert.equal((await loop.view(id)).lastAnswer?.message, issued.lastAnswer?.message);
});

test('when a red invoice is pushed while the open request it matches is ending, then it closes the next open request it answers' +
  (process.env.DATABASE_URL ? '' : ' (skipped: needs DATABASE_URL, the embedded database runs one transaction at a time)'), {
  skip: !process.env.DATABASE_URL,
}, async () => {
  // Forms that need no confirmation (01) and a channel that does not issue their red invoices itself: a red invoice
  // with no order number may then answer either request by its total (red-invoice-link.ts).
  loop.sim.state.settings.autoIssue = false;
  try {
    await closesTheNextRequest();
  } finally {
    loop.sim.state.settings.autoIssue = true;
  }
});

async function closesTheNextRequest(): Promise<void> {
  const blue = await loop.pushBlue();
  const half = { details: [{ detailRowNo: '1', amount: '50.00' }] };
  const ids: string[] = [];
  for (const _ of [1, 2]) {
    const asked = await loop.redFlush(redFlushBody(loop, blue, half));
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    ids.push(asked.body.data.redFlushId as string);
  }
  const [first, second] = ids as [string, string];
  for (const id of ids) await loop.waitFor(`the form of ${id} is 01`, async () => (await loop.view(id)).form?.state === '01');
  // A red invoice made elsewhere with the total both ask for (53.00), and no order number.
  const red = {
    ...blue,
    invoiceType: 1,
    invoiceNumber: `${String(blue.invoiceNumber).slice(0, 17)}903`,
    originalInvoiceCode: '',
    originalInvoiceNumber: blue.invoiceNumber,
    invoiceAmount: '-50.00',
    invoiceTaxAmount: '-3.00',
    invoiceTotalPriceTax: '-53.00',
    details: [buildDetail({ goodsCost: '-50.00', goodsVat: '-3.00', goodsNum: undefined, goodsPrice: undefined })],
  };
  let pushed: PromiseLike<{ status: number; body: unknown }> | undefined;
  await loop.app.db.transaction().execute(async (trx) => {
    // The first (the older, matched first) ends meanwhile: its row locked, cancelled, not yet committed.
    await sql`select id from red_flush_requests where id = ${first} for update`.execute(trx);
    await sql`update red_flush_requests set state = 'cancelled' where id = ${first}`.execute(trx);
    pushed = loop.app
      .push({ channelCode: loop.channel, serialNo: `SN-${uniqueNumber()}`, result: 0, data: [red] }, loop.token.accessToken)
      .then((response) => response);
    await sleep(300);
  });
  const response = await pushed;
  assert.deepEqual([response?.status, response?.body], [200, { value: true }]);
  const view = await loop.until(second, 'issued');
  assert.equal(view.redInvoice?.invoiceNumber, red.invoiceNumber);
  const { rows } = await sql<{ state: string; red_invoice_id: string | null }>`
      select state, red_invoice_id::text from red_flush_requests where id = ${first}`.execute(loop.app.db);
  assert.deepEqual(rows, [{ state: 'cancelled', red_invoice_id: null }]);
}

test('when the channel refuses our revoke after the buyer confirmed the form meanwhile, then the refusal is recorded with the form as it is then (04), not as it was asked (02)', async () => {
  const id = await waitingRequest();
  const waiting = await formOf(id);
  // The channel holds its refusal of the revoke for 3 s; the buyer confirms the form meanwhile.
  loop.sim.state.addFault({
    method: 'confirmInfoCancel',
    kind: 'refuse',
    code: 'E9103',
    message: '红字确认单状态已变更，不能撤销',
    delayMs: 3000,
  });
  const answer = loop.app
    .http()
    .post(`/api/openapi/v2/red-confirm-forms/${waiting.id}/revoke`)
    .set('accessToken', loop.token.accessToken)
    .set('Content-Type', 'application/json')
    .send('{}')
    .then((response) => response);
  await loop.waitFor('the channel was asked to revoke', () => loop.sim.state.callsOf('confirmInfoCancel').length > 0);
  loop.sim.state.buyerDecides(id, true);
  await loop.waitFor('the form is recorded confirmed', async () => (await formOf(id)).state !== '02');
  const events = async () =>
    (
      await sql<{ from_state: string | null; to_state: string; source: string; action: string | null; outcome: string | null }>`
        select from_state, to_state, source, action, detail->>'outcome' as outcome
        from red_confirm_form_events where form_id = ${waiting.id}::bigint order by id`.execute(loop.app.db)
    ).rows;
  await loop.waitFor('the refusal is recorded', async () => (await events()).some((event) => event.outcome === 'refused'));
  const response = await answer;
  assert.ok([200, 202].includes(response.status), JSON.stringify(response.body));
  const recorded = await events();
  const refusal = recorded.findIndex((event) => event.outcome === 'refused');
  const confirmed = recorded.findIndex((event) => event.from_state === '02' && event.to_state === '04');
  assert.ok(confirmed >= 0 && confirmed < refusal, JSON.stringify(recorded));
  assert.deepEqual(recorded[refusal], { from_state: '04', to_state: '04', source: 'api', action: 'revoke', outcome: 'refused' });
  assert.equal(loop.sim.state.callsOf('confirmInfoCancel').length, 1);
});
