/**
 * 红字确认单 as records (issue 12), through real HTTP against the Nuonuo
 * simulator: our forms to each end (confirmed and issued, rejected by the
 * buyer, revoked, refused), a buyer's form found by the sync, confirmed
 * (held) and another rejected, who may act, and bad input.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { sendFormSync } from '../src/red-flush/forms-queues.ts';
import { channelOrderNo } from '../src/red-flush/request-progress.ts';
import { assertValid } from './helpers/api.ts';
import { buildDetail, buildInvoice, buildPush } from './helpers/builders.ts';
import { signedInAs } from './helpers/console.ts';
import { CONFIRMING_BUYER, FAILING_BUYER, GOODS_CODE, type Loop, redFlushBody, SELLER, startLoop } from './helpers/red-flush-loop.ts';

let loop: Loop;
const BASE = '/api/openapi/v2/red-confirm-forms';

before(async () => {
  loop = await startLoop();
});
after(async () => {
  await loop?.close();
});

type Form = Record<string, unknown> & { id: string; state: string; redFlushId: string | null; events?: Record<string, unknown>[] };

const get = (path: string) => loop.app.http().get(path).set('accessToken', loop.token.accessToken);
const post = (path: string, body?: unknown) => {
  const request = loop.app.http().post(path).set('accessToken', loop.token.accessToken);
  return body === undefined ? request : request.set('Content-Type', 'application/json').send(JSON.stringify(body));
};

async function list(query: string): Promise<Form[]> {
  const response = await get(`${BASE}?${query}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assertValid('RedConfirmFormPage', response.body);
  return response.body.value.items as Form[];
}

async function detail(id: string): Promise<Form> {
  const response = await get(`${BASE}/${id}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assertValid('RedConfirmFormResponse', response.body);
  return response.body.value as Form;
}

/** Waits until our request's form is listed and satisfies `done`. */
async function formOfRequest(requestId: string, done: (form: Form) => boolean): Promise<Form> {
  let found: Form | undefined;
  await loop.waitFor(`the form of ${requestId} is as expected (it is ${found?.state})`, async () => {
    found = (await list('origin=ours&limit=100')).find((form) => form.redFlushId === requestId);
    return found !== undefined && done(found);
  });
  return detail((found as Form).id);
}

async function untilForm(id: string, done: (form: Form) => boolean): Promise<Form> {
  let found: Form | undefined;
  await loop.waitFor(`form ${id} is as expected (it is ${found?.state})`, async () => {
    found = await detail(id);
    return done(found);
  });
  return found as Form;
}

async function ask(blueOverrides: Record<string, unknown>) {
  const blue = await loop.pushBlue(blueOverrides);
  const answer = await loop.redFlush(redFlushBody(loop, blue));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return { blue, id: answer.body.data.redFlushId as string };
}

const summary = (form: Form, keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, form[key]]));
const KEYS = [
  'channelCode',
  'billId',
  'origin',
  'enteredBy',
  'state',
  'stateLabel',
  'final',
  'expired',
  'redFlushId',
  'held',
  'actions',
] as const;

test('when the buyer confirms our form (02 → 04), then the form is recorded to 04 and final once the red invoice is pushed', async () => {
  const { blue, id } = await ask({ buyerTaxNo: CONFIRMING_BUYER });
  const waiting = await formOfRequest(id, (form) => form.state === '02');
  assert.deepEqual(summary(waiting, KEYS), {
    channelCode: loop.channel,
    billId: id,
    origin: 'ours',
    enteredBy: 'seller',
    state: '02',
    stateLabel: '销方录入待购方确认',
    final: false,
    expired: false,
    redFlushId: id,
    held: false,
    actions: ['revoke', 'refresh'],
  });
  assert.deepEqual(waiting.blueInvoice, {
    id: waiting.blueInvoice && (waiting.blueInvoice as Form).id,
    invoiceCode: '',
    invoiceNumber: blue.invoiceNumber,
  });
  assert.equal(waiting.total, '106.00');
  assert.deepEqual(
    (await list(`redFlushId=${id}`)).map((form) => form.id),
    [waiting.id],
    'the request finds its form',
  );
  assert.equal(new Date(waiting.deadlineAt as string).getTime() - new Date(waiting.enteredAt as string).getTime(), 72 * 3_600_000);

  loop.sim.state.buyerDecides(id, true);
  const view = await loop.until(id, 'issued');
  const done = await untilForm(waiting.id, (form) => form.final === true);
  assert.deepEqual(done.redInvoice, {
    id: view.request.redInvoiceId,
    invoiceNumber: (view.redInvoice as { invoiceNumber: string }).invoiceNumber,
  });
  assert.deepEqual(done.actions, []);
  // Its events: recorded (null → 15 or 02), the buyer's 04 (when a poll saw it before the push), the push's red invoice.
  const events = (done.events ?? []).map((event) => [event.fromState, event.toState, event.source]);
  assert.equal(events[0]?.[0], null);
  const pushed = events.filter((event) => event[2] === 'push');
  assert.deepEqual(pushed, [[events.find((event) => event[2] === 'push')?.[0], '04', 'push']]);
  assert.equal(done.state, '04');
  const rows = await sql<{ origin: string; request_id: string; held: boolean }>`
    select origin, request_id, held from red_confirm_forms where id = ${waiting.id}::bigint`.execute(loop.app.db);
  assert.deepEqual(rows.rows, [{ origin: 'ours', request_id: id, held: false }]);
});

