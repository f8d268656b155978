/**
 * The whole loop with real HTTP both ways: the Nuonuo adapter applies to
 * the channel simulator for a red confirmation form; the simulator plays
 * the bureau and the buyer, "issues" the red invoice and pushes it to a
 * running fapiao-hub with an app of its own (scopes push and read), as a
 * channel does; fapiao-hub stores it and links it to its blue invoice.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, test } from 'node:test';
import { type Simulator, startSimulator } from '../simulator/simulator.ts';
import type { ChannelAdapter } from '../src/channels/adapter.ts';
import { loadAdapter } from '../src/channels/adapters.ts';
import { setChannel } from '../src/channels/channels.service.ts';
import { get, okValue } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildDetail, buildInvoice, buildPush, type Json } from './helpers/builders.ts';

const CHANNEL = 'nuonuo-sim';
const SELLER = '91310000MA1FL0XX2Y';
const CREDENTIALS = { appKey: 'hub-test-app', appSecret: 'hub-test-secret-0c1d', accessToken: 'hub-test-token-9e8f' };
const CONFIRMING_BUYER = '91440101MA5APD8X8J';

let app: TestApp;
let pusher: TestToken;
let reader: TestToken;
let simulatorApp: TestToken;
let sim: Simulator;
let adapter: ChannelAdapter;
let sequence = 0;

before(async () => {
  app = await startTestApp();
  pusher = await app.token({ scopes: ['push'] });
  reader = await app.token({ scopes: ['read'] });
  simulatorApp = await app.token({ scopes: ['push', 'read'], channels: [CHANNEL] });
  sim = await startSimulator({
    ...CREDENTIALS,
    userTax: SELLER,
    channelCode: CHANNEL,
    hub: { url: app.url, appKey: simulatorApp.appKey, appSecurity: simulatorApp.appSecurity },
    settings: { buyers: { [CONFIRMING_BUYER]: 'required' } },
  });
  // As a job gets it: the channel's settings stored with their secrets encrypted, then loaded and decrypted.
  const secretsKey = randomBytes(32);
  const settings = { adapter: 'nuonuo', endpoint: sim.url, appKey: CREDENTIALS.appKey, userTax: SELLER };
  await setChannel(
    app.db,
    CHANNEL,
    { ...settings, appSecret: CREDENTIALS.appSecret, accessToken: CREDENTIALS.accessToken },
    () => secretsKey,
  );
  const loaded = await loadAdapter(app.db, CHANNEL, { secretsKey, connectTimeoutMs: 2000, timeoutMs: 10_000 });
  assert.ok(loaded);
  adapter = loaded;
});
afterEach(() => {
  assert.deepEqual(sim.state.failures, [], 'every call reached the simulator signed and authorised');
});
after(async () => {
  await sim?.close();
  await app?.close();
});

/** A stored 数电 blue invoice (20-digit number, no code) of our seller, pushed by the channel. */
async function pushBlue(overrides: Json = {}): Promise<Json> {
  sequence += 1;
  const blue = buildInvoice({
    invoiceTypeCode: '02',
    invoiceCode: '',
    invoiceNumber: `2631200000${String(process.pid % 1e5).padStart(5, '0')}${String(Date.now() % 1e3).padStart(3, '0')}${String(sequence).padStart(2, '0')}`,
    sellerTaxNo: SELLER,
    ...overrides,
  });
  const response = await app.push(buildPush({ channelCode: CHANNEL, data: [blue] }), pusher.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return blue;
}

function stored(invoiceNumber: string) {
  return app.db
    .selectFrom('invoices')
    .select([
      'id',
      'channel_code',
      'invoice_type',
      'invoice_type_code',
      'invoice_code',
      'invoice_number',
      'original_invoice_code',
      'original_invoice_number',
      'order_no',
      'invoice_amount',
      'invoice_tax_amount',
      'invoice_total_price_tax',
      'red_flush_status',
      'red_flushed_total',
      'red_flush_blue_id',
    ])
    .where('invoice_number', '=', invoiceNumber)
    .executeTakeFirstOrThrow();
}

function billId(): string {
  sequence += 1;
  return `RFHUB${process.pid % 1e5}N${sequence}`;
}

test('when a full red flush is applied for and needs no confirmation, then the simulator pushes the red invoice and fapiao-hub links it to its blue invoice', async () => {
  const blue = await pushBlue();
  const id = billId();
  const applied = await adapter.applyRedConfirm({
    billId: id,
    blue: { invoiceTypeCode: '02', invoiceCode: '', invoiceNumber: blue.invoiceNumber as string },
    reason: '2',
    seller: { taxNo: SELLER, name: blue.sellerName as string },
    buyer: { taxNo: blue.buyerTaxNo as string, name: blue.buyerName as string },
    rows: null,
  });
  assert.equal(applied.outcome, 'ok', JSON.stringify(applied));
  await sim.state.settled();

  const form = sim.state.forms.get(id);
  assert.deepEqual(
    form?.history.map((entry) => [entry.state, entry.by]),
    [
      ['15', 'apply'],
      ['01', 'bureau'],
    ],
  );
  const invoice = sim.state.invoices.get(id);
  assert.deepEqual(invoice?.push, { status: 'pushed', attempts: 1, httpStatus: 200, error: null });
  assert.match(String(invoice?.invoiceNumber), /^\d{20}$/);

  const red = await stored(invoice?.invoiceNumber as string);
  const blueRow = await stored(blue.invoiceNumber as string);
  assert.deepEqual(
    { ...red, id: undefined },
    {
      id: undefined,
      channel_code: CHANNEL,
      invoice_type: 1,
      invoice_type_code: '02',
      invoice_code: '',
      invoice_number: invoice?.invoiceNumber,
      // "" in an optional field means absent (the push's quirk normalisation): 数电 has no code.
      original_invoice_code: null,
      original_invoice_number: blue.invoiceNumber,
      order_no: id,
      invoice_amount: '-100.00',
      invoice_tax_amount: '-6.00',
      invoice_total_price_tax: '-106.00',
      red_flush_status: 'linked',
      red_flushed_total: null,
      red_flush_blue_id: blueRow.id,
    },
  );
  assert.deepEqual([blueRow.red_flush_status, blueRow.red_flushed_total], ['full', '106.00']);

  const view = await okValue<{ redFlush: Json; findings: Json[] }>(
    get(app, `/api/openapi/v2/invoices/${red.id}`, reader),
    'InvoiceViewResponse',
  );
  const blueView = await okValue<{ redFlush: { status: string; remaining: string; reds: Json[] }; findings: Json[] }>(
    get(app, `/api/openapi/v2/invoices/${blueRow.id}`, reader),
    'InvoiceViewResponse',
  );
  assert.deepEqual(
    view.findings.map((finding) => finding.code),
    blueView.findings.map((finding) => finding.code),
    'the red invoice as the simulator writes it adds no finding to those of the test taxpayer numbers',
  );
  assert.deepEqual(
    [blueView.redFlush.status, blueView.redFlush.remaining, blueView.redFlush.reds.map((r) => r.invoiceNumber)],
    ['full', '0.00', [invoice?.invoiceNumber]],
  );

  const query = await adapter.queryRedConfirm({ billId: id });
  assert.deepEqual(query.outcome === 'ok' && query.data?.redInvoice, {
    issued: true,
    serialNo: invoice?.serialNo,
    orderNo: id,
    invoiceNumber: invoice?.invoiceNumber,
  });
  assert.deepEqual(query.outcome === 'ok' && [query.data?.amount, query.data?.taxAmount], ['-100.00', '-6.00']);
});

test('when a partial red flush waits for the buyer, then nothing is issued until the buyer confirms; then the red invoice for those rows is pushed', async () => {
  const blue = await pushBlue({
    buyerTaxNo: CONFIRMING_BUYER,
    invoiceAmount: '100.00',
    invoiceTaxAmount: '6.00',
    invoiceTotalPriceTax: '106.00',
    details: [
      buildDetail({ detailRowNo: '1', billNumber: '1', goodsCost: '60.00', goodsVat: '3.60', goodsNum: '2', goodsPrice: '30' }),
      buildDetail({ detailRowNo: '2', billNumber: '2', goodsCost: '40.00', goodsVat: '2.40', goodsNum: '1', goodsPrice: '40' }),
    ],
  });
  const id = billId();
  const applied = await adapter.applyRedConfirm({
    billId: id,
    blue: { invoiceTypeCode: '02', invoiceCode: '', invoiceNumber: blue.invoiceNumber as string },
    reason: '1',
    seller: { taxNo: SELLER, name: blue.sellerName as string },
    buyer: { taxNo: CONFIRMING_BUYER, name: blue.buyerName as string },
    rows: [
      {
        blueRowNo: '1',
        goodsName: '*信息技术服务*软件开发服务',
        taxClassificationCode: '3040201000000000000',
        quantity: '-1',
        unitPrice: '30',
        amount: '-30.00',
        taxAmount: '-1.80',
        taxRate: '0.06',
      },
    ],
    orderNo: `O${id}`.slice(0, 20),
  });
  assert.equal(applied.outcome, 'ok', JSON.stringify(applied));
  await sim.state.settled();
  const waiting = await adapter.queryRedConfirm({ billId: id });
  assert.equal(waiting.outcome === 'ok' && waiting.data?.state, '02');
  assert.equal(sim.state.invoices.size > 0 && [...sim.state.invoices.values()].some((invoice) => invoice.billId === id), false);

  // The buyer confirms, through the simulator's HTTP controls.
  const confirmed = await fetch(`${sim.url}/_sim/forms/${id}/confirm`, { method: 'POST' });
  assert.equal(confirmed.status, 200);
  assert.equal(((await confirmed.json()) as Json).billStatus, '04');
  const settled = await fetch(`${sim.url}/_sim/settled`, { method: 'POST' });
  assert.deepEqual(await settled.json(), { settled: true });

  const invoice = sim.state.invoices.get(`O${id}`.slice(0, 20));
  assert.equal(invoice?.push.status, 'pushed', JSON.stringify(invoice?.push));
  const red = await stored(invoice?.invoiceNumber as string);
  assert.deepEqual(
    [red.order_no, red.invoice_amount, red.invoice_tax_amount, red.invoice_total_price_tax, red.red_flush_status],
    [`O${id}`.slice(0, 20), '-30.00', '-1.80', '-31.80', 'linked'],
  );
  const blueRow = await stored(blue.invoiceNumber as string);
  assert.deepEqual([blueRow.red_flush_status, blueRow.red_flushed_total], ['partial', '31.80']);
  const details = await app.db.selectFrom('invoice_details').selectAll().where('invoice_id', '=', red.id).orderBy('row_index').execute();
  assert.deepEqual(
    details.map((row) => [row.goods_num, row.goods_price, row.goods_cost, row.goods_vat, row.tax_rate, row.tax_taxonomy_code]),
    [['-1', '30', '-30.00', '-1.80', '0.06', '3040201000000000000']],
  );
});

test('when a buyer enters a form against our blue invoice and we confirm it, then the red invoice is pushed and linked', async () => {
  const blue = await pushBlue();
  const entered = await fetch(`${sim.url}/_sim/buyer-forms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ blueInvoiceNumber: blue.invoiceNumber, redReason: '4' }),
  });
  assert.equal(entered.status, 201);
  const form = (await entered.json()) as Json;
  assert.deepEqual(
    [form.billStatus, form.applySource, form.sellerTaxNo, form.taxExcludedAmount, form.taxAmount],
    ['03', '1', SELLER, '-100.00', '-6.00'],
  );

  const now = new Date(sim.state.now());
  const page = await adapter.queryRedConfirms({ from: now, to: now, state: '03' });
  assert.ok(page.outcome === 'ok' && page.data.forms.some((listed) => listed.billId === form.billId && listed.enteredBy === 'buyer'));
  const confirmed = await adapter.confirm({ billId: form.billId as string, agree: true });
  assert.equal(confirmed.outcome, 'ok', JSON.stringify(confirmed));
  await sim.state.settled();

  const invoice = sim.state.invoices.get(form.billId as string);
  assert.equal(invoice?.push.status, 'pushed', JSON.stringify(invoice?.push));
  const red = await stored(invoice?.invoiceNumber as string);
  assert.deepEqual(
    [red.original_invoice_number, red.invoice_total_price_tax, red.red_flush_status],
    [blue.invoiceNumber, '-106.00', 'linked'],
  );
});

test('when nobody confirms within 72 hours on the fast clock, then the form expires (07), nothing is pushed, and each state is called back to fapiao-hub, which takes it', async () => {
  const blue = await pushBlue({ buyerTaxNo: CONFIRMING_BUYER });
  sim.state.settings.callbacks = true;
  try {
    const id = billId();
    const applied = await adapter.applyRedConfirm({
      billId: id,
      blue: { invoiceTypeCode: '02', invoiceCode: '', invoiceNumber: blue.invoiceNumber as string },
      reason: '2',
      seller: { taxNo: SELLER, name: blue.sellerName as string },
      buyer: { taxNo: CONFIRMING_BUYER, name: blue.buyerName as string },
      rows: null,
    });
    assert.equal(applied.outcome, 'ok');
    await sim.state.settled();
    const clock = await fetch(`${sim.url}/_sim/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceHours: 73 }),
    });
    assert.equal(clock.status, 200);
    await sim.state.settled();
    const query = await adapter.queryRedConfirm({ billId: id });
    assert.deepEqual(query.outcome === 'ok' && [query.data?.state, query.data?.message, query.data?.redInvoice.issued], [
      '07',
      '超72小时未确认',
      false,
    ]);
    assert.equal(
      [...sim.state.invoices.values()].some((invoice) => invoice.billId === id),
      false,
    );
    const callbacks = sim.state.callbacks.filter((callback) => callback.key === id);
    assert.deepEqual(
      callbacks.map((callback) => [callback.operater, callback.url, callback.status, callback.error]),
      ['15', '02', '07'].map(() => ['redConfirmCallback', `${app.url}/api/callbacks/nuonuo/${CHANNEL}`, 200, null]),
    );
  } finally {
    sim.state.settings.callbacks = false;
  }
});

test('when the blue invoice is not in fapiao-hub, then the form fails (16) with the bureau’s reason and nothing is pushed', async () => {
  const id = billId();
  const applied = await adapter.applyRedConfirm({
    billId: id,
    blue: { invoiceTypeCode: '02', invoiceCode: '', invoiceNumber: '26312000009999999999' },
    reason: '2',
    seller: { taxNo: SELLER, name: '上海示例科技有限公司' },
    buyer: { taxNo: null, name: '北京文化产业有限公司' },
    rows: null,
  });
  assert.equal(applied.outcome, 'ok');
  await sim.state.settled();
  const query = await adapter.queryRedConfirm({ billId: id });
  assert.deepEqual(query.outcome === 'ok' && [query.data?.state, query.data?.message], ['16', '蓝字发票不存在']);
  assert.equal(sim.state.invoices.has(id), false);
});
