/**
 * A buyer's 红字确认单 against our blue invoice, end to end through real
 * HTTP and the Nuonuo simulator (issue 12): the buyer enters it (`POST
 * /_sim/buyer-forms`), the simulator calls back before any sync or poll,
 * the sync finds it again, we confirm it through the API, it then holds
 * its total (a red flush asking for more than what is left is refused),
 * and the red invoice the seller issues closes it once the channel pushes
 * it (told of first, the form holds on till the invoice is here). A form
 * we confirmed that the buyer then revokes (09) frees what it held.
 * The simulator's callbacks, the form's polls and the sync all look at the
 * same form: each state change is recorded once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { nuonuoAdapter } from '../src/channels/nuonuo/nuonuo.adapter.ts';
import { sendFormSync } from '../src/red-flush/forms-queues.ts';
import { assertValid } from './helpers/api.ts';
import { uniqueNumber } from './helpers/builders.ts';
import { CONFIRMING_BUYER, GOODS_CODE, LOOP_CREDENTIALS, type Loop, redFlushBody, SELLER, startLoop } from './helpers/red-flush-loop.ts';

let loop: Loop;
const BASE = '/api/openapi/v2/red-confirm-forms';
const ANSWER = { status: '0000', message: '同步成功' };

before(async () => {
  loop = await startLoop();
});
after(async () => {
  await loop?.close();
});

type Json = Record<string, unknown>;
type Form = Json & { id: string; state: string; held: boolean; redInvoice: Json | null; events: Json[] };

const get = (path: string) => loop.app.http().get(path).set('accessToken', loop.token.accessToken);

async function sim(path: string, body: unknown = {}): Promise<Json> {
  const response = await fetch(`${loop.sim.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Json;
  assert.ok(response.ok, JSON.stringify(answer));
  return answer;
}

async function formOfBill(billId: string): Promise<Form | undefined> {
  const response = await get(`${BASE}?origin=counterparty&limit=100`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const listed = (response.body.value.items as Form[]).find((form) => form.billId === billId);
  if (!listed) return undefined;
  const detail = await get(`${BASE}/${listed.id}`);
  assert.equal(detail.status, 200, JSON.stringify(detail.body));
  assertValid('RedConfirmFormResponse', detail.body);
  return detail.body.value as Form;
}

async function until(billId: string, what: string, done: (form: Form) => boolean): Promise<Form> {
  let found: Form | undefined;
  await loop.waitFor(`the form ${billId} ${what} (it is ${found?.state}, held ${found?.held})`, async () => {
    found = await formOfBill(billId);
    return found !== undefined && done(found);
  });
  return found as Form;
}

async function figures(blueId: string): Promise<Json> {
  const response = await get(`/api/openapi/v2/invoices/${blueId}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const { totalPriceTax, redFlushedTotal, heldByOpenRequests, remaining } = response.body.value.redFlush as Json;
  return { totalPriceTax, redFlushedTotal, heldByOpenRequests, remaining };
}

/** The state changes recorded for a form, in order, and how many events each source added. */
function changesOf(form: Form): { changes: [unknown, unknown][]; sources: Record<string, number> } {
  const changes = form.events.filter((event) => event.fromState !== event.toState).map((event) => [event.fromState, event.toState]);
  const sources: Record<string, number> = {};
  for (const event of form.events) sources[String(event.source)] = (sources[String(event.source)] ?? 0) + 1;
  return { changes: changes as [unknown, unknown][], sources };
}