test('when a red invoice is pushed while our form was last seen 02, then the form is 04 with it, and the channel saying 02 later moves it back to nothing', async () => {
  const { blue, id } = await ask({ buyerTaxNo: CONFIRMING_BUYER });
  const waiting = await formOfRequest(id, (form) => form.state === '02');
  // The buyer confirmed and the channel issued the form's red invoice (its orderNo ours), before its word came: the push comes first.
  const red = buildInvoice({
    orderNo: channelOrderNo(id),
    invoiceType: 1,
    invoiceTypeCode: '02',
    invoiceCode: '',
    invoiceNumber: `27${String(Date.now()).padStart(18, '0')}`,
    sellerTaxNo: SELLER,
    originalInvoiceCode: '',
    originalInvoiceNumber: blue.invoiceNumber as string,
    invoiceAmount: '-100.00',
    invoiceTaxAmount: '-6.00',
    invoiceTotalPriceTax: '-106.00',
    details: [buildDetail({ taxTaxonomyCode: GOODS_CODE, goodsCost: '-100.00', goodsVat: '-6.00' })],
  });
  const pushed = await loop.app.push(buildPush({ channelCode: loop.channel, data: [red] }), loop.token.accessToken);
  assert.equal(pushed.status, 200, JSON.stringify(pushed.body));
  const view = await loop.until(id, 'issued');
  const issued = await untilForm(waiting.id, (form) => form.redInvoice !== null);
  assert.deepEqual(
    [issued.state, issued.final, issued.redInvoice],
    ['04', true, { id: view.request.redInvoiceId, invoiceNumber: red.invoiceNumber }],
  );
  // The channel still lists it 02 (the sync asks): a red invoice is issued only in 01 or 04, so 02 is stale.
  const syncsBefore = loop.sim.state.callsOf('queryInvoiceRedConfirm').length;
  await sendFormSync(loop.jobs, 'once');
  await loop.waitFor('the sync asked the channel', () => loop.sim.state.callsOf('queryInvoiceRedConfirm').length > syncsBefore);
  await loop.waitFor('the sync is done', async () => {
    const { rows } = await sql<{
      n: string;
    }>`select count(*)::text as n from pgboss.job where name = 'red-confirm-form-sync' and state in ('created', 'active', 'retry')`.execute(
      loop.app.db,
    );
    return rows[0]?.n === '0';
  });
  const after = await detail(waiting.id);
  assert.deepEqual([after.state, after.final, after.expired], ['04', true, false]);
  const back = (after.events ?? []).filter((event) => event.fromState === '04' && event.toState === '02');
  assert.deepEqual(back, []);
});

test('when the buyer rejects our form (05), then the form ends 05 and its request cancelled', async () => {
  const { id } = await ask({ buyerTaxNo: CONFIRMING_BUYER });
  const waiting = await formOfRequest(id, (form) => form.state === '02');
  loop.sim.state.buyerDecides(id, false);
  await loop.until(id, 'cancelled');
  const ended = await untilForm(waiting.id, (form) => form.state === '05');
  assert.deepEqual(summary(ended, ['state', 'stateLabel', 'final', 'expired', 'actions']), {
    state: '05',
    stateLabel: '作废（销方录入购方否认）',
    final: true,
    expired: false,
    actions: [],
  });
});

