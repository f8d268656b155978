/**
 * One-key red flush end to end, real HTTP both ways: an app asks
 * fapiao-hub; the job asks the channel (the Nuonuo simulator on a loopback
 * port, every call signed and checked); the simulator plays the bureau and
 * the buyer, issues the red invoice and pushes it back with an app of its
 * own; the push closes the request. Faults are the simulator's: timeouts,
 * refusals, a channel that is down, a form that exists already.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { sql } from 'kysely';
import supertest from 'supertest';
import { nuonuoAdapter } from '../src/channels/nuonuo/nuonuo.adapter.ts';
import { channelOrderNo } from '../src/red-flush/request-progress.ts';
import { assertValid } from './helpers/api.ts';
import { buildDetail, type Json, uniqueNumber } from './helpers/builders.ts';
import {
  CONFIRMING_BUYER,
  closedPort,
  FAILING_BUYER,
  GOODS_CODE,
  type Loop,
  type RedFlushView,
  redFlushBody,
  SELLER,
  startLoop,
} from './helpers/red-flush-loop.ts';

let loop: Loop;

before(async () => {
  loop = await startLoop();
});
afterEach(async () => {
  loop.sim.state.faults.splice(0);
  Object.assign(loop.sim.state.settings, { holdApplying: false, autoIssue: true });
  await loop.pointChannelAt(loop.sim.url);
  assert.deepEqual(loop.sim.state.failures, [], 'every call reached the simulator signed and authorised');
});
after(async () => {
  await loop?.close();
});

const settle = (billId: string, body: Json = {}) =>
  fetch(`${loop.sim.url}/_sim/forms/${billId}/settle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const control = (path: string) => fetch(`${loop.sim.url}/_sim/${path}`, { method: 'POST' });

/** The simulator's calls of a method carrying this billId or orderNo. */
function simCalls(method: string, key: string): Json[] {
  return loop.sim.state
    .callsOf(method)
    .map((call) => call.body as Json)
    .filter((body) => body.billId === key || body.orderNo === key || (body.orderNos as string[] | undefined)?.includes(key));
}

/** A success answer: the whole envelope, for a request in one of the states the channel's speed allows. */
function assertAnswer(
  response: { status: number; body: Json },
  expected: { kind: string; amount: string; tax: string; total: string },
  states: Record<string, string | readonly string[]>,
): { redFlushId: string; state: string } {
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assertValid('RedFlushAnswer', response.body);
  const data = response.body.data as Json;
  const state = data.state as string;
  assert.ok(state in states, `state ${state} is one of ${Object.keys(states).join(', ')}`);
  const labels: Record<string, string> = {
    accepted: '已受理',
    submitted: '已提交渠道',
    awaiting_confirmation: '待对方确认',
    issued: '已开具',
  };
  const messages = [states[state] ?? []].flat();
  assert.ok(messages.includes(data.msg as string), `${String(data.msg)} is one of ${messages.join(' | ')}`);
  assert.deepEqual(response.body, {
    code: '200',
    success: true,
    data: { msg: data.msg, redFlushId: data.redFlushId, state, stateLabel: labels[state], ...expected },
    msg: '操作成功',
  });
  return { redFlushId: data.redFlushId as string, state };
}

const ISSUED_MSG = '同步红字发票信息成功，请至发票查询页面打印发票';
const FORM_APPLIED = '红字确认单申请成功，等待税局处理';
const FORM_NO_CONFIRMATION = '红字确认单申请成功（01 无需确认），等待渠道开具红字发票';
const DIRECT_ASKED = '红字发票开具申请成功，等待渠道开具红字发票';
const NOT_YET = '红冲申请已提交渠道，等待渠道结果';

async function storedRed(invoiceNumber: string) {
  return loop.app.db
    .selectFrom('invoices')
    .select(['id', 'order_no', 'invoice_total_price_tax', 'red_flush_status', 'original_invoice_number'])
    .where('invoice_number', '=', invoiceNumber)
    .executeTakeFirstOrThrow();
}

async function blueFigures(blue: Json) {
  const row = await loop.app.db
    .selectFrom('invoices')
    .select(['id', 'red_flush_status', 'red_flushed_total'])
    .where('invoice_number', '=', blue.invoiceNumber as string)
    .executeTakeFirstOrThrow();
  const response = await loop.app.http().get(`/api/openapi/v2/invoices/${row.id}`).set('accessToken', loop.token.accessToken);
  assert.equal(response.status, 200);
  const redFlush = response.body.value.redFlush as Json;
  return { status: row.red_flush_status, remaining: redFlush.remaining, held: redFlush.heldByOpenRequests, reds: redFlush.reds as Json[] };
}