test('when a buyer enters a form against our invoice and we confirm it, then it holds its total until the red invoice pushed closes it; callbacks, polls and the sync record each change once', async () => {
  // The seller issues the red invoice itself below (not at once on 04); the simulator calls back on every change.
  await sim('/_sim/settings', { autoIssue: false, callbacks: true });
  const blue = await loop.pushBlue();
  const blueId = (
    await sql<{ id: string }>`select id::text from invoices where invoice_number = ${blue.invoiceNumber as string}`.execute(loop.app.db)
  ).rows[0]?.id as string;
  assert.deepEqual(await figures(blueId), { totalPriceTax: '106.00', redFlushedTotal: '0', heldByOpenRequests: '0', remaining: '106.00' });

  // The buyer enters it: the simulator's callback makes fapiao-hub look it up, before any sync.
  const entered = await sim('/_sim/buyer-forms', { blueInvoiceNumber: blue.invoiceNumber, redReason: '1' });
  const billId = entered.billId as string;
  const seen = await until(billId, 'is recorded from the callback', () => true);
  assert.deepEqual(
    seen.events.map((event) => [event.fromState, event.toState, event.source]),
    [[null, '03', 'callback']],
  );
  // The sync then finds it as it is: nothing new.
  await sendFormSync(loop.jobs, 'once');
  await loop.waitFor('the sync ran', async () => {
    const { rows } = await sql<{ n: string }>`
      select count(*)::text as n from channel_calls where operation = 'queryRedConfirms' and outcome = 'ok'`.execute(loop.app.db);
    return rows[0]?.n !== '0';
  });
  const waiting = await until(billId, 'waits for us', (form) => form.state === '03');
  assert.deepEqual(
    [waiting.held, waiting.actions, waiting.total, waiting.redInvoice],
    [false, ['confirm', 'reject', 'refresh'], '106.00', null],
  );

  // Confirmed through the API: 04, and it holds its total against the blue invoice.
  const confirmed = await loop.app
    .http()
    .post(`${BASE}/${waiting.id}/confirm`)
    .set('accessToken', loop.token.accessToken)
    .set('Content-Type', 'application/json')
    .send('{}');
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assertValid('RedConfirmFormResponse', confirmed.body);
  assert.deepEqual(
    [confirmed.body.value.state, confirmed.body.value.held, confirmed.body.value.final, confirmed.body.value.actions],
    ['04', true, false, ['refresh']],
  );
  assert.deepEqual(await figures(blueId), {
    totalPriceTax: '106.00',
    redFlushedTotal: '0',
    heldByOpenRequests: '106.00',
    remaining: '0.00',
  });

  // Asking for a red flush of what it holds is refused, and nothing is stored.
  const requestsBefore = await sql<{ n: string }>`select count(*)::text as n from red_flush_requests`.execute(loop.app.db);
  const refused = await loop.redFlush(redFlushBody(loop, blue));
  assert.equal(refused.status, 400, JSON.stringify(refused.body));
  assert.deepEqual(refused.body.data, {
    reason: 'insufficient_remaining',
    totalPriceTax: '106.00',
    redFlushedTotal: '0',
    heldByOpenRequests: '106.00',
    remaining: '0.00',
    requested: null,
  });
  assert.match(refused.body.msg, /剩余可红冲金额不足/);
  const requestsAfter = await sql<{ n: string }>`select count(*)::text as n from red_flush_requests`.execute(loop.app.db);
  assert.deepEqual(requestsAfter.rows, requestsBefore.rows);

  // A callback after the polls saw 04 asks the channel again and changes nothing.
  await loop.sim.state.settled();
  const again = await loop.app
    .http()
    .post(`/api/callbacks/nuonuo/${loop.channel}`)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(
      new URLSearchParams({ operater: 'redConfirmCallback', billId, content: JSON.stringify({ billId, billStatus: '04' }) }).toString(),
    );
  assert.deepEqual([again.status, again.body], [200, ANSWER]);
  await loop.waitFor('every callback of the form is processed', async () => {
    const { rows } = await sql<{ state: string }>`
      select state from channel_callbacks where body like ${`%${billId}%`}`.execute(loop.app.db);
    return rows.length >= 3 && rows.every((row) => row.state === 'processed');
  });

  // The seller issues the red invoice; the channel tells of it before it pushes it: the form holds on till the invoice is here.
  await sim('/_sim/settings', { pushInvoices: false });
  await sim(`/_sim/forms/${billId}/issue`);
  const told = await until(billId, 'knows its red invoice number', (form) => form.redInvoice !== null);
  assert.deepEqual([told.state, told.held, (told.redInvoice as Json).id], ['04', true, null]);
  assert.deepEqual(await figures(blueId), {
    totalPriceTax: '106.00',
    redFlushedTotal: '0',
    heldByOpenRequests: '106.00',
    remaining: '0.00',
  });
  const stillRefused = await loop.redFlush(redFlushBody(loop, blue));
  assert.deepEqual([stillRefused.status, stillRefused.body.data?.reason], [400, 'insufficient_remaining']);
  // Pushed: it closes the form.
  await sim(`/_sim/invoices/${billId}/push`);
  const closed = await until(billId, 'is closed by its red invoice', (form) => form.redInvoice?.id != null && !form.held);
  const red = await sql<{ id: string; invoice_number: string }>`
    select id::text, invoice_number from invoices where original_invoice_number = ${blue.invoiceNumber as string}`.execute(loop.app.db);
  assert.equal(red.rows.length, 1);
  const redInvoice = red.rows[0] as { id: string; invoice_number: string };
  assert.deepEqual(
    [closed.state, closed.held, closed.final, closed.actions, closed.redInvoice],
    ['04', false, true, [], { id: redInvoice.id, invoiceNumber: redInvoice.invoice_number }],
  );
  const { rows: stored } = await sql<Json>`
    select state, held, red_invoice_id::text, red_invoice_number from red_confirm_forms where id = ${closed.id}::bigint`.execute(
    loop.app.db,
  );
  assert.deepEqual(stored, [{ state: '04', held: false, red_invoice_id: redInvoice.id, red_invoice_number: redInvoice.invoice_number }]);
  assert.deepEqual(await figures(blueId), {
    totalPriceTax: '106.00',
    redFlushedTotal: '106.00',
    heldByOpenRequests: '0',
    remaining: '0.00',
  });

  // Each change once, whoever saw it first; the sync and the later callback added no event.
  await loop.sim.state.settled();
  const { changes, sources } = changesOf(await until(billId, 'is final', (form) => form.final === true));
  assert.deepEqual(changes, [
    [null, '03'],
    ['03', '04'],
  ]);
  assert.equal(sources.sync, undefined, JSON.stringify(sources));
  assert.equal(sources.action, 1, JSON.stringify(sources));
  assert.equal(loop.sim.state.callsOf('confirm').length, 1);
});