test('when we revoke our form in 02, then the channel is asked once, the form ends 08 and its request cancelled; who asked is recorded', async () => {
  const { id } = await ask({ buyerTaxNo: CONFIRMING_BUYER });
  const waiting = await formOfRequest(id, (form) => form.state === '02');
  const response = await post(`${BASE}/${waiting.id}/revoke`, {});
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assertValid('RedConfirmFormResponse', response.body);
  const form = response.body.value as Form;
  assert.deepEqual(summary(form, ['state', 'final', 'actions']), { state: '08', final: true, actions: [] });
  const events = (form.events ?? []).filter((event) => event.action === 'revoke');
  assert.deepEqual(
    // (The request's poll may have seen 08 before the action's answer was recorded: then that answer says 08 → 08.)
    events.map((event) => [event.source, event.toState, (event.actor as { type: string; name: string }).type]),
    [
      ['action', '02', 'app'],
      ['api', '08', 'app'],
    ],
  );
  assert.deepEqual(
    [events[0]?.fromState, events[0]?.detail],
    ['02', { requestId: events[0]?.detail && (events[0].detail as Record<string, unknown>).requestId }],
  );
  assert.equal(loop.sim.state.callsOf('confirmInfoCancel').length, 1);
  await loop.until(id, 'cancelled');
  const calls = await sql<{ operation: string; request_id: string; form_id: string }>`
    select operation, request_id, form_id::text from channel_calls where operation = 'cancel' and form_id = ${waiting.id}::bigint`.execute(
    loop.app.db,
  );
  assert.deepEqual(calls.rows, [{ operation: 'cancel', request_id: id, form_id: waiting.id }]);
  // Revoked again: the state says no (in Chinese), nothing is sent.
  const again = await post(`${BASE}/${waiting.id}/revoke`);
  assert.equal(again.status, 409);
  assert.equal(again.body.detail, '红字确认单状态为「08 作废（发起方已撤销）」，不能撤销');
  assert.equal(loop.sim.state.callsOf('confirmInfoCancel').length, 1);
});

test('when the bureau fails our form (16), then the form is recorded 16 and final', async () => {
  const { id } = await ask({ buyerTaxNo: FAILING_BUYER });
  await loop.until(id, 'refused');
  const form = await formOfRequest(id, (found) => found.state === '16');
  assert.deepEqual(summary(form, ['state', 'stateLabel', 'final', 'message']), {
    state: '16',
    stateLabel: '申请失败',
    final: true,
    message: '模拟申请失败',
  });
});