/** The issued request's red invoice is the one the simulator pushed for it, linked both ways, counted once. */
async function assertIssued(view: RedFlushView, orderNo: string) {
  // The request is issued inside the push's transaction, before the simulator has read fapiao-hub's answer to it.
  await loop.sim.state.settled();
  const invoice = loop.sim.state.invoices.get(orderNo);
  assert.equal(invoice?.push.status, 'pushed', JSON.stringify(invoice?.push));
  assert.equal(view.redInvoice?.invoiceNumber, invoice?.invoiceNumber);
  assert.equal(view.request.redInvoiceId, view.redInvoice?.id);
  const red = await storedRed(invoice?.invoiceNumber as string);
  assert.deepEqual([red.order_no, red.red_flush_status], [orderNo, 'linked']);
  const last = view.events.at(-1);
  assert.ok(
    view.events.some((event) => event.toState === 'issued' && event.fromState !== 'issued'),
    JSON.stringify(view.events),
  );
  assert.equal(last?.toState, 'issued');
}

test('when the seed’s example body asks for a 数电 red flush, then the form is applied for, the red invoice pushed back closes the request, and nothing is left', async () => {
  const blue = await loop.pushBlue({ invoiceTypeCode: '01' });
  loop.sim.state.settings.holdApplying = true;
  // Seed 000's example, as it sends it (its spelling, its undocumented fields), naming this invoice.
  const response = await loop.redFlush({
    channelCode: loop.channel,
    reason: '2',
    invoiceTypeCode: 'FullDigitalSpecial',
    invoiceSpecial: '00',
    cpyType: '1',
    isSeller: '00000001000',
    reqMemo: '0',
    invoiceType: '82',
    sellerTaxno: SELLER,
    invoiceCode: '',
    invoiceNumber: blue.invoiceNumber,
    plx: 'QD',
    appid: '8151bbc4-7d52-4023-0000',
  });
  const { redFlushId: id } = assertAnswer(
    response,
    { kind: 'full', amount: '100.00', tax: '6.00', total: '106.00' },
    { submitted: FORM_APPLIED },
  );

  // What the channel got: one form, our id as billId, the 数电 number, no rows (the whole invoice), our order number.
  const orderNo = channelOrderNo(id);
  assert.match(orderNo, /^[0-9A-Z]{20}$/);
  const applied = simCalls('saveInvoiceRedConfirm', id);
  assert.equal(applied.length, 1);
  assert.deepEqual(
    { ...applied[0] },
    {
      billId: id,
      blueInvoiceLine: 'bs',
      applySource: '0',
      blueElecInvoiceNumber: blue.invoiceNumber,
      sellerTaxNo: SELLER,
      sellerName: blue.sellerName,
      buyerTaxNo: blue.buyerTaxNo,
      buyerName: blue.buyerName,
      redReason: '2',
      orderNo,
    },
  );
  assert.equal(loop.sim.state.forms.get(id)?.state, '15');

  // The bureau decides (01 无需确认): the channel issues the red invoice and pushes it.
  assert.equal((await settle(id, { confirmation: 'none' })).status, 200);
  const view = await loop.until(id, 'issued');
  await assertIssued(view, orderNo);
  assert.deepEqual(view.figures, { totalPriceTax: '106.00', redFlushedTotal: '106.00', heldByOpenRequests: '0', remaining: '0.00' });
  assert.deepEqual(view.form, { billId: id, state: view.form?.state });
  assert.deepEqual(
    view.events.slice(0, 2).map(({ fromState, toState, source }) => [fromState, toState, source]),
    [
      [null, 'accepted', 'api'],
      ['accepted', 'submitted', 'job'],
    ],
  );
  assert.equal(view.events[1]?.detail.orderNo, orderNo);
  const issuedBy = view.events.find((event) => event.toState === 'issued' && event.fromState !== 'issued');
  assert.deepEqual([issuedBy?.source, issuedBy?.detail.matchedBy], ['push', 'orderNo']);
  assert.deepEqual(
    { method: view.channelCalls[0]?.method, outcome: view.channelCalls[0]?.outcome, answerCode: view.channelCalls[0]?.answerCode },
    { method: 'nuonuo.OpeMplatform.saveInvoiceRedConfirm', outcome: 'ok', answerCode: 'E0000' },
  );
  assert.ok(view.channelCalls.slice(1).every((call) => call.method === 'nuonuo.OpeMplatform.queryInvoiceRedConfirm'));
  const figures = await blueFigures(blue);
  assert.deepEqual([figures.status, figures.remaining, figures.held, figures.reds.length], ['full', '0.00', '0', 1]);

  // The calls are stored whole, with the bodies, never a secret.
  const { rows } = await sql<{ request: Json; response: Json; reference: string; operation: string }>`
    select request, response, reference, operation from channel_calls where request_id = ${id} order by id`.execute(loop.app.db);
  assert.deepEqual(rows[0]?.request, applied[0]);
  assert.equal(rows[0]?.operation, 'applyRedConfirm');
  assert.match(rows[0]?.reference ?? '', /^[0-9a-zA-Z]{32}$/);
  const stored = JSON.stringify(rows);
  for (const secret of ['loop-secret-5e6f', 'loop-token-7a8b']) assert.ok(!stored.includes(secret), 'no secret in the calls');

  // Asking again: nothing is left.
  const again = await loop.redFlush(redFlushBody(loop, blue));
  assert.equal(again.status, 400);
  assert.equal(again.body.data.reason, 'insufficient_remaining');
});