/** The id of the stored blue invoice with this number. */
async function blueIdOf(blue: Json): Promise<string> {
  const { rows } = await sql<{ id: string }>`select id::text from invoices where invoice_number = ${blue.invoiceNumber as string}`.execute(
    loop.app.db,
  );
  return rows[0]?.id as string;
}

/** The buyer's form for 30.00 + 1.80 of row 1, recorded waiting for us (03). */
async function buyerFormOf30(blue: Json): Promise<Form> {
  const entered = await sim('/_sim/buyer-forms', {
    blueInvoiceNumber: blue.invoiceNumber,
    redReason: '4',
    detail: [
      { blueDetailIndex: '1', goodsName: '服务', taxRate: '0.06', goodsCode: GOODS_CODE, taxExcludedAmount: '-30.00', taxAmount: '-1.80' },
    ],
  });
  await sendFormSync(loop.jobs, 'once');
  return until(entered.billId as string, 'waits for us', (form) => form.state === '03');
}

const confirm = (formId: string) =>
  loop.app
    .http()
    .post(`${BASE}/${formId}/confirm`)
    .set('accessToken', loop.token.accessToken)
    .set('Content-Type', 'application/json')
    .send('{}');

test('when the red invoice of a buyer form we confirmed names that form, then it closes the form, not our request of the same total whose form still waits for the buyer', async () => {
  await sim('/_sim/settings', { autoIssue: false, callbacks: false, pushInvoices: true });
  const blue = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER });
  const blueId = await blueIdOf(blue);
  const ours = await loop.redFlush(redFlushBody(loop, blue, { details: [{ detailRowNo: '1', amount: '30.00' }] }));
  assert.equal(ours.status, 200, JSON.stringify(ours.body));
  const id = ours.body.data.redFlushId as string;
  await loop.until(id, 'awaiting_confirmation');
  const theirs = await buyerFormOf30(blue);
  const confirmed = await confirm(theirs.id);
  assert.deepEqual([confirmed.status, confirmed.body.value?.state, confirmed.body.value?.held], [200, '04', true]);
  assert.deepEqual(await figures(blueId), {
    totalPriceTax: '106.00',
    redFlushedTotal: '0',
    heldByOpenRequests: '63.60',
    remaining: '42.40',
  });

  // The seller issues the buyer form's red invoice; the channel pushes it with the form's billId as its orderNo.
  await sim(`/_sim/forms/${theirs.billId}/issue`);
  const closed = await until(theirs.billId as string, 'is closed by its red invoice', (form) => form.redInvoice?.id != null && !form.held);
  const linked = closed.events.find((event) => event.source === 'push');
  assert.equal((linked?.detail as Json | undefined)?.matchedBy, 'orderNo');
  const view = await loop.view(id);
  assert.deepEqual([view.request.state, view.request.redInvoiceId, view.form?.state], ['awaiting_confirmation', null, '02']);
  assert.deepEqual(await figures(blueId), {
    totalPriceTax: '106.00',
    redFlushedTotal: '31.80',
    heldByOpenRequests: '31.80',
    remaining: '42.40',
  });
  const { rows } = await sql<Json>`
    select origin, state, held, red_invoice_id is not null as linked from red_confirm_forms
    where blue_invoice_id = ${blueId}::bigint order by id`.execute(loop.app.db);
  assert.deepEqual(rows, [
    { origin: 'ours', state: '02', held: false, linked: false },
    { origin: 'counterparty', state: '04', held: false, linked: true },
  ]);
});