test('when a buyer enters forms against our invoices, then the sync records them (03); one confirmed holds its total, another rejected ends 06', async () => {
  const first = await loop.pushBlue();
  const second = await loop.pushBlue();
  const entered = await loop.sim.state.enterBuyerForm({ blueInvoiceNumber: first.invoiceNumber });
  const other = await loop.sim.state.enterBuyerForm({ blueInvoiceNumber: second.invoiceNumber });
  // An admin asks for a sync run now (as `cli forms sync` does); it is audited.
  const admin = await signedInAs(loop.app, 'admin');
  const sync = await admin.agent.post('/api/console/admin/red-confirm-forms/syncs').set('X-CSRF-Token', admin.csrfToken);
  assert.equal(sync.status, 202, JSON.stringify(sync.body));
  assert.deepEqual(sync.body, { value: { queued: sync.body.value.queued } });
  const audited = await sql<{ action: string; actor_name: string }>`
    select action, actor_name from audit_log where action = 'red_confirm_form.sync'`.execute(loop.app.db);
  assert.deepEqual(audited.rows, [{ action: 'red_confirm_form.sync', actor_name: admin.name }]);
  let found: Form[] = [];
  await loop.waitFor('the sync recorded both buyer forms', async () => {
    found = await list('origin=counterparty&state=03');
    return [entered.billId, other.billId].every((billId) => found.some((form) => form.billId === billId));
  });
  const form = found.find((candidate) => candidate.billId === entered.billId) as Form;
  const blueId = await sql<{ id: string }>`select id::text from invoices where invoice_number = ${first.invoiceNumber}`.execute(
    loop.app.db,
  );
  // The channel writes Beijing time to the second.
  const enteredAt = new Date(Math.floor(entered.enteredAt / 1000) * 1000);
  assert.deepEqual(form, {
    id: form.id,
    channelCode: loop.channel,
    billId: entered.billId,
    billNo: entered.billNo,
    billUuid: entered.billUuid,
    origin: 'counterparty',
    enteredBy: 'buyer',
    state: '03',
    stateLabel: '购方录入待销方确认',
    final: false,
    expired: false,
    operationStatus: null,
    message: null,
    redFlushId: null,
    blueInvoice: { id: blueId.rows[0]?.id, invoiceCode: '', invoiceNumber: first.invoiceNumber },
    seller: { taxNo: first.sellerTaxNo, name: first.sellerName },
    buyer: { taxNo: first.buyerTaxNo ?? null, name: first.buyerName },
    amount: '100.00',
    tax: '6.00',
    total: '106.00',
    reason: '1',
    enteredAt: enteredAt.toISOString(),
    deadlineAt: new Date(enteredAt.getTime() + 72 * 3_600_000).toISOString(),
    confirmedAt: null,
    held: false,
    redInvoice: null,
    actions: ['confirm', 'reject', 'refresh'],
    createdAt: form.createdAt,
    updatedAt: form.updatedAt,
  });
  const stored = await sql<Record<string, unknown>>`
    select origin, entered_by, request_id, blue_invoice_id::text, state, held, amount::text, tax::text, total::text
    from red_confirm_forms where id = ${form.id}::bigint`.execute(loop.app.db);
  assert.deepEqual(stored.rows, [
    {
      origin: 'counterparty',
      entered_by: 'buyer',
      request_id: null,
      blue_invoice_id: blueId.rows[0]?.id,
      state: '03',
      held: false,
      amount: '100.00',
      tax: '6.00',
      total: '106.00',
    },
  ]);

  const confirmed = await post(`${BASE}/${form.id}/confirm`, {});
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.equal(confirmed.body.value.state, '04');
  const confirmCalls = loop.sim.state.callsOf('confirm');
  assert.equal(confirmCalls.length, 1);
  const confirmBody = confirmCalls[0]?.body as Record<string, unknown> | undefined;
  assert.equal(confirmBody?.confirmAgreement, '1');
  // The simulator issues the red invoice of a confirmed electronic form and pushes it.
  const after = await untilForm(form.id, (seen) => seen.held === true || seen.final === true);
  assert.equal(after.state, '04');

  const rejectForm = found.find((candidate) => candidate.billId === other.billId) as Form;
  const rejected = await post(`${BASE}/${rejectForm.id}/reject`, { reason: '金额不符' });
  assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
  assert.deepEqual(summary(rejected.body.value, ['state', 'stateLabel', 'final']), {
    state: '06',
    stateLabel: '作废（购方录入销方否认）',
    final: true,
  });
  const sent = loop.sim.state.callsOf('confirm').at(-1)?.body as Record<string, unknown>;
  assert.deepEqual([sent.confirmAgreement, sent.confirmReason ?? sent.reason], ['0', '金额不符']);
  const audit = await sql<{ action: string; actor_type: string }>`
    select action, actor_type from audit_log where target = ${`red_confirm_form:${rejectForm.id}`}`.execute(loop.app.db);
  assert.deepEqual(audit.rows, [{ action: 'red_confirm_form.reject', actor_type: 'app' }]);
});

test('when a console viewer reads forms, then it may, but acting is refused 403 and no action is offered', async () => {
  const { id } = await ask({ buyerTaxNo: CONFIRMING_BUYER });
  const form = await formOfRequest(id, (found) => found.state === '02');
  const viewer = await signedInAs(loop.app, 'viewer');
  const read = await viewer.agent.get(`${BASE}/${form.id}`);
  assert.equal(read.status, 200, JSON.stringify(read.body));
  assert.deepEqual(read.body.value.actions, []);
  const refused = await viewer.agent.post(`${BASE}/${form.id}/revoke`).set('X-CSRF-Token', viewer.csrfToken).send({});
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  const events = await sql<{ n: string }>`
    select count(*)::text as n from red_confirm_form_events where form_id = ${form.id}::bigint and source = 'action'`.execute(loop.app.db);
  assert.equal(events.rows[0]?.n, '0');
  const operator = await signedInAs(loop.app, 'operator');
  const offered = await operator.agent.get(`${BASE}/${form.id}`);
  assert.deepEqual(offered.body.value.actions, ['revoke', 'refresh']);
});