test('when a partial red flush names a discounted row, then its rows go to the channel net of the discount; a full one then sends the rows of what is left', async () => {
  const blue = await loop.pushBlue({
    invoiceAmount: '100.00',
    invoiceTaxAmount: '6.00',
    invoiceTotalPriceTax: '106.00',
    details: [
      buildDetail({
        detailRowNo: '1',
        billNumber: '1',
        goodsCost: '60.00',
        goodsVat: '3.60',
        goodsNum: '3',
        goodsPrice: '20',
        taxTaxonomyCode: GOODS_CODE,
      }),
      buildDetail({
        detailRowNo: '2',
        billNumber: '2',
        goodsCost: '50.00',
        goodsVat: '3.00',
        goodsNum: '1',
        goodsPrice: '50',
        invRowType: 2,
        taxTaxonomyCode: GOODS_CODE,
      }),
      buildDetail({
        detailRowNo: '3',
        billNumber: '3',
        goodsCost: '-10.00',
        goodsVat: '-0.60',
        goodsNum: undefined,
        goodsPrice: undefined,
        invRowType: 1,
        taxTaxonomyCode: GOODS_CODE,
      }),
    ],
  });
  const partial = await loop.redFlush(redFlushBody(loop, blue, { reason: 4, details: [{ detailRowNo: '2', amount: '40.00' }] }));
  const first = assertAnswer(
    partial,
    { kind: 'partial', amount: '40.00', tax: '2.40', total: '42.40' },
    { submitted: [FORM_APPLIED, FORM_NO_CONFIRMATION], issued: ISSUED_MSG },
  );
  const firstView = await loop.until(first.redFlushId, 'issued');
  await assertIssued(firstView, channelOrderNo(first.redFlushId));
  const [form] = simCalls('saveInvoiceRedConfirm', first.redFlushId);
  assert.deepEqual(form?.detail, [
    {
      blueDetailIndex: '2',
      goodsName: '*信息技术服务*软件开发服务',
      unit: '次',
      taxExcludedAmount: '-40.00',
      taxAmount: '-2.40',
      taxRate: '0.06',
      goodsCode: GOODS_CODE,
    },
  ]);
  assert.deepEqual((await blueFigures(blue)).remaining, '63.60');

  // The rest, without rows asked: the channel needs the rows of what is left (row 1; row 2 is reversed in full).
  const full = await loop.redFlush(redFlushBody(loop, blue));
  const second = assertAnswer(
    full,
    { kind: 'full', amount: '60.00', tax: '3.60', total: '63.60' },
    { submitted: [FORM_APPLIED, FORM_NO_CONFIRMATION], issued: ISSUED_MSG },
  );
  const view = await loop.until(second.redFlushId, 'issued');
  await assertIssued(view, channelOrderNo(second.redFlushId));
  const [rest] = simCalls('saveInvoiceRedConfirm', second.redFlushId);
  assert.deepEqual(rest?.detail, [
    {
      blueDetailIndex: '1',
      goodsName: '*信息技术服务*软件开发服务',
      unit: '次',
      taxExcludedAmount: '-60.00',
      taxAmount: '-3.60',
      taxRate: '0.06',
      goodsCode: GOODS_CODE,
    },
  ]);
  assert.deepEqual(
    view.rows.map((row) => [row.detailRowNo, row.amount, row.tax]),
    [['1', '-60.00', '-3.60']],
  );
  const figures = await blueFigures(blue);
  assert.deepEqual([figures.status, figures.remaining, figures.held, figures.reds.length], ['full', '0.00', '0', 2]);
});

test('when the invoice is a tax-control ordinary one (026, 007), then the red invoice is asked for directly by a 20-character order number and closes the request when pushed', async () => {
  for (const invoiceTypeCode of ['026', '007']) {
    const blue = await loop.pushBlue({ invoiceTypeCode, invoiceCode: '011002100111', invoiceNumber: uniqueNumber() });
    const response = await loop.redFlush(redFlushBody(loop, blue));
    const { redFlushId: id } = assertAnswer(
      response,
      { kind: 'full', amount: '100.00', tax: '6.00', total: '106.00' },
      { submitted: DIRECT_ASKED, issued: ISSUED_MSG },
    );
    const orderNo = channelOrderNo(id);
    const view = await loop.until(id, 'issued');
    await assertIssued(view, orderNo);
    assert.deepEqual(simCalls('fastInvoiceRed', orderNo), [
      {
        orderNo,
        taxNum: SELLER,
        invoiceNumber: blue.invoiceNumber,
        invoiceCode: '011002100111',
        invoiceLine: invoiceTypeCode === '026' ? 'p' : 'c',
      },
    ]);
    assert.deepEqual(simCalls('saveInvoiceRedConfirm', id), []);
    assert.equal(view.form, null);
    assert.equal((await blueFigures(blue)).remaining, '0.00');
  }
});