test('when what is left does not cover a buyer form, then confirming it is refused (409, with the figures), and nothing is recorded or sent', async () => {
  await sim('/_sim/settings', { autoIssue: false, callbacks: false, pushInvoices: true });
  const blue = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER });
  const blueId = await blueIdOf(blue);
  // Our request holds 90.10 of the 106.00; the buyer's form asks for 31.80.
  const ours = await loop.redFlush(redFlushBody(loop, blue, { details: [{ detailRowNo: '1', amount: '85.00' }] }));
  assert.equal(ours.status, 200, JSON.stringify(ours.body));
  await loop.until(ours.body.data.redFlushId as string, 'awaiting_confirmation');
  const theirs = await buyerFormOf30(blue);
  const count = async () =>
    (
      await sql<{ events: string; audits: string }>`
        select (select count(*) from red_confirm_form_events where form_id = ${theirs.id}::bigint)::text as events,
          (select count(*) from audit_log where target = ${`red_confirm_form:${theirs.id}`})::text as audits`.execute(loop.app.db)
    ).rows[0];
  const before = await count();
  const confirmsBefore = loop.sim.state.callsOf('confirm').length;

  const refused = await confirm(theirs.id);
  assert.equal(refused.status, 409, JSON.stringify(refused.body));
  assert.deepEqual(
    [refused.body.code, refused.body.detail],
    [
      'conflict',
      `发票号码：${blue.invoiceNumber} 剩余可红冲金额不足，不能确认：价税合计 106.00，已红冲 0.00，待开中的红冲 90.10，剩余可红冲 15.90，本红字确认单 31.80`,
    ],
  );
  assert.deepEqual(await count(), before);
  assert.equal(loop.sim.state.callsOf('confirm').length, confirmsBefore);
  const after = await formOfBill(theirs.billId as string);
  assert.deepEqual([after?.state, after?.held, after?.actions], ['03', false, ['confirm', 'reject', 'refresh']]);
  assert.deepEqual(await figures(blueId), {
    totalPriceTax: '106.00',
    redFlushedTotal: '0',
    heldByOpenRequests: '90.10',
    remaining: '15.90',
  });
});

test('when the seller applied for a form outside fapiao-hub and it needs no confirmation (01), then it holds its total as soon as the sync records it: a red flush of the same invoice is refused', async () => {
  await sim('/_sim/settings', { autoIssue: false, callbacks: false, pushInvoices: true });
  const blue = await loop.pushBlue();
  const blueId = await blueIdOf(blue);
  // Another system (or the channel's own web pages) applies for it: a signed call to the channel, as Nuonuo wants it.
  const elsewhere = nuonuoAdapter({
    channelCode: loop.channel,
    endpoint: loop.sim.url,
    ...LOOP_CREDENTIALS,
    userTax: SELLER,
    connectTimeoutMs: 1000,
    timeoutMs: 3000,
  });
  const billId = `EXT${uniqueNumber()}`;
  const applied = await elsewhere.applyRedConfirm({
    billId,
    blue: { invoiceTypeCode: '02', invoiceCode: '', invoiceNumber: blue.invoiceNumber as string },
    reason: '2',
    seller: { taxNo: SELLER, name: blue.sellerName as string },
    buyer: { taxNo: blue.buyerTaxNo as string, name: blue.buyerName as string },
    rows: null,
    orderNo: null,
  });
  assert.equal(applied.outcome, 'ok', JSON.stringify(applied));
  await sendFormSync(loop.jobs, 'once');
  const seen = await until(billId, 'is recorded in 01', (form) => form.state === '01');
  assert.deepEqual([seen.origin, seen.held, seen.total], ['counterparty', true, '106.00']);
  assert.deepEqual(await figures(blueId), {
    totalPriceTax: '106.00',
    redFlushedTotal: '0',
    heldByOpenRequests: '106.00',
    remaining: '0.00',
  });
  const refused = await loop.redFlush(redFlushBody(loop, blue));
  assert.deepEqual([refused.status, refused.body.data?.reason], [400, 'insufficient_remaining']);
});