test('when the input is bad, then the answer is 4xx naming the field in Chinese, and nothing changes', async () => {
  const badState = await get(`${BASE}?state=xyz`);
  assert.equal(badState.status, 400);
  assert.equal(badState.body.detail, 'state：应为 01–16 的状态代码（如 03）或 waiting（02 与 03）');
  const badId = await get(`${BASE}/abc`);
  assert.equal(badId.status, 400);
  assert.equal(badId.body.detail, 'id：应为红字确认单编号（正整数，如 "12"）');
  const undecodable = await get(`${BASE}/%ZZ`);
  assert.deepEqual([undecodable.status, undecodable.body.detail], [400, '路径参数不是合法的 URL 编码（%XX）']);
  const badDeadline = await get(`${BASE}?deadlineBefore=tomorrow`);
  assert.deepEqual(
    [badDeadline.status, badDeadline.body.detail],
    [400, 'deadlineBefore：应为毫秒时间戳、日期（如 2026-10-01）或带时区的时间（如 2026-10-01T08:00:00+08:00）'],
  );
  // A cursor of the right form whose instant is past what a date holds.
  const farCursor = Buffer.from(JSON.stringify([8_640_000_000_000_001, '1'])).toString('base64url');
  const far = await get(`${BASE}?cursor=${farCursor}`);
  assert.deepEqual([far.status, far.body.detail], [400, 'cursor：不是本接口给出的游标（请原样传回 nextCursor）']);
  const nul = await get(`${BASE}?sellerTaxNo=%00`);
  assert.deepEqual([nul.status, nul.body.detail], [400, 'sellerTaxNo：不能含 NUL 字符（\\u0000）']);
  const unknown = await get(`${BASE}/999999999`);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.detail, '红字确认单不存在');
  const { id } = await ask({ buyerTaxNo: CONFIRMING_BUYER });
  const form = await formOfRequest(id, (found) => found.state === '02');
  const noReason = await post(`${BASE}/${form.id}/reject`, {});
  assert.equal(noReason.status, 400);
  assert.match(noReason.body.detail, /reason.*[\u4e00-\u9fff]|[\u4e00-\u9fff].*reason/);
  const extra = await post(`${BASE}/${form.id}/confirm`, { agree: true });
  assert.equal(extra.status, 400);
  assert.deepEqual(extra.body.errors, [{ pointer: '/agree', message: 'agree：不是本接口的字段' }]);
  const ours = await post(`${BASE}/${form.id}/confirm`, {});
  assert.equal(ours.status, 409);
  assert.equal(ours.body.detail, '红字确认单状态为「02 销方录入待购方确认」，是销方录入的红字确认单，只能由购方确认');
  const events = await sql<{ n: string }>`
    select count(*)::text as n from red_confirm_form_events where form_id = ${form.id}::bigint and source = 'action'`.execute(loop.app.db);
  assert.equal(events.rows[0]?.n, '0');
});

test('when the channel confirms but its answer is lost, then the form is read back, never confirmed twice', async () => {
  const blue = await loop.pushBlue();
  const entered = await loop.sim.state.enterBuyerForm({ blueInvoiceNumber: blue.invoiceNumber });
  await sendFormSync(loop.jobs, 'once');
  let form: Form | undefined;
  await loop.waitFor('the sync recorded the buyer form', async () => {
    form = (await list('origin=counterparty&limit=100')).find((candidate) => candidate.billId === entered.billId);
    return form !== undefined;
  });
  const before = loop.sim.state.callsOf('confirm').length;
  // The simulator confirms, then the answer times out: the outcome is unknown to fapiao-hub.
  loop.sim.state.addFault({ method: 'confirm', kind: 'timeout', count: 1, process: true });
  const id = (form as Form).id;
  const response = await post(`${BASE}/${id}/confirm`);
  assert.ok([200, 202].includes(response.status), JSON.stringify(response.body));
  const confirmed = await untilForm(id, (seen) => seen.state === '04');
  // Held until its red invoice is known (the simulator issues one for a confirmed electronic form at once).
  assert.equal(confirmed.held, confirmed.redInvoice === null);
  assert.equal(loop.sim.state.callsOf('confirm').length, before + 1);
  const calls = await sql<{ operation: string; outcome: string }>`
    select operation, outcome from channel_calls where form_id = ${id}::bigint and operation in ('confirm', 'queryRedConfirm') order by id`.execute(
    loop.app.db,
  );
  // One confirm, its outcome unknown; then the form read back (the form's own polls may ask too).
  const confirms = calls.rows.filter((row) => row.operation === 'confirm');
  assert.deepEqual(confirms, [{ operation: 'confirm', outcome: 'unknown' }]);
  const afterConfirm = calls.rows.slice(calls.rows.findIndex((row) => row.operation === 'confirm') + 1);
  assert.ok(
    afterConfirm.some((row) => row.operation === 'queryRedConfirm' && row.outcome === 'ok'),
    JSON.stringify(calls.rows),
  );
  const answer = (confirmed.events ?? []).find((event) => event.source === 'api' && event.action === 'confirm');
  // (The form's own poll may have seen 04 first: the answer then says 04 → 04.)
  assert.deepEqual(answer && [answer.toState, (answer.detail as Record<string, unknown>).resolvedBy], ['04', 'query']);
});