test('when a tax-control ordinary invoice is asked for in part, then it is refused before the channel is asked (fastInvoiceRed reverses whole invoices)', async () => {
  const blue = await loop.pushBlue({ invoiceTypeCode: '026', invoiceCode: '011002100111', invoiceNumber: uniqueNumber() });
  const response = await loop.redFlush(redFlushBody(loop, blue, { details: [{ detailRowNo: '1', amount: '30.00' }] }));
  assert.equal(response.status, 400, JSON.stringify(response.body));
  assertValid('RedFlushRefusal', response.body);
  const why = '税控发票（026）只能全额红冲整张发票，不能按明细部分红冲；全额红冲请不传此字段';
  assert.deepEqual(response.body, {
    code: '400',
    success: false,
    data: { reason: 'whole_invoice_only', errors: [{ field: 'details', label: '部分红冲明细', message: why }] },
    msg: `发票号码：${blue.invoiceNumber} 部分红冲明细(details)：${why}`,
  });
  assert.deepEqual(
    loop.sim.state.callsOf('fastInvoiceRed').filter((call) => (call.body as Json).invoiceNumber === blue.invoiceNumber),
    [],
  );
  assert.equal((await blueFigures(blue)).remaining, '106.00');
});

test('when a row’s 税收分类编码 is not one Nuonuo takes, then the request fails saying so in Chinese, naming the row as the invoice does', async () => {
  const blue = await loop.pushBlue({ details: [buildDetail({ detailRowNo: '7', taxTaxonomyCode: '304-02-01' })] });
  const response = await loop.redFlush(redFlushBody(loop, blue, { details: [{ detailRowNo: '7', amount: '30.00' }] }));
  assert.equal(response.status, 502, JSON.stringify(response.body));
  assertValid('RedFlushRefusal', response.body);
  const id = response.body.data.redFlushId as string;
  const why = '渠道接口不接受这张发票的数据：第 7 行的税收分类编码 304-02-01 不是 19 位以内的数字，未提交渠道';
  assert.deepEqual(response.body, {
    code: '502',
    success: false,
    data: {
      reason: 'failed',
      redFlushId: id,
      state: 'failed',
      stateLabel: '失败',
      kind: 'partial',
      amount: '30.00',
      tax: '1.80',
      total: '31.80',
      channelCode: null,
      channelMessage: why,
      formState: null,
    },
    msg: `发票号码：${blue.invoiceNumber} 红冲失败：${why}`,
  });
  assert.deepEqual(simCalls('saveInvoiceRedConfirm', id), []);
  assert.equal((await blueFigures(blue)).remaining, '106.00');
});

test('when the channel refuses, then the answer says so in its words, the request ends refused, its amount is free, and a new request goes through', async () => {
  const blue = await loop.pushBlue();
  loop.sim.state.addFault({
    method: 'saveInvoiceRedConfirm',
    kind: 'refuse',
    code: 'E9103',
    message: '红字确认单状态异常，请在红字确认单菜单人工处理！',
  });
  const response = await loop.redFlush(redFlushBody(loop, blue));
  assert.equal(response.status, 400, JSON.stringify(response.body));
  assertValid('RedFlushRefusal', response.body);
  const id = response.body.data.redFlushId as string;
  assert.deepEqual(response.body, {
    code: '400',
    success: false,
    data: {
      reason: 'channel_refused',
      redFlushId: id,
      state: 'refused',
      stateLabel: '渠道拒绝',
      kind: 'full',
      amount: '100.00',
      tax: '6.00',
      total: '106.00',
      channelCode: 'E9103',
      channelMessage: '红字确认单状态异常，请在红字确认单菜单人工处理！',
      formState: null,
    },
    msg: `发票号码：${blue.invoiceNumber} 渠道拒绝：红字确认单状态异常，请在红字确认单菜单人工处理！`,
  });
  const view = await loop.view(id);
  assert.deepEqual(
    view.events.map(({ fromState, toState, source }) => [fromState, toState, source]),
    [
      [null, 'accepted', 'api'],
      ['accepted', 'submitted', 'job'],
      ['submitted', 'refused', 'job'],
    ],
  );
  assert.deepEqual(view.events[2]?.detail, { code: 'E9103', message: '红字确认单状态异常，请在红字确认单菜单人工处理！' });
  assert.deepEqual(view.figures.remaining, '106.00');
  assert.deepEqual(view.lastAnswer && [view.lastAnswer.code, view.lastAnswer.message], [
    'E9103',
    '红字确认单状态异常，请在红字确认单菜单人工处理！',
  ]);

  const retry = await loop.redFlush(redFlushBody(loop, blue));
  const { redFlushId } = assertAnswer(
    retry,
    { kind: 'full', amount: '100.00', tax: '6.00', total: '106.00' },
    { submitted: [FORM_APPLIED, FORM_NO_CONFIRMATION], issued: ISSUED_MSG },
  );
  await assertIssued(await loop.until(redFlushId, 'issued'), channelOrderNo(redFlushId));
});