test('when the buyer revokes a form we confirmed (09) before its red invoice, then it ends, holds no more, and what it held is free again', async () => {
  await sim('/_sim/settings', { autoIssue: false, callbacks: false, pushInvoices: true });
  const blue = await loop.pushBlue();
  const blueId = (
    await sql<{ id: string }>`select id::text from invoices where invoice_number = ${blue.invoiceNumber as string}`.execute(loop.app.db)
  ).rows[0]?.id as string;
  const entered = await sim('/_sim/buyer-forms', { blueInvoiceNumber: blue.invoiceNumber });
  const billId = entered.billId as string;
  await sendFormSync(loop.jobs, 'once');
  const waiting = await until(billId, 'is synced', (form) => form.state === '03');
  const confirmed = await loop.app
    .http()
    .post(`${BASE}/${waiting.id}/confirm`)
    .set('accessToken', loop.token.accessToken)
    .set('Content-Type', 'application/json')
    .send('{}');
  assert.deepEqual([confirmed.status, confirmed.body.value?.state, confirmed.body.value?.held], [200, '04', true]);
  assert.deepEqual(await figures(blueId), {
    totalPriceTax: '106.00',
    redFlushedTotal: '0',
    heldByOpenRequests: '106.00',
    remaining: '0.00',
  });

  // The buyer revokes it after confirmation: its poll records 09, and it holds nothing.
  await sim(`/_sim/forms/${billId}/revoke`);
  const revoked = await until(billId, 'is revoked', (form) => form.state === '09');
  assert.deepEqual(
    [revoked.stateLabel, revoked.final, revoked.held, revoked.actions, revoked.redInvoice],
    ['作废（确认后撤销）', true, false, [], null],
  );
  const { rows } = await sql<Json>`select state, held from red_confirm_forms where id = ${revoked.id}::bigint`.execute(loop.app.db);
  assert.deepEqual(rows, [{ state: '09', held: false }]);
  assert.deepEqual(await figures(blueId), { totalPriceTax: '106.00', redFlushedTotal: '0', heldByOpenRequests: '0', remaining: '106.00' });
  assert.deepEqual(changesOf(revoked).changes, [
    [null, '03'],
    ['03', '04'],
    ['04', '09'],
  ]);
  // What it held may be asked for again.
  const request = await loop.redFlush(redFlushBody(loop, blue));
  assert.equal(request.status, 200, JSON.stringify(request.body));
});