test('when the channel times out after making the form, then the next attempt finds it by billId and never applies again: one form', async () => {
  const blue = await loop.pushBlue();
  loop.sim.state.settings.holdApplying = true;
  loop.sim.state.addFault({ method: 'saveInvoiceRedConfirm', kind: 'timeout', process: true });
  const quick = await loop.server(0);
  const response = await loop.redFlush(redFlushBody(loop, blue), quick);
  const { redFlushId: id } = assertAnswer(
    response,
    { kind: 'full', amount: '100.00', tax: '6.00', total: '106.00' },
    { accepted: '红冲申请已受理，等待提交渠道' },
  );
  await loop.waitFor('the form is found after the timeout', async () => (await loop.view(id)).form?.state === '15');
  assert.equal((await settle(id)).status, 200);
  const view = await loop.until(id, 'issued');
  await assertIssued(view, channelOrderNo(id));
  assert.equal(simCalls('saveInvoiceRedConfirm', id).length, 1, 'applied once');
  assert.equal(loop.sim.state.forms.has(id), true);
  assert.deepEqual(
    view.channelCalls.slice(0, 2).map((call) => [call.method, call.outcome]),
    [
      ['nuonuo.OpeMplatform.saveInvoiceRedConfirm', 'unknown'],
      ['nuonuo.OpeMplatform.queryInvoiceRedConfirm', 'ok'],
    ],
  );
});

test('when the channel times out without making the form, then the next attempt finds nothing and applies: still one form', async () => {
  const blue = await loop.pushBlue();
  loop.sim.state.addFault({ method: 'saveInvoiceRedConfirm', kind: 'timeout', process: false });
  const quick = await loop.server(0);
  const response = await loop.redFlush(redFlushBody(loop, blue), quick);
  const id = response.body.data.redFlushId as string;
  const view = await loop.until(id, 'issued');
  await assertIssued(view, channelOrderNo(id));
  assert.deepEqual(
    view.channelCalls.slice(0, 3).map((call) => [call.method, call.outcome]),
    [
      ['nuonuo.OpeMplatform.saveInvoiceRedConfirm', 'unknown'],
      ['nuonuo.OpeMplatform.queryInvoiceRedConfirm', 'ok'],
      ['nuonuo.OpeMplatform.saveInvoiceRedConfirm', 'ok'],
    ],
  );
  assert.equal(loop.sim.state.forms.get(id)?.billId, id);
  assert.equal([...loop.sim.state.forms.values()].filter((form) => form.blue.invoiceNumber === blue.invoiceNumber).length, 1);
});

test('when the channel answers E9106 (the billId is known), then the form is read back, never applied for twice', async () => {
  const blue = await loop.pushBlue();
  // The channel is down: the first attempt cannot send. Meanwhile a form with the request's billId appears at the channel.
  await loop.pointChannelAt(`http://127.0.0.1:${await closedPort()}`);
  const quick = await loop.server(0);
  const response = await loop.redFlush(redFlushBody(loop, blue), quick);
  const id = response.body.data.redFlushId as string;
  await loop.waitFor('a call found the channel down', async () =>
    (await loop.view(id)).channelCalls.some((call) => call.outcome === 'unavailable'),
  );
  // Held in 15 申请中: nothing is issued (and pushed) until the test settles it.
  loop.sim.state.settings.holdApplying = true;
  const elsewhere = await nuonuoAdapter({
    channelCode: loop.channel,
    endpoint: loop.sim.url,
    appKey: 'loop-app',
    appSecret: 'loop-secret-5e6f',
    accessToken: 'loop-token-7a8b',
    userTax: SELLER,
    connectTimeoutMs: 500,
    timeoutMs: 1500,
  }).applyRedConfirm({
    billId: id,
    blue: { invoiceTypeCode: '02', invoiceCode: '', invoiceNumber: blue.invoiceNumber as string },
    reason: '2',
    seller: { taxNo: SELLER, name: blue.sellerName as string },
    buyer: { taxNo: blue.buyerTaxNo as string, name: blue.buyerName as string },
    rows: null,
    orderNo: channelOrderNo(id),
  });
  assert.equal(elsewhere.outcome, 'ok');
  await loop.pointChannelAt(loop.sim.url);

  await loop.waitFor('the form is read back', async () => (await loop.view(id)).form?.state === '15');
  assert.equal((await settle(id)).status, 200);
  const view = await loop.until(id, 'issued');
  await assertIssued(view, channelOrderNo(id));
  const calls = view.channelCalls
    .filter((call) => call.outcome !== 'unavailable')
    .map((call) => [call.method, call.outcome, call.answerCode]);
  assert.deepEqual(calls.slice(0, 2), [
    ['nuonuo.OpeMplatform.saveInvoiceRedConfirm', 'duplicate', 'E9106'],
    ['nuonuo.OpeMplatform.queryInvoiceRedConfirm', 'ok', '0000'],
  ]);
  assert.equal(calls.filter((call) => call[0] === 'nuonuo.OpeMplatform.saveInvoiceRedConfirm').length, 1);
  assert.equal(simCalls('saveInvoiceRedConfirm', id).length, 2, 'the one made elsewhere and ours, refused as a duplicate');
});

test('when the channel is down, then the answer is submitted, the call is retried with backoff, and once it is up the form is made once', async () => {
  const blue = await loop.pushBlue();
  await loop.pointChannelAt(`http://127.0.0.1:${await closedPort()}`);
  const slowAnswer = await loop.server(1500);
  const response = await loop.redFlush(redFlushBody(loop, blue), slowAnswer);
  const { redFlushId: id } = assertAnswer(
    response,
    { kind: 'full', amount: '100.00', tax: '6.00', total: '106.00' },
    { submitted: NOT_YET, accepted: '红冲申请已受理，等待提交渠道' },
  );
  await loop.waitFor(
    'two attempts found the channel down',
    async () => (await loop.view(id)).channelCalls.filter((call) => call.outcome === 'unavailable').length >= 2,
  );
  await loop.pointChannelAt(loop.sim.url);
  const view = await loop.until(id, 'issued');
  await assertIssued(view, channelOrderNo(id));
  const applies = view.channelCalls.filter((call) => call.method.endsWith('saveInvoiceRedConfirm'));
  assert.ok(applies.slice(0, -1).every((call) => call.outcome === 'unavailable' && call.answerCode === null));
  assert.equal(applies.at(-1)?.outcome, 'ok');
  assert.equal(simCalls('saveInvoiceRedConfirm', id).length, 1);
});

test('when the red invoice is pushed before the channel answers, then the request is issued by the push and the late answer does not move it back', async () => {
  const blue = await loop.pushBlue();
  // The channel makes the form, the bureau needs no confirmation, the red invoice is issued and pushed: all while our call waits for an answer that never comes.
  loop.sim.state.addFault({ method: 'saveInvoiceRedConfirm', kind: 'timeout', process: true });
  const quick = await loop.server(0);
  const response = await loop.redFlush(redFlushBody(loop, blue), quick);
  const id = response.body.data.redFlushId as string;
  await loop.waitFor('the call timed out', async () => (await loop.view(id)).channelCalls[0]?.outcome === 'unknown');
  await loop.waitFor('the call job is done', async () => {
    const { rows } = await sql<{
      state: string;
    }>`select state from pgboss.job where name = 'red-flush-call' and singleton_key = ${id}`.execute(loop.app.db);
    return rows.length > 0 && rows.every((row) => row.state === 'completed');
  });
  const view = await loop.view(id);
  assert.equal(view.request.state, 'issued');
  await assertIssued(view, channelOrderNo(id));
  const [apply] = view.channelCalls;
  assert.deepEqual([apply?.method, apply?.outcome], ['nuonuo.OpeMplatform.saveInvoiceRedConfirm', 'unknown']);
  assert.deepEqual(
    view.events.map(({ fromState, toState, source }) => [fromState, toState, source]),
    [
      [null, 'accepted', 'api'],
      ['accepted', 'submitted', 'job'],
      ['submitted', 'issued', 'push'],
    ],
  );
  const issued = view.events[2];
  assert.ok((issued?.at ?? 0) <= (apply?.startedAt ?? 0) + (apply?.durationMs ?? 0), 'the push came while the call was unanswered');
  assert.equal(simCalls('saveInvoiceRedConfirm', id).length, 1);
});

test('when the buyer must confirm, then the request waits for it; once the buyer confirms, the red invoice is pushed and the request is issued', async () => {
  const blue = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER });
  const response = await loop.redFlush(redFlushBody(loop, blue));
  const { redFlushId: id } = assertAnswer(
    response,
    { kind: 'full', amount: '100.00', tax: '6.00', total: '106.00' },
    { submitted: FORM_APPLIED, awaiting_confirmation: '红字确认单申请成功，等待购方确认（02 销方录入待购方确认）' },
  );
  const waiting = await loop.until(id, 'awaiting_confirmation');
  assert.deepEqual(waiting.form, { billId: id, state: '02' });
  assert.equal(waiting.figures.heldByOpenRequests, '106.00');
  assert.equal(loop.sim.state.invoices.has(channelOrderNo(id)), false);

  assert.equal((await control(`forms/${id}/confirm`)).status, 200);
  const view = await loop.until(id, 'issued');
  await assertIssued(view, channelOrderNo(id));
  assert.deepEqual(view.figures.remaining, '0.00');
});

test('when the bureau fails the form (16) or the buyer rejects it (05), then the request ends refused or cancelled with the reason, and frees its amount', async () => {
  const failing = await loop.pushBlue({ buyerTaxNo: FAILING_BUYER });
  const failed = await loop.redFlush(redFlushBody(loop, failing));
  const failedId = failed.body.data.redFlushId as string;
  const refused = await loop.until(failedId, 'refused');
  assert.deepEqual([refused.form?.state, refused.lastAnswer?.message, refused.figures.remaining], ['16', '模拟申请失败', '106.00']);

  const rejected = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER });
  const asked = await loop.redFlush(redFlushBody(loop, rejected));
  const id = asked.body.data.redFlushId as string;
  await loop.until(id, 'awaiting_confirmation');
  assert.equal((await control(`forms/${id}/reject`)).status, 200);
  const cancelled = await loop.until(id, 'cancelled');
  assert.deepEqual([cancelled.form?.state, cancelled.lastAnswer?.message, cancelled.figures.remaining], ['05', '购方否认', '106.00']);
  const ended = cancelled.events.at(-1);
  assert.deepEqual(
    [ended?.fromState, ended?.toState, ended?.source, ended?.detail.formState],
    ['awaiting_confirmation', 'cancelled', 'poll', '05'],
  );

  // An Idempotency-Key-less replay is a new request; the view of the ended one answers as it ended.
  const again = await loop.redFlush(redFlushBody(loop, rejected));
  assert.equal(again.status, 200, JSON.stringify(again.body));
});