test('when the channel takes our confirm but has not decided (确认中), then the form holds its total meanwhile, and no second confirm or reject is offered or sent until it has', async () => {
  await sim('/_sim/settings', { autoIssue: false, callbacks: false, pushInvoices: true, slowConfirm: true });
  try {
    const blue = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER });
    const blueId = await blueIdOf(blue);
    const waiting = await buyerFormOf30(blue);
    const billId = waiting.billId as string;
    const confirm = () =>
      loop.app
        .http()
        .post(`${BASE}/${waiting.id}/confirm`)
        .set('accessToken', loop.token.accessToken)
        .set('Content-Type', 'application/json')
        .send('{}');
    const before = loop.sim.state.callsOf('confirm').length;
    const taken = await confirm();
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
    assert.deepEqual(
      [taken.body.value.state, taken.body.value.operationStatus, taken.body.value.held, taken.body.value.actions],
      ['03', '03', true, ['refresh']],
    );
    // Confirmed by us, not yet by the bureau: it holds its 31.80, so a request now asks for what is left after it.
    assert.deepEqual(await figures(blueId), {
      totalPriceTax: '106.00',
      redFlushedTotal: '0',
      heldByOpenRequests: '31.80',
      remaining: '74.20',
    });
    const tooMuch = await loop.redFlush(redFlushBody(loop, blue, { details: [{ detailRowNo: '1', amount: '70.01' }] }));
    // Row 1 has 70.00 left once the form's 30.00 of it is counted.
    assert.deepEqual(
      [tooMuch.status, tooMuch.body.msg],
      [
        400,
        `发票号码：${blue.invoiceNumber} 剩余可红冲金额不足：红冲金额(details[0].amount)：第 1 行剩余可红冲金额（不含税）70.00，不足 70.01`,
      ],
    );
    // All that is left: sent with the rows the form left (row 1: 100.00 − 30.00), as the channel wants a form after a partial one.
    const ours = await loop.redFlush(redFlushBody(loop, blue));
    assert.equal(ours.status, 200, JSON.stringify(ours.body));
    assert.deepEqual([ours.body.data.kind, ours.body.data.total], ['full', '74.20']);
    const sent = await loop.until(ours.body.data.redFlushId as string, 'awaiting_confirmation');
    assert.deepEqual(
      sent.rows.map((row) => [row.detailRowNo, row.amount, row.tax]),
      [['1', '-70.00', '-4.20']],
    );
    const [applied] = loop.sim.state
      .callsOf('saveInvoiceRedConfirm')
      .filter((call) => (call.body as Json).billId === ours.body.data.redFlushId);
    assert.deepEqual(
      ((applied as { body: Json }).body.detail as Json[]).map((row) => [row.blueDetailIndex, row.taxExcludedAmount, row.taxAmount]),
      [['1', '-70.00', '-4.20']],
    );
    // The sync that sees it still 确认中 keeps the hold.
    const seenAt = async () =>
      (
        await sql<{ at: Date }>`select last_seen_at as at from red_confirm_forms where id = ${waiting.id}::bigint`.execute(loop.app.db)
      ).rows[0]?.at.getTime() ?? 0;
    const seenBefore = await seenAt();
    await sendFormSync(loop.jobs, 'once');
    await loop.waitFor('the sync to have seen the form', async () => (await seenAt()) > seenBefore);
    assert.deepEqual([(await formOfBill(billId))?.held, (await figures(blueId)).remaining], [true, '0.00']);
    const again = await confirm();
    assert.deepEqual([again.status, again.body.detail], [409, '红字确认单状态为「03 购方录入待销方确认」，渠道正在确认中，不能确认']);
    const reject = await loop.app
      .http()
      .post(`${BASE}/${waiting.id}/reject`)
      .set('accessToken', loop.token.accessToken)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ reason: '改主意了' }));
    assert.equal(reject.status, 409, JSON.stringify(reject.body));
    assert.equal(loop.sim.state.callsOf('confirm').length, before + 1);

    // The bureau decides: the form's poll records 04, and it holds its total.
    await sim(`/_sim/forms/${billId}/decide`);
    const decided = await until(billId, 'is confirmed', (form) => form.state === '04');
    assert.deepEqual([decided.operationStatus, decided.held, decided.actions], [null, true, ['refresh']]);
    assert.equal((await figures(blueId)).remaining, '0.00');
  } finally {
    await sim('/_sim/settings', { slowConfirm: false });
  }
});

test('when the channel refuses our confirm, then the form holds nothing any more and what it held from the ask is free again', async () => {
  await sim('/_sim/settings', { autoIssue: false, callbacks: false, pushInvoices: true });
  const blue = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER });
  const blueId = await blueIdOf(blue);
  const waiting = await buyerFormOf30(blue);
  loop.sim.state.addFault({ method: 'confirm', kind: 'refuse', code: 'E9999', message: '红字确认单状态已变更，不能确认' });
  const refused = await confirm(waiting.id);
  assert.ok([200, 202].includes(refused.status), JSON.stringify(refused.body));
  const after = await until(waiting.billId as string, 'has the refusal recorded', (form) =>
    form.events.some((event) => event.source === 'api' && (event.detail as Json).outcome === 'refused'),
  );
  assert.deepEqual([after.state, after.held, after.actions], ['03', false, ['confirm', 'reject', 'refresh']]);
  assert.deepEqual(await figures(blueId), { totalPriceTax: '106.00', redFlushedTotal: '0', heldByOpenRequests: '0', remaining: '106.00' });
});