/** A red invoice of `blue`, made as the channel or another system would push it. */
function redOf(blue: Record<string, unknown>, number: string, figures: { total: string; amount: string; tax: string }, orderNo?: string) {
  return {
    ...blue,
    invoiceType: 1,
    invoiceNumber: number,
    originalInvoiceCode: '',
    originalInvoiceNumber: blue.invoiceNumber,
    invoiceAmount: figures.amount,
    invoiceTaxAmount: figures.tax,
    invoiceTotalPriceTax: figures.total,
    ...(orderNo !== undefined && { orderNo }),
    details: [buildDetail({ goodsCost: figures.amount, goodsVat: figures.tax, goodsNum: undefined, goodsPrice: undefined })],
  };
}

async function pushRed(invoice: Record<string, unknown>): Promise<void> {
  const pushed = await loop.app.push(
    { channelCode: loop.channel, serialNo: `SN-${uniqueNumber()}`, result: 0, data: [invoice] },
    loop.token.accessToken,
  );
  assert.equal(pushed.status, 200, JSON.stringify(pushed.body));
}

const FIFTY = { total: '-53.00', amount: '-50.00', tax: '-3.00' };

test('when a red invoice made elsewhere arrives with the total of a request whose form waits for the buyer (02), then it closes nothing and counts beside the request', async () => {
  const blue = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER });
  const asked = await loop.redFlush(redFlushBody(loop, blue, { details: [{ detailRowNo: '1', amount: '50.00' }] }));
  const id = asked.body.data.redFlushId as string;
  await loop.until(id, 'awaiting_confirmation');
  // No order number, the request's total: a form still waiting cannot have produced it (a red invoice is issued in 01 or 04).
  await pushRed(redOf(blue, `${String(blue.invoiceNumber).slice(0, 17)}903`, FIFTY));
  const view = await loop.view(id);
  assert.deepEqual([view.request.state, view.request.redInvoiceId, view.form?.state], ['awaiting_confirmation', null, '02']);
  assert.equal(view.events.filter((event) => event.source === 'push').length, 0);
  // Both count: what is left errs low until the request ends (or its poll finds this is its red invoice).
  assert.deepEqual(view.figures, { totalPriceTax: '106.00', redFlushedTotal: '53.00', heldByOpenRequests: '53.00', remaining: '0.00' });
  const { rows } = await sql<{ state: string; red_invoice_id: string | null }>`
    select state, red_invoice_id::text from red_confirm_forms where request_id = ${id}`.execute(loop.app.db);
  assert.deepEqual(rows, [{ state: '02', red_invoice_id: null }]);
});

test('when a red invoice with no order number arrives with the total of a request whose form needs no confirmation (01), then it closes that request; one naming another order number does not', async () => {
  // The channel does not issue the red invoice itself here: the form stays 01 until a red invoice comes.
  loop.sim.state.settings.autoIssue = false;
  try {
    const blue = await loop.pushBlue();
    const asked = await loop.redFlush(redFlushBody(loop, blue, { details: [{ detailRowNo: '1', amount: '50.00' }] }));
    const id = asked.body.data.redFlushId as string;
    await loop.waitFor('the form is 01', async () => (await loop.view(id)).form?.state === '01');
    const number = (suffix: string) => `${String(blue.invoiceNumber).slice(0, 17)}${suffix}`;
    await pushRed(redOf(blue, number('904'), FIFTY, 'ELSEWHERE-0001'));
    const before = await loop.view(id);
    assert.deepEqual([before.request.state, before.request.redInvoiceId], ['submitted', null]);
    await pushRed(redOf(blue, number('902'), FIFTY));
    const view = await loop.until(id, 'issued');
    assert.equal(view.redInvoice?.invoiceNumber, number('902'));
    const issued = view.events.find((event) => event.toState === 'issued' && event.fromState !== 'issued');
    assert.deepEqual([issued?.source, issued?.detail.matchedBy], ['push', 'total']);
    assert.deepEqual(view.figures, { totalPriceTax: '106.00', redFlushedTotal: '106.00', heldByOpenRequests: '0', remaining: '0.00' });
    const { rows } = await sql<{ state: string; red_invoice_number: string | null }>`
      select state, red_invoice_number from red_confirm_forms where request_id = ${id}`.execute(loop.app.db);
    assert.deepEqual(rows, [{ state: '01', red_invoice_number: number('902') }]);
  } finally {
    loop.sim.state.settings.autoIssue = true;
  }
});

test('when the channel has no adapter, then the request fails at once with how to configure it', async () => {
  const blue = await loop.pushBlue();
  // The same invoice number, stored for a channel that only pushes.
  const pushed = await loop.app.push(
    {
      channelCode: 'push-only',
      serialNo: `SN-${uniqueNumber()}`,
      result: 0,
      data: [{ ...blue, invoiceNumber: `${String(blue.invoiceNumber).slice(0, 17)}777` }],
    },
    loop.token.accessToken,
  );
  assert.equal(pushed.status, 200);
  const response = await loop.redFlush(
    redFlushBody(loop, { ...blue, invoiceNumber: `${String(blue.invoiceNumber).slice(0, 17)}777` }, { channelCode: 'push-only' }),
  );
  assert.equal(response.status, 502, JSON.stringify(response.body));
  assert.equal(response.body.data.reason, 'failed');
  assert.equal(
    response.body.msg,
    `发票号码：${String(blue.invoiceNumber).slice(0, 17)}777 红冲失败：渠道 push-only 没有配置开票接口（channel set push-only --adapter …），无法提交`,
  );
});

test('when a batch is asked, then its accepted items wait together for their channels, and each answers as it is then', async () => {
  const blue = await loop.pushBlue();
  const pushOnly = { ...(await loop.pushBlue()), invoiceNumber: undefined };
  const pushOnlyNumber = `${String(blue.invoiceNumber).slice(0, 17)}888`;
  const pushed = await loop.app.push(
    { channelCode: 'push-only', serialNo: `SN-${uniqueNumber()}`, result: 0, data: [{ ...pushOnly, invoiceNumber: pushOnlyNumber }] },
    loop.token.accessToken,
  );
  assert.equal(pushed.status, 200);
  const response = await supertest(loop.app.url)
    .post(`/api/openapi/v2/invoicing/redPunchBatch?accessToken=${encodeURIComponent(loop.token.accessToken)}`)
    .set('Content-Type', 'application/json')
    .send(
      JSON.stringify({
        items: [
          redFlushBody(loop, blue),
          redFlushBody(loop, { ...blue, invoiceNumber: pushOnlyNumber }, { channelCode: 'push-only' }),
          redFlushBody(loop, { ...blue, invoiceNumber: `${String(blue.invoiceNumber).slice(0, 17)}999` }),
        ],
      }),
    );
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assertValid('RedFlushBatchAnswer', response.body);
  const [sent, failed, unknown] = response.body.data.items as { code: string; success: boolean; data: Json }[];
  assert.ok(sent && failed && unknown);
  assert.ok(sent.success && ['submitted', 'issued'].includes(sent.data.state as string), JSON.stringify(sent));
  assert.deepEqual([failed.code, failed.data.reason, failed.data.state], ['502', 'failed', 'failed']);
  assert.deepEqual([unknown.code, unknown.data.reason], ['404', 'invoice_not_found']);
  assert.deepEqual([response.body.data.accepted, response.body.data.refused, response.body.msg], [1, 2, '操作成功：受理 1 张，拒绝 2 张']);
  const id = sent.data.redFlushId as string;
  await assertIssued(await loop.until(id, 'issued'), channelOrderNo(id));
});

test('when requests went through the channel, then the metrics show them by state, and the calls by method and outcome with their latency', async () => {
  const response = await loop.app.http().get('/metrics').set('Authorization', 'Bearer loop-metrics-token-0123456789');
  assert.equal(response.status, 200);
  const text = response.text;
  const channel = loop.channel;
  for (const line of [
    `fapiao_channel_calls_total{channel="${channel}",method="nuonuo.OpeMplatform.saveInvoiceRedConfirm",outcome="ok"}`,
    `fapiao_channel_calls_total{channel="${channel}",method="nuonuo.OpeMplatform.saveInvoiceRedConfirm",outcome="refused"}`,
    `fapiao_channel_calls_total{channel="${channel}",method="nuonuo.OpeMplatform.saveInvoiceRedConfirm",outcome="unknown"}`,
    `fapiao_channel_calls_total{channel="${channel}",method="nuonuo.OpeMplatform.saveInvoiceRedConfirm",outcome="unavailable"}`,
    `fapiao_channel_calls_total{channel="${channel}",method="nuonuo.OpeMplatform.saveInvoiceRedConfirm",outcome="duplicate"}`,
    `fapiao_channel_calls_total{channel="${channel}",method="nuonuo.OpeMplatform.queryInvoiceRedConfirm",outcome="ok"}`,
    `fapiao_channel_calls_total{channel="${channel}",method="nuonuo.OpeMplatform.fastInvoiceRed",outcome="ok"}`,
    `fapiao_channel_call_duration_seconds_count{channel="${channel}",method="nuonuo.OpeMplatform.saveInvoiceRedConfirm"}`,
  ]) {
    assert.match(text, new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} [1-9]`, 'm'), line);
  }
  const states = Object.fromEntries(
    [...text.matchAll(/^fapiao_red_flush_requests\{state="(\w+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]),
  );
  const { rows } = await sql<{
    state: string;
    count: number;
  }>`select state, count(*)::int as count from red_flush_requests group by state`.execute(loop.app.db);
  assert.deepEqual(states, Object.fromEntries(rows.map((row) => [row.state, row.count])));
  assert.ok((states.issued ?? 0) > 0 && (states.refused ?? 0) > 0 && (states.failed ?? 0) > 0, JSON.stringify(states));
});
